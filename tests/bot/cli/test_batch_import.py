"""Batch imports as an operator runs them on files from the wild: a bad file costs no other."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from storage.store import Store
from tests.bot.cli.test_cli import run
from tests.fakes import feedfiles
from tests.fakes.pages import STORIES, page

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.usefixtures("workdir")


def stored_articles() -> int:
    store = Store("data/newsbrief.db")
    try:
        return store.archive.article_count()
    finally:
        store.close()


def test_hundreds_of_wild_feed_files_in_one_command(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    made = feedfiles.write(workdir / "feeds", 320)
    unusable = sorted(str(path) for path, file in made if file.entries is None)
    expected = sum(file.entries or 0 for _, file in made)
    code, out, err = run(capsys, "ingest", "--format", "feed", *(str(p) for p, _ in made))
    assert code == 0
    assert (
        sorted(line.split(": unusable: ")[0] for line in err.splitlines() if "unusable" in line)
        == unusable
    )
    assert all(
        ": unusable: not a feed: " in line for line in err.splitlines() if "unusable" in line
    )
    [summary] = out.splitlines()
    assert summary.startswith(f"imported {expected}, duplicates 0, rejected ")
    assert summary.endswith(f", unusable files {len(unusable)}")
    assert stored_articles() == expected


def test_a_mix_of_formats_with_unreadable_and_unusable_files(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    good = workdir / "good.jsonl"
    good.write_text('{"id": "a", "title": "Kelvik ferry resumes", "source": "Wire"}\n')
    broken = workdir / "broken.xml"
    broken.write_bytes(b"\x00\x01<rss><<channel>")
    code, out, err = run(capsys, "ingest", str(broken), "/nonexistent.jsonl", str(good))
    assert code == 0
    assert err.splitlines() == [
        f"{broken}: unusable: not a feed: not well-formed (invalid token)",
        "/nonexistent.jsonl: unusable: cannot read it: No such file or directory",
    ]
    assert out == "imported 1, duplicates 0, rejected 0, unusable files 2\n"


def test_only_unusable_files_exit_2_with_the_summary_last(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    (workdir / "empty.xml").write_bytes(b"")
    code, out, err = run(capsys, "ingest", "--format", "feed", "empty.xml", "missing.xml")
    assert code == 2
    assert err.splitlines() == [
        "empty.xml: unusable: not a feed: it is empty",
        "missing.xml: unusable: cannot read it: No such file or directory",
    ]
    assert out == "imported 0, duplicates 0, rejected 0, unusable files 2\n"


def test_opml_files_in_a_batch(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    (workdir / "a.opml").write_text(
        '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss"/>'
        '<outline text="bad" xmlUrl="javascript:alert(1)"/></body></opml>'
    )
    # A list in another encoding, as older readers export it.
    (workdir / "b.opml").write_bytes(
        '<?xml version="1.0" encoding="windows-1251"?><opml version="1.0"><body>'
        '<outline title="Вести" xmlUrl="https://b.example/rss"/></body></opml>'.encode("cp1251")
    )
    (workdir / "c.opml").write_text("<html>not a list</html>")
    code, out, err = run(capsys, "feeds", "import-opml", "a.opml", "b.opml", "c.opml", "gone.opml")
    assert code == 0
    assert err.splitlines() == [
        "c.opml: unusable: not OPML: the root element is not <opml>",
        "gone.opml: unusable: cannot read it: No such file or directory",
    ]
    assert out == "imported 2 feeds, 0 already there, 1 invalid, unusable files 2\n"
    assert "[Вести]" in run(capsys, "feeds", "list")[1]


def test_saved_pages_in_four_encodings(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    paths = []
    for charset, (title, body) in STORIES.items():
        path = workdir / f"{charset}.html"
        path.write_bytes(page(title, body, f'<meta charset="{charset}">').encode(charset))
        paths.append(str(path))
    assert run(capsys, "ingest", *paths)[:2] == (0, "imported 4, duplicates 0, rejected 0\n")
    store = Store("data/newsbrief.db")
    titles = {row["title"] for row in store.db.query("SELECT title FROM articles")}
    store.close()
    assert titles == {title for title, _ in STORIES.values()}


def test_a_closed_pipe_ends_the_command_quietly(workdir: Path) -> None:
    # Storylines of made-up words, one each: the listing outgrows the pipe's 64 KiB buffer,
    # so the writer meets the closed pipe whatever the timing.
    rng = random.Random(3)
    lines = [
        json.dumps({"id": str(i), "title": " ".join(word(rng) for _ in range(6)), "source": "W"})
        for i in range(600)
    ]
    (workdir / "many.jsonl").write_text("\n".join(lines) + "\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NEWSBRIEF_EMBEDDINGS": "off"}
    command = f"{sys.executable} -m bot.cli ingest many.jsonl >/dev/null && "
    command += f"{sys.executable} -m bot.cli storylines --limit 600 --json | head -1"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=120, cwd=workdir, env=env
    )
    assert result.stdout == "[\n"
    assert result.stderr == ""


def word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))
