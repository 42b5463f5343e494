"""The ingest use case against an archive in memory: de-duplication and storylines, no SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.sources.demo import demo_drafts
from news.text.cleaning import first_sentence, title_and_body
from storage.store import Store
from tests.fakes.archive import MemoryArchive

T0 = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)

QUAKE_A = [
    ArticleDraft(
        "Earthquake of magnitude 6.1 shakes Kelvik, 12 dead",
        "A magnitude 6.1 earthquake struck Kelvik on Tuesday morning, killing 12 people. "
        "Rescuers in Kelvik searched collapsed houses near the harbour through the night. "
        "The Kelvik mayor opened schools as shelters for families whose homes were damaged.",
        "Harbour Wire",
        "https://wire.example/kelvik-quake",
    ),
    ArticleDraft(
        "Kelvik earthquake toll rises to 12 as rescuers search harbour district",
        "Rescuers searched collapsed houses in the Kelvik harbour district after Tuesday's "
        "magnitude 6.1 earthquake. Twelve people died, the Kelvik mayor said, and schools "
        "were opened as shelters. Aftershocks rattled Kelvik through the night.",
        "Coast Daily",
        "https://coast.example/news/kelvik-toll",
    ),
]
QUAKE_B = ArticleDraft(
    "Magnitude 5.4 earthquake hits Dorvel valley, no casualties",
    "An earthquake of magnitude 5.4 hit the Dorvel valley on Thursday. Farmers in Dorvel "
    "reported cracked barns and fallen stone walls, but no one was hurt. Dorvel's dam "
    "engineers inspected the reservoir wall and found it sound.",
    "Valley Post",
    "https://valley.example/dorvel-quake",
)


def ingest(archive: MemoryArchive, drafts: list[ArticleDraft], when: datetime) -> list[int]:
    report = Ingestor(archive).ingest(enumerate(drafts, 1), when)
    return [archive.rows[i].article.storyline_id or 0 for i in report.article_ids]


def test_one_event_from_two_outlets_is_one_storyline_another_event_another() -> None:
    archive = MemoryArchive()
    first = ingest(archive, QUAKE_A, T0)
    other = ingest(archive, [QUAKE_B], T0 + timedelta(days=2))
    assert first[0] == first[1]
    assert other[0] != first[0]
    storyline = archive.storyline(first[0])
    assert storyline is not None and storyline.article_count == 2 and storyline.source_count == 2


def test_the_same_link_or_the_same_words_are_stored_once_and_the_outlet_remembered() -> None:
    archive = MemoryArchive()
    ingest(archive, QUAKE_A[:1], T0)
    tracked = ArticleDraft(
        "Kelvik quake: 12 dead",
        "Another write-up of the same page.",
        "Aggregator",
        "https://wire.example/kelvik-quake?utm_source=feed",
    )
    copied = ArticleDraft(QUAKE_A[0].title, QUAKE_A[0].body, "Copy Desk", "https://copy.example/1")
    report = Ingestor(archive).ingest([(1, tracked), (2, copied)], T0 + timedelta(hours=1))
    assert (report.imported, report.duplicates) == (0, 2)
    assert archive.syndicated[1] == {"Aggregator", "Copy Desk"}


def test_the_memory_archive_places_articles_as_sqlite_does() -> None:
    """The contract: the same drafts make the same storylines in both implementations."""
    drafts = demo_drafts(T0)
    memory = MemoryArchive()
    Ingestor(memory).ingest(enumerate(drafts, 1), T0)
    store = Store(":memory:")
    try:
        Ingestor(store.archive).ingest(enumerate(drafts, 1), T0)
        stored = store.archive.articles(list(range(1, len(drafts) + 1)))
        in_sqlite = [a.storyline_id for a in stored]
    finally:
        store.close()
    in_memory = [memory.rows[i].article.storyline_id for i in range(1, len(drafts) + 1)]
    assert in_memory == in_sqlite
    assert len(set(in_memory)) >= 5


def test_a_wire_headline_is_stored_without_its_process_labels() -> None:
    archive = MemoryArchive()
    updated = ArticleDraft(
        "UPDATE 2-" + QUAKE_A[0].title, QUAKE_A[0].body, "Harbour Wire", "https://wire.example/2"
    )
    report = Ingestor(archive).ingest([(1, updated)], T0)
    assert archive.rows[report.article_ids[0]].article.title == QUAKE_A[0].title


def test_an_article_is_stored_without_the_pages_words_to_its_visitor() -> None:
    archive = MemoryArchive()
    pasted = ArticleDraft(
        QUAKE_A[0].title,
        QUAKE_A[0].body + "\nSign up to our newsletter to get stories like this in your inbox.",
        "Harbour Wire",
        "https://wire.example/3",
    )
    report = Ingestor(archive).ingest([(1, pasted)], T0)
    assert archive.rows[report.article_ids[0]].article.body == QUAKE_A[0].body


def test_a_pasted_pages_first_line_of_chrome_is_not_its_headline() -> None:
    archive = MemoryArchive()
    title, body = title_and_body(f"Advertisement\n{QUAKE_A[0].body}")
    report = Ingestor(archive).ingest([(1, ArticleDraft(title, body, "Harbour Wire"))], T0)
    stored = archive.rows[report.article_ids[0]].article
    assert stored.title == first_sentence(QUAKE_A[0].body)
    assert stored.body == QUAKE_A[0].body
