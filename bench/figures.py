"""How every benchmark reports: one `name=value` line per figure, notes after a `#`."""

from __future__ import annotations


def figure(name: str, value: float, note: str = "") -> None:
    print(f"{name}={value:.3f}" + (f"  # {note}" if note else ""), flush=True)


def note(text: str) -> None:
    """A progress or context line; starts with `#` so that figure parsers skip it."""
    print(f"# {text}", flush=True)
