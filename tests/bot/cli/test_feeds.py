"""Feeds and links as an operator uses them, against a local web server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import services
from bot.adapters.fetcher import SafeFetcher
from bot.cli import main
from bot.config import Settings, SettingsError
from news.sources.feeds import parse_feed
from storage.store import Store
from tests.fakes.feeds import ITEMS, LONG_PARAGRAPHS, article_page, rss
from tests.fakes.pages import STORIES, page
from tests.fakes.web import LOOPBACK, WebServer


@pytest.fixture
def local_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's fetcher may reach 127.0.0.1, with a short timeout."""
    monkeypatch.setattr(
        services, "make_fetcher", lambda settings: SafeFetcher(allow=LOOPBACK, total_timeout=3)
    )


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSBRIEF_DB", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_operator_adds_polls_and_lists_a_feed(
    capsys: pytest.CaptureFixture[str], web: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A feed on the operator's own network, opened by the setting (closed by default).
    monkeypatch.setenv("NEWSBRIEF_ALLOW_NETWORKS", "127.0.0.0/8, ::1/128")
    web.routes["/rss"] = lambda h: (
        (304, {}, b"") if h.get("if-none-match") == '"v1"' else (200, {"ETag": '"v1"'}, rss(ITEMS))
    )
    assert run(capsys, "feeds", "add", web.url("/rss"))[0] == 0
    code, out, _ = run(capsys, "feeds", "poll", "--once")
    assert code == 0 and "imported 2, duplicates 0, rejected 0" in out
    code, out, _ = run(capsys, "feeds", "poll", "--once")
    assert "not modified" in out
    code, out, _ = run(capsys, "feeds", "list")
    assert "Harbour Wire" in out and "ok: last polled" in out
    code, out, _ = run(capsys, "search", "Kelvik", "--json")
    assert json.loads(out)[0]["articles"] == 2


def test_opml_round_trip(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    opml = workdir / "feeds.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss"/>'
        '<outline text="group"><outline text="B" xmlUrl="https://b.example/atom"/></outline>'
        "</body></opml>"
    )
    assert run(capsys, "feeds", "import-opml", str(opml))[1].startswith("imported 2 feeds")
    code, out, _ = run(capsys, "feeds", "export-opml")
    assert 'xmlUrl="https://a.example/rss"' in out and 'xmlUrl="https://b.example/atom"' in out
    (workdir / "bad.opml").write_text("<html>nope")
    code, out, err = run(capsys, "feeds", "import-opml", str(workdir / "bad.opml"))
    assert code == 2 and err.startswith(f"{workdir / 'bad.opml'}: unusable: not OPML")
    assert out.strip().endswith("unusable files 1")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://2130706433/", "http://[::ffff:127.0.0.1]/"]
)
def test_ingest_url_refuses_private_addresses(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, _, err = run(capsys, "ingest-url", url)
    assert code == 2
    assert err.count("\n") == 1 and "refused" in err


def test_private_networks_are_opened_only_by_a_valid_setting() -> None:
    assert Settings.from_env({}).allow_networks == ()
    opened = Settings.from_env({"NEWSBRIEF_ALLOW_NETWORKS": "192.168.1.7/24,10.0.0.0/8"})
    assert [str(n) for n in opened.allow_networks] == ["192.168.1.0/24", "10.0.0.0/8"]
    with pytest.raises(SettingsError, match="NEWSBRIEF_ALLOW_NETWORKS: 'lan'"):
        Settings.from_env({"NEWSBRIEF_ALLOW_NETWORKS": "lan"})


def test_ingest_url_imports_a_page(
    capsys: pytest.CaptureFixture[str], web: WebServer, local_fetch: None
) -> None:
    web.routes["/story"] = lambda h: (
        200,
        {"Content-Type": "text/html"},
        article_page("Kelvik ferries halted", LONG_PARAGRAPHS),
    )
    web.routes["/empty"] = lambda h: (200, {"Content-Type": "text/html"}, b"<html><p>Hi</p></html>")
    code, out, err = run(capsys, "ingest-url", web.url("/story"))
    assert code == 0 and out == "imported 1, duplicates 0, rejected 0\n"
    assert "Kelvik ferries halted (Harbour Wire)" in err
    code, out, err = run(capsys, "ingest-url", web.url("/empty"))
    assert code == 1 and "no article found" in err


def test_ill_formed_mis_encoded_html_and_huge_feeds() -> None:
    broken = rss(ITEMS).replace(b"</channel></rss>", b"<item><title>Cut off")
    parsed = parse_feed(broken, {}, "https://x.example/rss")
    assert parsed.error is None and len([r for r in parsed.records]) >= 2
    latin = rss([("Café in Zürich closes", "https://x.example/c", "Déjà vu.")]).replace(
        "Café in Zürich".encode(), "Café in Zürich".encode("latin-1")
    )
    assert len(parse_feed(latin, {}, "https://x.example/rss").records) == 1
    page = article_page("Not a feed", LONG_PARAGRAPHS)
    html = parse_feed(page, {"content-type": "text/html"}, "https://x.example/")
    assert html.error is not None and "HTML page" in html.error
    assert parse_feed(b"", {}, "https://x.example/").records == []
    many = rss([(f"Headline {i}", f"https://x.example/{i}", f"Text {i}.") for i in range(10_000)])
    assert len(parse_feed(many, {}, "https://x.example/").records) == 10_000


def test_feed_json_feed_and_html_files(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    (workdir / "f.xml").write_bytes(rss(ITEMS))
    (workdir / "feed.json").write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "JSON Wire",
                "items": [
                    {
                        "id": "1",
                        "url": "https://json.example/1",
                        "title": "Lighthouse relit",
                        "content_text": "The old lighthouse at Kelvik was relit on Sunday.",
                    }
                ],
            },
            indent=2,
        )
    )
    (workdir / "page.html").write_bytes(article_page("Kelvik ferries halted", LONG_PARAGRAPHS))
    code, out, _ = run(capsys, "ingest", "f.xml", "feed.json", "page.html")
    assert code == 0 and out == "imported 4, duplicates 0, rejected 0\n"


