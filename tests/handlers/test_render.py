"""Rendered briefings of any content are valid Telegram HTML within the message limit."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.runtime.delivery import parts_for
from handlers.render import MAX_MESSAGE_UNITS, utf16_len, visible_text
from news.briefings.compose import Briefing, BriefingItem
from news.records import Article, ChatSettings, Storyline
from news.search.summary import Quote
from news.storylines.figures import FigureReport, storyline_figures

NOW = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
ALLOWED = {"b", "i", "a", "code", "u", "s", "pre", "blockquote"}
PIECES = st.sampled_from([*"<>&\"'/ab ;=\n", "é", "漢字", "🙂", "👩‍👩‍👧", "\u202e", "&amp;", "<b>"])
NASTY = st.lists(PIECES, max_size=40).map("".join) | st.text(max_size=60)


class TelegramHtml(HTMLParser):
    """Fails on tags Telegram does not know and on unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, tag
        if tag == "a":
            href = dict(attrs).get("href") or ""
            assert href.startswith(("http://", "https://")), href
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag


def check(text: str) -> None:
    raw = text
    for entity in ("&lt;", "&gt;", "&amp;", "&quot;"):
        raw = raw.replace(entity, "")
    import re

    raw = re.sub(r"&#(\d+|x[0-9a-fA-F]+);", "", raw)
    assert "&" not in raw, "stray &"
    parser = TelegramHtml()
    parser.feed(text)
    parser.close()
    assert parser.stack == []
    assert 0 < utf16_len(visible_text(text)) <= MAX_MESSAGE_UNITS


def article(i: int, title: str, body: str, source: str, url: str) -> Article:
    return Article(i, title, body, source, url, None, NOW, 1)


def test_huge_items_are_cut_not_dropped() -> None:
    huge = "word " * 5000
    # Every figure disputed by fifty outlets with huge names.
    reports = [
        FigureReport(kind, f"{huge}{n}", 10 + n, "exact", n, NOW, NOW)
        for kind in ("deaths", "injured", "missing", "arrested", "evacuated", "rescued")
        for n in range(50)
    ]
    figures = storyline_figures(reports, NOW, NOW)
    items = []
    for i in range(1, 4):
        source = article(i, huge, huge, huge, "https://x.example/" + "a" * 3000)
        quoted = [Quote(huge, source)] * 3
        storyline = Storyline(i, huge, NOW, NOW, 3, 2)
        items.append(BriefingItem(storyline, quoted, [source], None, figures, i > 1))
    chat = ChatSettings(1, "UTC", (NOW.time(),))
    parts = parts_for(Briefing(1, NOW, None, items), chat, scheduled=True)
    for part in parts:
        check(part.text)
    assert sum(p.text.count("new article") for p in parts) == 3


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            NASTY,
            st.lists(NASTY | st.text(min_size=500, max_size=3000), max_size=3),
            NASTY,
            st.sampled_from(
                [
                    "https://x.example/a?b=1&c=<2>",
                    "javascript:alert(1)",
                    "tg://resolve?domain=x",
                    "",
                    'http://ok.example/"q"',
                ]
            ),
        ),
        min_size=1,
        max_size=25,
    ),
    NASTY,
)
def test_any_briefing_renders_valid_html_within_the_limit(items: list, topic: str) -> None:  # type: ignore[type-arg]
    briefing_items = []
    for index, (label, sentences, source, url) in enumerate(items, start=1):
        storyline = Storyline(index, label or "x", NOW, NOW, 3, 2)
        arts = [article(index, label, " ".join(sentences), source or "s", url)]
        quoted = [Quote(sentence, arts[0]) for sentence in sentences]
        briefing_items.append(BriefingItem(storyline, quoted, arts, topic if index % 2 else None))
    chat = ChatSettings(1, "Europe/Berlin", (NOW.time(),))
    parts = parts_for(Briefing(1, NOW, None, briefing_items), chat, scheduled=True)
    assert parts
    for part in parts:
        check(part.text)
    # Every item is in some part (long ones cut, never dropped).
    assert sum(p.text.count("new article") for p in parts) == len(briefing_items)
