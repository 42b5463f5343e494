"""Feed and page bodies for tests, written here (fictional content)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

# Two entries of one story, for feeds that need some content.
ITEMS = [
    ("Storm closes Kelvik harbour", "https://harbour.example/storm", "Ferries stopped at Kelvik."),
    ("Kelvik pier repairs to take three days", "https://harbour.example/pier", "Engineers say."),
]


def rss(
    items: list[tuple[str, str, str]], title: str = "Harbour Wire", start: datetime | None = None
) -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    start = start or datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
    entries = []
    for index, (headline, link, description) in enumerate(items):
        when = (start - timedelta(minutes=index)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        entries.append(
            f"<item><title>{escape(headline)}</title><link>{escape(link)}</link>"
            f"<description>{escape(description)}</description><pubDate>{when}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://harbour.example/</link>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def article_page(title: str, paragraphs: list[str], site: str = "Harbour Wire") -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title>"
        f'<meta property="og:site_name" content="{escape(site)}">'
        f'<meta property="article:published_time" content="2025-06-09T10:00:00Z"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>© Harbour Wire. All rights reserved.</footer></body></html>"
    ).encode()


LONG_PARAGRAPHS = [
    "The ferry operator on the northern coast suspended all crossings on Monday after a storm "
    "damaged the pier at Kelvik harbour, stranding hundreds of travellers overnight.",
    "Engineers inspected the pier at first light and said repairs would take at least three "
    "days, while the coastguard kept a cordon around the damaged section.",
    "Local hotels opened their lobbies to stranded passengers, and the town council arranged "
    "buses to the next harbour for those who could not wait.",
]

# Five unrelated stories of one local site, and the newsletter box under each of them.
NEWSLETTER = (
    "Sign up for our free daily newsletter to get the latest Riverton Gazette news "
    "delivered to your inbox every morning."
)
LOCAL_STORIES = [
    (
        "City council approves new bike lanes on Main Street",
        "The Riverton city council voted 7-2 on Tuesday to build protected bike lanes along "
        "Main Street. Construction is expected to start in the spring.",
    ),
    (
        "Local bakery wins national bread award",
        "Harvest Loaf, a bakery on Elm Avenue, took first prize at the national artisan bread "
        "competition in Chicago. Owner Maria Chen said the recipe came from her grandmother.",
    ),
    (
        "High school robotics team heads to world finals",
        "The Riverton High robotics team qualified for the world championship in Houston "
        "after winning the state tournament. The team built a robot that stacks cones.",
    ),
    (
        "Water main break closes Oak Street",
        "A water main break flooded Oak Street early Thursday, and crews expect repairs to "
        "take two days. Residents were asked to boil water as a precaution.",
    ),
    (
        "Library extends weekend opening hours",
        "The Riverton public library will stay open until 8 p.m. on Saturdays and Sundays "
        "from next month. The change follows a survey of 1,200 patrons.",
    ),
]


def aggregator_rss(items: list[tuple[str, str]], title: str = '"kelvik" - News Digest') -> bytes:
    """An aggregator's feed as Google News writes one: each (headline, outlet) item's title
    ends with " - outlet", its description is the headline linked and the outlet's name, and
    a `<source>` element names the outlet."""
    entries = []
    for number, (headline, outlet) in enumerate(items):
        link = f"https://digest.example/rss/articles/CBMi{number:04x}?oc=5"
        description = (
            f'<a href="{link}" target="_blank">{escape(headline)}</a>&nbsp;&nbsp;'
            f'<font color="#6f6f6f">{escape(outlet)}</font>'
        )
        entries.append(
            f"<item><title>{escape(f'{headline} - {outlet}')}</title><link>{link}</link>"
            f'<guid isPermaLink="false">CBMi{number:04x}</guid>'
            "<pubDate>Tue, 10 Jun 2025 08:00:00 GMT</pubDate>"
            f"<description>{escape(description)}</description>"
            f'<source url="https://{outlet.lower().replace(" ", "")}.example">'
            f"{escape(outlet)}</source></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title>" + "".join(entries) + "</channel></rss>"
    ).encode()