def test_10k_entry_feed_is_imported(capsys: pytest.CaptureFixture[str], workdir: Path) -> None:
    items = [
        (
            f"Kelvik report number {i} on harbour works",
            f"https://x.example/{i}",
            f"Harbour works item {i} in Kelvik.",
        )
        for i in range(10_000)
    ]
    (workdir / "big.xml").write_bytes(rss(items))
    code, out, _ = run(capsys, "ingest", "big.xml")
    assert code == 0 and out.startswith("imported 10000,")


def test_feed_interval_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "feeds", "add", "https://a.example/rss", "--interval", "60")[0] == 0
    assert run(capsys, "feeds", "add", "https://b.example/rss", "--interval", "0")[0] == 2


@pytest.mark.usefixtures("local_fetch")
@pytest.mark.parametrize(
    ("charset", "declared_in"),
    [(charset, where) for charset in sorted(STORIES) for where in ("header", "meta")],
)
def test_fetched_pages_are_read_in_their_encoding(
    capsys: pytest.CaptureFixture[str], web: WebServer, charset: str, declared_in: str
) -> None:
    title, body = STORIES[charset]
    head = f'<meta charset="{charset}">' if declared_in == "meta" else ""
    content_type = f"text/html; charset={charset}" if declared_in == "header" else "text/html"
    data = page(title, body, head).encode(charset)
    web.routes["/a"] = lambda h: (200, {"Content-Type": content_type}, data)
    code, _, err = run(capsys, "ingest-url", web.url("/a"))
    assert code == 0 and title in err
    store = Store("data/newsbrief.db")
    [stored] = store.db.query("SELECT title, body FROM articles")
    store.close()
    assert stored["title"] == title and "\ufffd" not in stored["body"]


def test_the_starter_set_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from news.sources.opml import starter_feeds

    count = len(starter_feeds())
    assert run(capsys, "feeds", "import-opml", "--starter")[1] == (
        f"starter set: {count} of {count} feeds added\n"
    )
    assert run(capsys, "feeds", "import-opml", "--starter")[1].startswith("starter set: 0 of")
    assert run(capsys, "feeds", "list")[1].count("new: not polled yet") == count
    code, _, err = run(capsys, "feeds", "import-opml")
    assert code == 2 and err == "newsbrief: import-opml needs FILE... or --starter\n"


def test_a_feed_on_a_private_address_is_refused_when_added(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, "feeds", "add", "http://127.0.0.1:8080/feed")
    assert code == 2 and out == ""
    assert err == (
        "newsbrief: refused 127.0.0.1: 127.0.0.1 is not a public address "
        "(NEWSBRIEF_ALLOW_NETWORKS opens a private network)\n"
    )
    assert run(capsys, "feeds", "add", "http://localhost/feed")[0] == 2
    monkeypatch.setenv("NEWSBRIEF_ALLOW_NETWORKS", "127.0.0.0/8")
    code, out, _ = run(capsys, "feeds", "add", "http://127.0.0.1:8080/feed")
    assert code == 0 and out.startswith("added: feed 1")
