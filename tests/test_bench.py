"""The benchmark scripts at toy sizes: every figure line comes out, well-formed and sane."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.anchor import anchor, single_pass, tfidf_vectors
from bench.briefing import bench_compose
from bench.corpus import articles
from bench.ingest import bench_ingest
from bench.search import bench_search
from bench.topic_feeds import topic_feeds
from storage.store import Store


def figures(text: str) -> dict[str, float]:
    found = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name, value = line.split("  #")[0].split("=")
        found[name] = float(value)
    return found


def test_the_corpus_is_deterministic_and_realistic() -> None:
    first, again = list(articles(300)), list(articles(300))
    assert first == again
    assert all(2000 <= len(a.body) <= 4400 for a in first)
    assert len({a.source for a in first}) > 20
    assert len({a.title.split(":")[0] for a in first}) > 5  # many storylines


DIGEST = """
import hashlib
from bench.corpus import articles
print(hashlib.sha256(repr(list(articles(50))).encode()).hexdigest())
"""


def test_the_corpus_is_the_same_in_every_process() -> None:
    """A resumed build continues the same corpus: nothing may follow string hashing."""
    here = hashlib.sha256(repr(list(articles(50))).encode()).hexdigest()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", DIGEST], env=env, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == here


def test_ingest_search_and_compose_print_their_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(tmp_path / "bench.db")
    bench_ingest(tmp_path, store, small=40, large=120, repeats=2)
    assert store.archive.article_count() == 120
    bench_search(store)
    bench_compose(store, chats=20)
    store.close()
    out = capsys.readouterr().out
    printed = figures(out)
    assert set(printed) == {
        "ingest_ratio",
        "ingest_cost_growth",
        "search_p95_ms",
        "search_ratio",
        "compose_seconds_100k",
    }
    if hasattr(os, "posix_fadvise"):
        assert "# search with nothing cached at 120 articles" in out
    assert "# raw insert_all of the same 40 rows into a table of 120: " in out
    assert not list(tmp_path.glob("raw.db*"))  # the floor's tables are not left behind
    assert not list(tmp_path.glob("stored.db*"))
    assert not list(tmp_path.glob("trial.db*"))  # nor the copies timed beside the archive
    assert 0 < printed["ingest_ratio"] < 1  # the bare insert is always faster
    stored = re.search(r"# storage alone .*: (\d+)/s, ([\d.]+) of the raw insert_all", out)
    assert stored is not None and float(stored.group(2)) > 0
    assert all(value > 0 for value in printed.values())


def test_a_stopped_build_resumes_where_it_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(tmp_path / "bench.db")
    bench_ingest(tmp_path, store, small=30, large=60)
    bench_ingest(tmp_path, store, small=30, large=100)
    titles = [a.title for a in store.archive.articles(list(range(1, 101)))]
    store.close()
    assert titles == [a.title for a in articles(100)]  # no article skipped or repeated
    assert "resuming at 60 articles" in capsys.readouterr().out


def test_the_report_replaces_its_own_block_and_keeps_the_rest(tmp_path: Path) -> None:
    from bench import report

    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nWritten by hand.\n")
    report.write(doc, "quick", ["# quick run", "search_p95_ms=18.900  # p50 12 ms"])
    report.write(doc, "full", ["peak_rss_mb=334.900"])
    report.write(doc, "quick", ["search_p95_ms=21.000"])
    text = doc.read_text()
    assert text.startswith("# Performance\n\nWritten by hand.\n")
    assert text.count("<!-- bench:quick -->") == 1 and text.count("<!-- bench:full -->") == 1
    assert "| `search_p95_ms` | ≤ 50 | 21.000 |  |" in text and "18.900" not in text
    assert "| `peak_rss_mb` | ≤ 400 | 334.900 |  |" in text


def test_the_naive_anchor_clusters_by_cosine_and_scores_pairs() -> None:
    quake = "Earthquake of magnitude six strikes Kelvik harbour, rescuers search rubble"
    strike = "Transit drivers walk out in Lenn over pay, buses stand idle"
    vectors = tfidf_vectors([quake, quake + " again", strike])
    assert single_pass(vectors, 0.5) == [0, 0, 1]
    assert single_pass(vectors, 1.01) == [0, 1, 2]  # no cosine reaches it: all apart
    stories = [
        {"title": quake, "cluster": "q"},
        {"title": quake + " again", "cluster": "q"},
        {"title": strike, "cluster": "s"},
    ]
    assert anchor(stories)["bcubed_f1"] == 1.0
    pairs = [
        {"text1": quake, "text2": quake + " again", "same_story": True},
        {"text1": quake, "text2": strike, "same_story": False},
    ]
    assert anchor(pairs) == {"pairs": 2, "auc": 1.0}


def test_a_topic_feed_is_a_word_spanning_several_stories() -> None:
    def headlines(story: str, count: int, title: str) -> list[dict[str, str]]:
        return [{"title": f"{title} {n}", "cluster": story} for n in range(count)]

    records = [
        *headlines("recall", 40, "Orbix update recalls phones"),
        *headlines("strike", 15, "Ferry update as strike ends"),
        *headlines("storm", 10, "Storm update for the coast"),
        # "orbix" names 44 headlines of 3 stories, but over 90% of them are one story's.
        *headlines("earnings", 2, "Orbix earnings beat"),
        *headlines("shares", 2, "Orbix shares rise"),
    ]
    feeds = topic_feeds(records)
    assert list(feeds) == ["update"] and len(feeds["update"]) == 65
