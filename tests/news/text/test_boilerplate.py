"""Outlet boilerplate: what an outlet repeats under its articles is taken out, news is not."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from news.ingest import Ingestor
from news.records import PASTED_SOURCE, UNKNOWN_SOURCE, ArticleDraft
from news.text.boilerplate import Boilerplate, sentence_key, shown
from storage.store import Store
from tests.fakes.archive import MemoryArchive
from tests.fakes.feeds import LOCAL_STORIES, NEWSLETTER

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
GAZETTE = "Riverton Gazette"


def gazette(source: str = GAZETTE) -> list[ArticleDraft]:
    """Five unrelated local stories, each under the site's newsletter box and WordPress's
    "The post … appeared first on …" line."""
    return [
        ArticleDraft(
            title,
            f"{news}\n{NEWSLETTER}\nThe post {title} appeared first on Riverton Gazette.",
            source,
            f"https://rivertongazette.example/{number}",
        )
        for number, (title, news) in enumerate(LOCAL_STORIES)
    ]


def test_an_outlets_footer_is_taken_out_of_every_article_and_its_news_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="news.text.boilerplate")
    stripped = Boilerplate(MemoryArchive()).stripped(gazette(), NOW)
    assert [d.body for d in stripped] == [news for _, news in LOCAL_STORIES]
    assert "the post <title> appeared first on riverton gazette." in caplog.text


def test_sentences_a_few_updates_of_one_story_repeat_stay() -> None:
    """A quake's toll repeated by three of an outlet's ten articles is news, not a footer."""
    toll = "The quake killed 12 people in Kelvik."
    drafts = [
        ArticleDraft(f"Story {n}", f"Item {n} of the day is here. {toll if n < 3 else ''}", "Wire")
        for n in range(10)
    ]
    stripped = Boilerplate(MemoryArchive()).stripped(drafts, NOW)
    assert [d.body for d in stripped[:3]] == [d.body for d in drafts[:3]]


def test_sources_that_name_no_outlet_are_never_compared() -> None:
    for source in (UNKNOWN_SOURCE, PASTED_SOURCE):
        drafts = gazette(source)
        assert Boilerplate(MemoryArchive()).stripped(drafts, NOW) == drafts


def test_a_channels_signature_goes_from_its_third_post_and_after_a_restart_at_once() -> None:
    signature = "Subscribe to Kelvik Today for the news first: t.me/kelviktoday"
    posts = [
        ArticleDraft(title, f"{news}\n{signature}", "Kelvik Today", external_id=f"tg:1:{n}")
        for n, (title, news) in enumerate(LOCAL_STORIES)
    ]
    known = MemoryArchive()
    boilerplate = Boilerplate(known)
    one_at_a_time = [boilerplate.stripped([post], NOW)[0].body for post in posts]
    assert [signature in body for body in one_at_a_time] == [True, True, False, False, False]
    # A post offered again (an edit, a feed polled twice) is one article, not more repeats.
    again = Boilerplate(MemoryArchive())
    for _ in range(4):
        assert again.stripped([posts[0]], NOW)[0] == posts[0]
    # What was found is kept by storage: the next process takes it out of the first post.
    restarted = Boilerplate(known)
    assert restarted.stripped([posts[0]], NOW)[0].body == LOCAL_STORIES[0][1]


def test_a_link_or_the_articles_own_title_in_a_footer_reads_the_same_everywhere() -> None:
    first = sentence_key("Read more at https://site.example/a-b?x=1 today.", "a b")
    assert first == sentence_key("Read  more at https://site.example/other today.", "other")
    assert sentence_key("The post A b appeared first on Site.", "a b") == sentence_key(
        "The post Other title appeared first on Site.", "other title"
    )


def test_five_stories_of_one_site_are_five_storylines_and_its_footer_is_stored_once(
    store: Store,
) -> None:
    """Left in, the footers made these five one storyline."""
    report = Ingestor(store.archive).ingest(enumerate(gazette(), start=1), NOW)
    articles = store.archive.articles(report.article_ids)
    assert len({a.storyline_id for a in articles}) == 5
    assert all("newsletter" not in a.body and "appeared" not in a.body for a in articles)
    # The newsletter box is site chrome, gone before the outlet's articles are compared.
    stored = store.archive.boilerplate(GAZETTE)
    assert [shown(key) for key in stored] == [
        "the post <title> appeared first on riverton gazette."
    ]


def test_only_the_ends_of_a_long_article_are_read_for_what_its_outlet_repeats() -> None:
    middle = "Advertisement."
    drafts = [
        ArticleDraft(
            f"Headline {n}",
            " ".join(f"Story {n} says thing {i}." for i in range(15))
            + f" {middle} "
            + " ".join(f"Story {n} adds thing {i}." for i in range(15))
            + f"\n{NEWSLETTER}",
            GAZETTE,
        )
        for n in range(5)
    ]
    for draft in Boilerplate(MemoryArchive()).stripped(drafts, NOW):
        assert middle in draft.body and NEWSLETTER not in draft.body
        assert draft.body.endswith("adds thing 14.")
