"""Feed polling against a local web server: redirects, gone feeds and back-off, full text for
summary-only entries, encodings declared only by the header, and a site's footer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.adapters.fetcher import SafeFetcher
from news.polling import FeedPoller
from news.sources.feeds import MAX_FAILURES
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.feeds import ITEMS, LOCAL_STORIES, LONG_PARAGRAPHS, NEWSLETTER, article_page, rss
from tests.fakes.web import LOOPBACK, WebServer


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
