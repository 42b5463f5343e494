"""Dependencies point one way (bot → handlers → news, storage; storage → a few pure news
modules), the domain does no I/O, and SQL is written only in storage."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "news": {"news"},
    "storage": {
        "storage",
        "news.models",
        "news.dates",
        "news.schedule",
        "news.search_plan",
        "news.segmentation",
        "news.storyline_state",
        "news.urls",
        "news.vectors",
    },
    "handlers": {"handlers", "news", "storage"},
    "bot": {"bot", "handlers", "news", "storage"},
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


def project_module(name: str) -> bool:
    return name.split(".")[0] in ALLOWED


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_layers_import_only_downwards(package: str) -> None:
    for path in (ROOT / package).rglob("*.py"):
        for name in imports(path):
            if not project_module(name):
                continue
            assert any(
                name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED[package]
            ), f"{path.relative_to(ROOT)} imports {name}"


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
