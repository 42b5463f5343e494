"""How every benchmark reports: one `name=value` line per figure, notes after a `#`."""

from __future__ import annotations

# Every line printed in this run, for the report in docs/performance.md (bench/report.py).
PRINTED: list[str] = []


def _say(line: str) -> None:
    PRINTED.append(line)
    print(line, flush=True)


def figure(name: str, value: float, note: str = "") -> None:
    _say(f"{name}={value:.3f}" + (f"  # {note}" if note else ""))


def note(text: str) -> None:
    """A progress or context line; starts with `#` so that figure parsers skip it."""
    _say(f"# {text}")
