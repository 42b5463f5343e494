from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from news.records import ArticleDraft, Rejection
from news.sources.jsonl import parse_jsonl


def test_valid_and_invalid_lines_are_numbered() -> None:
    lines = [
        '{"id": "a1", "title": "Quake hits", "text": "A quake hit. Many fled.", "source": "Wire",'
        ' "published_at": "2025-06-01T10:00:00Z"}',
        "{not json",
        "",
        '["a list"]',
        '{"title": "", "text": ""}',
        '{"title": "Bad date", "published_at": "yesterday-ish"}',
        '{"text": "Only a body here. Second sentence."}',
    ]
    results = dict(parse_jsonl(lines))
    first = results[1]
    assert isinstance(first, ArticleDraft)
    assert first.external_id == "a1"
    assert first.published_at == datetime(2025, 6, 1, 10, tzinfo=UTC)
    assert [n for n, r in results.items() if isinstance(r, Rejection)] == [2, 4, 5, 6]
    rejection = results[2]
    assert isinstance(rejection, Rejection) and "JSON" in rejection.reason
    last = results[7]
    assert isinstance(last, ArticleDraft)
    assert last.title == "Only a body here."
    assert last.source == "unknown"


def test_source_falls_back_to_the_url_host() -> None:
    ((_, draft),) = parse_jsonl(['{"title": "T", "url": "https://www.bbc.co.uk/news/1"}'])
    assert isinstance(draft, ArticleDraft) and draft.source == "bbc.co.uk"


@given(st.lists(st.text()))
def test_never_raises_on_arbitrary_lines(lines: list[str]) -> None:
    for number, item in parse_jsonl(lines):
        assert isinstance(item, ArticleDraft | Rejection)
        assert number >= 1


@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "text", "source", "published_at", "url"]),
        st.one_of(st.text(), st.integers(), st.none(), st.booleans(), st.lists(st.integers())),
    )
)
def test_never_raises_on_arbitrary_records(record: dict[str, object]) -> None:
    import json

    for _, item in parse_jsonl([json.dumps(record)]):
        assert isinstance(item, ArticleDraft | Rejection)


def test_a_word_alone_is_no_article_a_headline_or_a_linked_title_is() -> None:
    lines = [
        '{"title": "x"}',
        '{"title": "strike", "url": "https://civic.example/strike"}',
        '{"title": "strike", "text": "Drivers went back to work on Monday."}',
        '{"title": "Port Aurel transit strike ends"}',
    ]
    found = dict(parse_jsonl(lines))
    assert found[1] == Rejection(
        1, "a title alone that short is no article: give its text or its url"
    )
    assert all(isinstance(found[n], ArticleDraft) for n in (2, 3, 4))
