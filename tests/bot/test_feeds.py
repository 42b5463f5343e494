"""Feeds and links as an operator uses them, against a local web server."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import services
from bot.cli import main
from bot.config import Settings, SettingsError
from bot.fetcher import SafeFetcher
from news.feeds import MAX_FAILURES, parse_feed
from news.polling import FeedPoller
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.feeds import LOCAL_STORIES, LONG_PARAGRAPHS, NEWSLETTER, article_page, rss
from tests.fakes.pages import STORIES, page
from tests.fakes.web import WebServer

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)
ITEMS = [
    ("Storm closes Kelvik harbour", "https://harbour.example/storm", "Ferries stopped at Kelvik."),
    ("Kelvik pier repairs to take three days", "https://harbour.example/pier", "Engineers say."),
]


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


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


def make_poller(store: Store, clock: FakeClock, **kwargs: object) -> FeedPoller:
    return FeedPoller(
        store.feeds, store.archive, SafeFetcher(allow=LOOPBACK, total_timeout=2), clock, **kwargs
    )  # type: ignore[arg-type]


async def test_redirects_gone_and_back_off(store: Store, web: WebServer) -> None:
    clock = FakeClock(datetime(2025, 6, 10, 8, tzinfo=UTC))
    web.routes["/old"] = lambda h: (301, {"Location": "/new"}, b"")
    web.routes["/new"] = lambda h: (200, {}, rss(ITEMS))
    web.routes["/temp"] = lambda h: (302, {"Location": "/new"}, b"")
    web.routes["/gone"] = lambda h: (410, {}, b"")
    web.routes["/broken"] = lambda h: (500, {}, b"oops")
    poller = make_poller(store, clock)
    moved, _ = store.feeds.add(web.url("/old"), timedelta(minutes=15), clock())
    temp, _ = store.feeds.add(web.url("/temp"), timedelta(minutes=15), clock())
    gone, _ = store.feeds.add(web.url("/gone"), timedelta(minutes=15), clock())
    broken, _ = store.feeds.add(web.url("/broken"), timedelta(minutes=15), clock())
    await poller.poll_due()
    assert store.feeds.get(moved.id).url == web.url("/new")  # type: ignore[union-attr]
    assert store.feeds.get(temp.id).url == web.url("/temp")  # type: ignore[union-attr]
    assert not store.feeds.get(gone.id).active  # type: ignore[union-attr]
    first = store.feeds.get(broken.id)
    assert first is not None and first.next_poll_at == clock() + timedelta(minutes=30)
    waits = []
    for _ in range(MAX_FAILURES - 1):  # the poll above was the first failure
        feed = store.feeds.get(broken.id)
        assert feed is not None and feed.active
        report = await poller.poll(feed)
        after = store.feeds.get(broken.id)
        assert after is not None and after.next_poll_at is not None
        waits.append(after.next_poll_at - clock())
    assert waits == sorted(waits) and waits[0] == timedelta(hours=1)
    assert waits[-1] == timedelta(hours=24)
    assert report.deactivated and "10 failures" in report.deactivated
    final = store.feeds.get(broken.id)
    assert final is not None and not final.active and "HTTP 500" in (final.last_error or "")


async def test_full_text_for_summary_only_entries(store: Store, web: WebServer) -> None:
    clock = FakeClock(datetime(2025, 6, 10, 8, tzinfo=UTC))
    web.routes["/rss"] = lambda h: (
        200,
        {},
        rss([("Kelvik ferries halted", web.url("/page"), "Short.")]),
    )
    web.routes["/page"] = lambda h: (
        200,
        {"Content-Type": "text/html"},
        article_page("Kelvik ferries halted", LONG_PARAGRAPHS),
    )
    store.feeds.add(web.url("/rss"), timedelta(minutes=15), clock())
    (report,) = await make_poller(store, clock, full_text=True).poll_due()
    assert report.imported == 1
    (storyline,) = store.archive.latest_storylines(5)
    (article,) = store.archive.storyline_articles(storyline.id, 5)
    assert "stranding hundreds of travellers" in article.body


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


async def test_admins_hear_when_a_feed_is_given_up(
    settings,
    store: Store,
    web: WebServer,  # type: ignore[no-untyped-def]
) -> None:
    from telegram.ext import CallbackContext

    from bot.app import build_application
    from bot.jobs import POLL_JOB
    from bot.services import Services
    from tests.fakes.telegram import RecordingRequest

    clock = FakeClock(datetime(2025, 6, 10, 8, tzinfo=UTC))
    web.routes["/gone"] = lambda h: (410, {}, b"")
    store.feeds.add(web.url("/gone"), timedelta(minutes=15), clock())
    recorder = RecordingRequest()
    app = build_application(
        Services(settings, store, clock, fetcher=SafeFetcher(allow=LOOPBACK)), request=recorder
    )
    async with app:
        (job,) = app.job_queue.get_jobs_by_name(POLL_JOB)  # type: ignore[union-attr]
        await job.callback(CallbackContext.from_job(job, app))
    (notice,) = recorder.sent(42)
    assert "stopped" in str(notice.params["text"]) and "410" in str(notice.params["text"])


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


async def test_a_polled_feed_labelled_only_by_its_header(web: WebServer) -> None:
    title = "Паром в Кельвик снова ходит по расписанию"
    feed = (
        f'<rss version="2.0"><channel><title>Вести Кельвика</title><item><title>{title}</title>'
        "<link>https://vesti.example/1</link><description>Паромная переправа открыта."
        "</description></item></channel></rss>"
    ).encode("windows-1251")
    web.routes["/rss"] = lambda h: (
        200,
        {"Content-Type": "application/rss+xml; charset=windows-1251"},
        feed,
    )
    store = Store(":memory:")
    clock = FakeClock(datetime(2025, 6, 2, 9, 0, tzinfo=UTC))
    store.feeds.add(web.url("/rss"), timedelta(minutes=15), clock())
    poller = FeedPoller(store.feeds, store.archive, SafeFetcher(allow=LOOPBACK), clock, False)
    [report] = await poller.poll_due(everything=True)
    assert report.error is None
    [feed_row] = store.feeds.all()
    assert feed_row.title == "Вести Кельвика"
    assert [row["title"] for row in store.db.query("SELECT title FROM articles")] == [title]
    store.close()


def test_the_starter_set_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from news.opml import starter_feeds

    count = len(starter_feeds())
    assert run(capsys, "feeds", "import-opml", "--starter")[1] == (
        f"starter set: {count} of {count} feeds added\n"
    )
    assert run(capsys, "feeds", "import-opml", "--starter")[1].startswith("starter set: 0 of")
    assert run(capsys, "feeds", "list")[1].count("new: not polled yet") == count
    code, _, err = run(capsys, "feeds", "import-opml")
    assert code == 2 and err == "newsbrief: import-opml needs FILE... or --starter\n"


async def test_a_sites_footer_under_every_entry_neither_joins_nor_is_quoted(
    store: Store, web: WebServer
) -> None:
    """A WordPress feed: each description ends with the site's newsletter box and "The post
    … appeared first on …". The unrelated entries stay apart, and no text keeps the footer,
    in the first poll or for the entry a later poll brings."""
    stories = LOCAL_STORIES

    def feed(count: int) -> bytes:
        items = []
        for number, (title, news) in enumerate(stories[:count]):
            link = f"https://rivertongazette.example/{number}"
            footer = (
                f"<p>{NEWSLETTER}</p><p>The post <a href='{link}'>{title}</a> appeared first "
                "on <a href='https://rivertongazette.example'>Riverton Gazette</a>.</p>"
            )
            items.append((title, link, f"<p>{news}</p>{footer}"))
        return rss(items, title="Riverton Gazette")

    clock = FakeClock(datetime(2025, 6, 10, 8, tzinfo=UTC))
    served = {"count": 4}
    web.routes["/rss"] = lambda h: (200, {}, feed(served["count"]))
    store.feeds.add(web.url("/rss"), timedelta(minutes=15), clock())
    poller = make_poller(store, clock)
    (first,) = await poller.poll_due(everything=True)
    served["count"] = 5
    (second,) = await poller.poll_due(everything=True)
    assert (first.imported, second.imported) == (4, 1)
    storylines = store.archive.latest_storylines(10)
    assert len(storylines) == 5
    bodies = [a.body for s in storylines for a in store.archive.storyline_articles(s.id, 5)]
    assert sorted(bodies) == sorted(news for _, news in stories)
