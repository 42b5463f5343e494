"""An article's own analysis: its keys for de-duplication and its terms, batch by batch."""

from __future__ import annotations

from bench.corpus import articles
from news.sources.urls import canonical_url
from news.storylines.analysis import analyze, analyze_all, in_place
from news.storylines.assignment import ClusterConfig, term_counts
from news.storylines.dedup import fingerprint, minhash_bands, shingles

CONFIG = ClusterConfig()


def test_analysis_keys_dedup_and_counts_terms() -> None:
    draft = next(iter(articles(1)))
    analysis = analyze(draft, CONFIG)
    assert analysis.url_key == canonical_url(draft.url)
    assert analysis.fingerprint == fingerprint(draft)
    assert analysis.bands == minhash_bands(shingles(draft.body)) and len(analysis.bands) == 16
    assert analysis.counts == term_counts(draft.title, draft.body, CONFIG, draft.url)
    assert analyze(draft, CONFIG, dedupe=False).bands == []  # nothing will be compared


def test_in_place_pairs_each_batch_with_its_analyses() -> None:
    drafts = list(articles(30))
    wanted = [drafts[:20], drafts[20:]]
    assert list(in_place(iter(wanted), list, CONFIG)) == [
        (batch, analyze_all(batch, CONFIG)) for batch in wanted
    ]
