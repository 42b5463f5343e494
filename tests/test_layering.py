"""Dependencies point one way, room by room, the domain does no I/O, and SQL is written only in
storage. The rooms and what each may import are docs/architecture.md's; this is their check.

Packages: bot (composition) → bot.runtime → handlers → news, storage; bot.adapters beside the
runtime; lab (offline) is imported only by the command line's `eval` and by bench/. Inside news,
each room imports the shared top (records, dates, vectors, ports) and the rooms before it in
NEWS_ROOMS; the use cases at the top (ingest, polling) may import any room."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "lab", "news", "storage")
NEWS_BASE = {"news.records", "news.dates", "news.vectors", "news.ports"}
NEWS_ROOMS = ("text", "language", "sources", "storylines", "search", "briefings", "chats")
# Who may import what: the longest rule that names a module applies to it.
ALLOWED: dict[str, set[str]] = {
    "news": {"news"},
    "storage": {
        "storage",
        "news.records",
        "news.dates",
        "news.vectors",
        "news.search.plan",
        "news.text.segmentation",
        "news.storylines.state",
        "news.sources.urls",
    },
    "handlers": {"handlers", "news", "storage"},
    "bot": {"bot", "handlers", "news", "storage"},
    "bot.cli.evaluations": {"bot", "lab", "news", "storage"},
    "bot.runtime": {"bot.runtime", "bot.adapters", "handlers", "news", "storage"},
    "bot.adapters": {"bot.adapters", "bot.errors", "news", "storage"},
    "lab": {"lab", "bot.adapters", "bot.errors", "news", "storage"},
    **{
        f"news.{room}": NEWS_BASE | {f"news.{earlier}" for earlier in NEWS_ROOMS[: i + 1]}
        for i, room in enumerate(NEWS_ROOMS)
    },
    "news.records": {"news.vectors"},
    "news.dates": set(),
    "news.vectors": set(),
}
IO_MODULES = {"telegram", "sqlite3", "sqlite_utils", "httpx", "socket", "subprocess"}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def rule_for(module: str) -> set[str]:
    return ALLOWED[max((rule for rule in ALLOWED if within(module, rule)), key=len)]


@pytest.mark.parametrize("package", PACKAGES)
def test_rooms_import_only_what_their_rule_allows(package: str) -> None:
    for path in (ROOT / package).rglob("*.py"):
        allowed = rule_for(module_name(path))
        for name in imports(path):
            if name.split(".")[0] not in PACKAGES:
                continue
            assert any(within(name, rule) for rule in allowed), (
                f"{module_name(path)} imports {name}"
            )


def test_the_rules_catch_an_upward_import() -> None:
    assert not any(within("news.briefings.compose", r) for r in rule_for("news.text.cleaning"))
    assert not any(within("lab.evaluate", r) for r in rule_for("bot.runtime.jobs"))
    assert any(within("news.text.cleaning", r) for r in rule_for("news.briefings.compose"))


def test_every_news_module_is_in_a_room_or_the_shared_top() -> None:
    top = NEWS_BASE | {"news.ingest", "news.polling", "news"}
    for path in (ROOT / "news").rglob("*.py"):
        name = module_name(path)
        assert name in top or name.split(".")[1] in NEWS_ROOMS, f"{name} is in no room"


def test_domain_has_no_io() -> None:
    for path in (ROOT / "news").rglob("*.py"):
        for name in imports(path):
            assert name.split(".")[0] not in IO_MODULES, f"{path.relative_to(ROOT)} imports {name}"


SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b"
)


@pytest.mark.parametrize("package", ["bot", "handlers", "news"])
def test_sql_is_written_only_in_storage(package: str) -> None:
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not SQL.search(node.value), f"{path.relative_to(ROOT)}:{node.lineno}: SQL"
            if isinstance(node, ast.Attribute) and node.attr.startswith("execute"):
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}()")
