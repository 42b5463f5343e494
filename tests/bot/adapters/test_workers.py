"""Analysis one batch ahead in a worker process: the same results as in place, in order."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

import bot.adapters.workers
from bench.corpus import articles
from bot.adapters.workers import _Worker, _worker_environment, analyzed_ahead
from news.ingest import BATCH_SIZE, Ingestor
from news.records import ArticleDraft
from news.storylines.analysis import analyze_all, in_place
from news.storylines.assignment import ClusterConfig
from storage.store import Store

CONFIG = ClusterConfig()


class Unpicklable(str):
    """A source name that cannot be sent to another process."""

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("this string stays in its process")


def batches(count: int, size: int) -> list[list[ArticleDraft]]:
    drafts = list(articles(count))
    return [drafts[i : i + size] for i in range(0, count, size)]


def test_a_worker_analyses_every_batch_as_this_process_would() -> None:
    wanted = batches(70, 20)
    seen = list(analyzed_ahead(wanted, list, CONFIG))
    assert [batch for batch, _ in seen] == wanted  # all of them, in order
    assert [analyses for _, analyses in seen] == [analyze_all(b, CONFIG) for b in wanted]


def test_a_failing_worker_leaves_the_rest_to_this_process(caplog: pytest.LogCaptureFixture) -> None:
    wanted = batches(60, 20)
    poisoned = wanted[1][0]
    wanted[1][0] = ArticleDraft(poisoned.title, poisoned.body, Unpicklable(poisoned.source))
    with caplog.at_level(logging.WARNING, logger="bot.adapters.workers"):
        seen = list(analyzed_ahead(wanted, list, CONFIG))
    assert "analysis worker failed" in caplog.text
    assert [analyses for _, analyses in seen] == [analyze_all(b, CONFIG) for b in wanted]


def test_a_killed_worker_leaves_the_rest_to_this_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    first, second = batches(40, 20)
    with (
        caplog.at_level(logging.WARNING, logger="bot.adapters.workers"),
        _Worker(CONFIG, True) as worker,
    ):
        pending = worker.submit(first)
        assert worker.process is not None
        worker.process.kill()
        worker.process.wait()
        assert pending() == analyze_all(first, CONFIG)  # from the worker or, if too late, here
        assert worker.submit(second)() == analyze_all(second, CONFIG)
    assert "analysis worker failed" in caplog.text and worker.process is None


def test_without_a_spare_core_everything_is_analysed_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_worker(*args: object) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(bot.adapters.workers, "spare_cores", lambda: 0)
    monkeypatch.setattr(bot.adapters.workers, "_Worker", no_worker)
    wanted = batches(60, 20)
    seen = list(analyzed_ahead(wanted, list, CONFIG))
    assert [analyses for _, analyses in seen] == [analyze_all(b, CONFIG) for b in wanted]


def test_the_worker_imports_this_code_wherever_it_was_found() -> None:
    root = Path(bot.adapters.workers.__file__).resolve().parents[2]
    assert _worker_environment()["PYTHONPATH"].split(os.pathsep)[0] == str(root)


def test_a_single_batch_is_analysed_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_worker(*args: object) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(bot.adapters.workers, "_Worker", no_worker)
    (only,) = batches(5, 20)
    assert list(analyzed_ahead([only], list, CONFIG)) == [(only, analyze_all(only, CONFIG))]
    assert list(analyzed_ahead([], list, CONFIG)) == []


def test_ingest_with_a_worker_stores_what_ingest_without_one_does(tmp_path) -> None:
    drafts = list(articles(BATCH_SIZE * 2 + 50))
    # A copy of an earlier article in a later batch: de-duplication sees the worker's keys.
    original = drafts[3]
    copy = ArticleDraft("Copy: " + original.title, original.body, "Another outlet")
    drafts.append(replace(copy, published_at=original.published_at))
    stored = []
    for analyzer in (in_place, analyzed_ahead):
        store = Store(tmp_path / f"{analyzer.__name__}.db")
        report = Ingestor(store.archive, analyzer=analyzer).ingest(
            enumerate(drafts, 1), datetime(2025, 6, 1, tzinfo=UTC)
        )
        assert report.duplicates == 1
        rows = store.db.execute("SELECT id, title, storyline_id FROM articles ORDER BY id")
        stored.append(rows.fetchall())
        store.close()
    assert stored[0] == stored[1] and len(stored[0]) == len(drafts) - 1
