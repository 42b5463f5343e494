"""Pages and feeds in the encodings news sites use, declared every way a page can declare one."""

from __future__ import annotations

import pytest

from news.sources.encoding import codec_for, decode
from news.sources.feeds import parse_feed
from news.sources.webpages import extract_article
from tests.fakes.pages import STORIES, page


@pytest.mark.parametrize("charset", sorted(STORIES))
@pytest.mark.parametrize("how", ["meta", "http-equiv", "header", "undeclared"])
def test_pages_are_read_in_their_own_encoding(charset: str, how: str) -> None:
    title, body = STORIES[charset]
    head = {
        "meta": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
    }.get(how, "")
    data = page(title, body, head).encode(charset)
    content_type = f"text/html; charset={charset}" if how == "header" else "text/html"
    article = extract_article(data, "https://news.example/a", content_type)
    assert article is not None
    assert article.title == title
    assert body.split(". ")[0] in article.body
    assert "\ufffd" not in article.body


def test_utf8_wins_over_a_wrong_label() -> None:
    title, body = STORIES["windows-1251"]
    data = page(title, body, '<meta charset="iso-8859-1">').encode("utf-8")
    assert decode(data, "text/html; charset=iso-8859-1").count("Кельвик") == 3


def test_a_declaration_the_bytes_contradict_is_passed_over() -> None:
    title, body = STORIES["gb18030"]
    # Said to be Shift_JIS, really GB18030: the strict decode fails, detection takes over.
    data = page(title, body, '<meta charset="shift_jis">').encode("gb18030")
    assert title in decode(data)


def test_byte_order_marks() -> None:
    assert decode("\ufeffKyiv".encode("utf-16-le")) == "Kyiv"
    assert decode(b"\xef\xbb\xbfKyiv") == "Kyiv"


def test_a_multibyte_character_cut_by_the_size_cap_is_dropped_not_garbled() -> None:
    data = ("Київ " * 100).encode("utf-8")[:-1]
    text = decode(data, "text/html; charset=windows-1251")
    assert text.startswith("Київ Київ") and "\ufffd" not in text


def test_labels_browsers_widen() -> None:
    assert codec_for("ISO-8859-1") == "cp1252"
    assert codec_for("gb2312") == "gb18030"
    assert codec_for("Shift_JIS") == "cp932"
    assert codec_for("bogus") is None
    assert codec_for("utf-16") == "utf-8"


@pytest.mark.parametrize("charset", ["windows-1251", "iso-8859-1", "gb18030"])
def test_feeds_in_a_declared_encoding(charset: str) -> None:
    title, body = STORIES[charset]
    feed = (
        f'<?xml version="1.0" encoding="{charset}"?><rss version="2.0"><channel>'
        f"<title>{title[:12]}</title><item><title>{title}</title>"
        f"<description>{body}</description><link>https://news.example/1</link></item>"
        "</channel></rss>"
    ).encode(charset)
    parsed = parse_feed(feed, {}, "")
    assert parsed.error is None
    [(_, draft)] = parsed.records
    assert getattr(draft, "title", None) == title


def test_feed_with_a_bogus_declaration_is_read_as_utf8() -> None:
    feed = (
        '<?xml version="1.0" encoding="bogus"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>Прогноз: снег в Кельвике</title><link>https://n.example/2</link></item>"
        "</channel></rss>"
    ).encode()
    parsed = parse_feed(feed, {}, "")
    assert parsed.error is None
    assert [getattr(d, "title", "") for _, d in parsed.records] == ["Прогноз: снег в Кельвике"]


def test_feed_without_declaration_in_a_legacy_encoding() -> None:
    title, body = STORIES["windows-1251"]
    feed = (
        f'<rss version="2.0"><channel><title>Вести</title><item><title>{title}</title>'
        f"<description>{body}</description></item></channel></rss>"
    ).encode("windows-1251")
    [(_, draft)] = parse_feed(feed, {"content-type": "application/rss+xml"}, "").records
    assert getattr(draft, "title", None) == title
