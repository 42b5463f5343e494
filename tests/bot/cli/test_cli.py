"""The command line as the checks call it: in-process for speed, a few runs as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

pytestmark = pytest.mark.usefixtures("workdir")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_sample_page_then_storylines(
    capsys: pytest.CaptureFixture[str], shared_data: Path
) -> None:
    page = str(shared_data / "sample-page.txt")
    assert run(capsys, "ingest", page)[:2] == (0, "imported 4, duplicates 0, rejected 0\n")
    assert run(capsys, "ingest", page)[1] == "imported 0, duplicates 4, rejected 0\n"
    code, out, _ = run(capsys, "storylines", "--json")
    storylines = json.loads(out)
    assert code == 0
    assert set(storylines[0]) == {
        "id",
        "label",
        "articles",
        "sources",
        "first_seen",
        "last_seen",
        "article_ids",
        "languages",
        "figures",
    }
    assert all(s["languages"] == ["en"] for s in storylines)
    # Ids follow the page: 1 the opinion piece, 2 BBC, 3 Daily Mail, 4 Reuters.
    la = next(s for s in storylines if "2" in s["article_ids"])
    assert sorted(la["article_ids"]) == ["2", "3"]
    assert "LA immigration" in la["label"] or "LA protests" in la["label"]
    assert Path("data/newsbrief.db").exists()


def test_jsonl_bad_line_is_reported_and_the_rest_imported(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    path = workdir / "articles.jsonl"
    path.write_text(
        '{"id": "x1", "title": "Volcano erupts on Mount Kell", '
        '"text": "Lava reached the village.", '
        '"source": "Wire", "published_at": "2025-06-01T08:00:00Z"}\n'
        "{broken\n"
        '{"id": "x2", "title": "Mount Kell volcano eruption forces evacuations", '
        '"text": "Villagers fled the lava of Mount Kell volcano.", "source": "Daily", '
        '"published_at": "2025-06-01T09:00:00+01:00"}\n'
    )
    code, out, err = run(capsys, "--db", str(workdir / "x.db"), "ingest", str(path))
    assert code == 0
    assert out == "imported 2, duplicates 0, rejected 1\n"
    assert f"{path}:2: rejected: not valid JSON" in err
    code, out, _ = run(capsys, "--db", str(workdir / "x.db"), "search", "volcano", "--json")
    (result,) = json.loads(out)
    assert result["article_ids"] == ["x1", "x2"]


def test_unreadable_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ingest", "/nonexistent/file.jsonl")
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("/nonexistent/file.jsonl: unusable: cannot read")
    assert out == "imported 0, duplicates 0, rejected 0, unusable files 1\n"


def test_bad_setting_names_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBRIEF_TIMEZONE", "Mars/Olympus")
    code, _, err = run(capsys, "storylines")
    assert code == 2
    assert err == "newsbrief: NEWSBRIEF_TIMEZONE: unknown time zone 'Mars/Olympus'\n"


def test_env_file_is_read(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    (workdir / ".env").write_text("NEWSBRIEF_BRIEFING_TIME=99:99\n")
    code, _, err = run(capsys, "storylines")
    assert code == 2 and "NEWSBRIEF_BRIEFING_TIME" in err


def test_console_demo_scripted(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("/search strike\n/press Follow\n/following\n/briefing\n")
    )
    code, out, _ = run(capsys, "console", "--demo")
    assert code == 0
    assert "fictional" in out
    assert "Storylines for “strike”" in out
    assert "Following Port Aurel" in out or "✅ Following" in out
    assert "You follow" in out
    assert "Nothing new" in out
    assert "[➕ Follow" in out


def test_brief_json_records_the_briefing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("/search earthquake Karsk\n/press Follow\n"))
    assert (
        run(capsys, "console", "--demo", "--now", "2025-06-10T08:00:00Z", "--chat-id", "5")[0] == 0
    )
    news = workdir / "more.jsonl"
    news.write_text(
        '{"id": "k-late", "title": "Karsk earthquake: Dorvel schools reopen", "text": '
        '"Schools in Dorvel reopened on Monday, a week after the Karsk earthquake. Governor Anton '
        'Lusk visited the Dorvel school that had housed survivors of the earthquake.", '
        '"source": "Civic Ledger", "url": "https://civic-ledger.example/schools"}\n'
    )
    assert run(capsys, "ingest", str(news), "--fetched-at", "2025-06-10T09:00:00Z")[0] == 0
    code, out, _ = run(
        capsys, "brief", "--chat-id", "5", "--now", "2025-06-10T10:00:00Z", "--dry-run", "--json"
    )
    dry = json.loads(out)
    assert code == 0 and dry["chat_id"] == 5 and dry["as_of"].startswith("2025-06-10T10:00:00")
    (item,) = dry["items"]
    assert item["article_ids"] == ["k-late"]
    assert item["new_articles"] == 1 and item["links"] == ["https://civic-ledger.example/schools"]
    assert all(s in news.read_text() for s in item["sentences"])
    # Every sentence is credited: the article it comes from, and a link to it by its outlet.
    assert item["sentence_article_ids"] == ["k-late"] * len(item["sentences"]) != []
    credit = ' — <a href="https://civic-ledger.example/schools">Civic Ledger</a>'
    assert dry["messages"][0].count(credit) == len(item["sentences"])
    assert "<b>" in dry["messages"][0]
    # Dry runs record nothing; a real run does, so the next briefing starts from there.
    code, out, _ = run(capsys, "brief", "--chat-id", "5", "--now", "2025-06-10T10:00:00Z", "--json")
    assert json.loads(out)["items"]
    code, out, _ = run(capsys, "brief", "--chat-id", "5", "--now", "2025-06-10T11:00:00Z", "--json")
    assert json.loads(out)["items"] == []


def test_brief_unknown_chat_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "brief", "--chat-id", "12345")
    assert code == 2 and "unknown" in err


def test_db_check_and_backup(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    assert run(capsys, "db", "check")[:2] == (0, "ok\n")
    code, out, _ = run(capsys, "db", "backup", str(workdir / "backup.db"))
    assert code == 0 and "integrity ok" in out


def test_a_backup_into_a_missing_folder_says_so(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    code, _, err = run(capsys, "db", "backup", str(workdir / "nonexistent" / "b.db"))
    assert code == 2
    assert err == (
        f"newsbrief: the folder {workdir / 'nonexistent'} does not exist; "
        "create it or choose another\n"
    )


def test_real_process_without_token_starts_the_console_demo(workdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input="/search flood\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=workdir,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
    )
    assert result.returncode == 0
    assert result.stderr.splitlines()[0].startswith("No NEWSBRIEF_TELEGRAM_TOKEN configured")
    assert "River Lenn" in result.stdout


def test_real_process_bad_usage_exits_2(workdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "storylines", "--limit", "zero"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=workdir,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_console_shows_links_with_their_address() -> None:
    from bot.console import to_terminal

    assert to_terminal('<b>Hi</b> <a href="https://x.example/?a=1&amp;b=2">Wire</a> &lt;3') == (
        "Hi Wire (https://x.example/?a=1&b=2) <3"
    )


def test_a_muted_source_is_absent_from_three_briefings_in_a_row(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    script = "/search earthquake Karsk\n/press Follow\n/mute source Civic Ledger\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    assert (
        run(capsys, "console", "--demo", "--now", "2025-06-10T08:00:00Z", "--chat-id", "5")[0] == 0
    )
    for day in (11, 12, 13):
        news = workdir / f"day{day}.jsonl"
        records = [
            (f"civic-{day}", "Civic Ledger", "Karsk earthquake: Civic Ledger reports new aid"),
            (
                f"valley-{day}",
                "Valley Courier",
                "Karsk earthquake: Valley Courier on the rebuilding",
            ),
        ]
        news.write_text(
            "".join(
                json.dumps(
                    {
                        "id": rid,
                        "title": title,
                        "text": f"Rebuilding after the Karsk earthquake went on on day {day}, "
                        f"{source} was told by officials in Karsk, where the quake hit homes.",
                        "source": source,
                    }
                )
                + "\n"
                for rid, source, title in records
            )
        )
        at = f"2025-06-{day}T09:00:00Z"
        assert run(capsys, "ingest", str(news), "--fetched-at", at)[0] == 0
        code, out, _ = run(
            capsys, "brief", "--chat-id", "5", "--now", f"2025-06-{day}T10:00:00Z", "--json"
        )
        briefing = json.loads(out)
        ids = [i for item in briefing["items"] for i in item["article_ids"]]
        stored = run(capsys, "storylines", "--limit", "50", "--json")[1]
        assert code == 0 and f'"civic-{day}"' in stored  # stored, only not shown
        assert f"valley-{day}" in ids and not any(i.startswith("civic") for i in ids)
        assert "Civic Ledger" not in "".join(briefing["messages"])
