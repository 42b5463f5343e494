"""docs/performance.md keeps the latest run of each kind: this replaces one kind's block.

The block sits between `<!-- bench:KIND -->` and `<!-- /bench:KIND -->` and holds the run's
own output, the figures first as a table; everything outside the blocks is written by hand.
"""

from __future__ import annotations

import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

TARGETS = {
    "ingest_ratio": "≥ 0.30",
    "ingest_cost_growth": "≤ 1.3",
    "search_p95_ms": "≤ 50",
    "search_ratio": "≤ 2",
    "compose_seconds_100k": "≤ 60",
    "send_ratio": "≥ 0.95",
    "peak_rss_mb": "≤ 400",
    "ingest_model_full_per_s": "≥ 10",
    "ingest_model_headlines_per_s": "≥ 50",
}
_FIGURE = re.compile(r"^([a-z0-9_]+)=([0-9.]+)(?:\s+#\s*(.*))?$")


def block(kind: str, lines: list[str], when: datetime, commit: str) -> str:
    """The markdown of one run: where and when, the figures, then every note as printed."""
    rows = ["| figure | target | value | note |", "|---|---|---|---|"]
    for line in lines:
        found = _FIGURE.match(line)
        if found:
            name, value, note = found.groups()
            rows.append(f"| `{name}` | {TARGETS.get(name, '')} | {value} | {note or ''} |")
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    return "\n".join(
        [
            f"<!-- bench:{kind} -->",
            f"`make bench{'-full' if kind == 'full' else ''}` at {commit}, "
            f"{when:%Y-%m-%d %H:%M} UTC ({machine}):",
            "",
            *rows,
            "",
            "```text",
            *lines,
            "```",
            f"<!-- /bench:{kind} -->",
        ]
    )


def replace_block(document: str, kind: str, new: str) -> str:
    """The document with its block of this kind replaced (appended when it has none)."""
    pattern = re.compile(rf"<!-- bench:{kind} -->.*?<!-- /bench:{kind} -->", re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _: new, document, count=1)
    return document.rstrip("\n") + "\n\n" + new + "\n"


def current_commit(folder: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return done.stdout.strip()


def write(path: Path, kind: str, lines: list[str]) -> None:
    document = path.read_text() if path.exists() else "# Performance\n"
    new = block(kind, lines, datetime.now(UTC), current_commit(path.resolve().parent))
    path.write_text(replace_block(document, kind, new))
