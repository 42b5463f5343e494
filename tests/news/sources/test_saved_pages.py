from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from news.sources.saved_pages import parse_page

FETCHED = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def test_sample_page_gives_four_articles(shared_data: Path) -> None:
    text = (shared_data / "sample-page.txt").read_text(encoding="utf-8")
    drafts = parse_page(text, FETCHED, "Saved page")
    assert [d.source for d in drafts] == ["Saved page", "BBC News", "Daily Mail", "Reuters"]
    main, bbc, mail, reuters = drafts
    assert "peace talks" in main.title
    assert "Hashtags" not in main.body and "Try Our AI Features" not in main.body
    assert "Related Articles" not in main.body
    assert bbc.title.startswith("LA protests")
    assert bbc.published_at == FETCHED - timedelta(minutes=21)
    assert mail.published_at == FETCHED - timedelta(minutes=29)
    assert reuters.published_at == FETCHED - timedelta(minutes=40)
    assert reuters.body.startswith("KYIV, June 10 (Reuters)")


def test_invented_page_with_hour_times() -> None:
    page = "\n".join(
        [
            "Main headline",
            "Main body sentence.",
            "Comments",
            "No comments yet...",
            "Related Articles",
            "Wire One",
            "2 hours ago",
            "- Wire One",
            "Related headline",
            "Related body.",
        ]
    )
    main, related = parse_page(page, FETCHED, "Site")
    assert (main.title, main.body) == ("Main headline", "Main body sentence.")
    assert related.source == "Wire One"
    assert related.published_at == FETCHED - timedelta(hours=2)


@given(st.text())
def test_never_raises(text: str) -> None:
    for draft in parse_page(text, FETCHED, "x"):
        assert draft.title


@given(
    st.lists(
        st.sampled_from(
            [
                "Reuters",
                "5 minutes ago",
                "- Reuters",
                "Title",
                "Body.",
                "",
                "Hashtags",
                "Related Articles",
            ]
        ),
        max_size=40,
    )
)
def test_never_raises_on_page_like_lines(lines: list[str]) -> None:
    for draft in parse_page("\n".join(lines), FETCHED, "x"):
        assert draft.title
