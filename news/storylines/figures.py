"""A storyline's figures: what its reports say of the dead, the injured, the missing… now, how
that changed since a reader last saw it, and where outlets disagree.

Each outlet speaks by its latest report of a figure. The storyline's value is the one most
outlets' latest reports agree with (a lower bound agrees with any value at or above it, and
an outlet's older, lower figure with a toll that rose since), the newest on a tie: the latest
best-supported value, never a blend. An outlet whose latest report disagrees with it, and is
not merely older and lower, is a disagreement to show.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol

from news.language.figure_words import AT_LEAST, COUNT_KINDS, EXACT, KINDS, MORE_THAN
from news.language.figures import Figure, figures
from news.records import Article, Storyline

# Figures are read from each article once per process (briefings of many chats share them).
_CACHED_ARTICLES = 50_000
# A storyline's figures are read from its newest articles: a toll is told by the latest.
FIGURE_ARTICLES = 200


class FigureArchive(Protocol):
    def storyline_articles(
        self, storyline_id: int, limit: int, until: datetime | None = None
    ) -> list[Article]: ...


@dataclass(frozen=True, slots=True)
class FigureReport:
    """One outlet's report of a figure, in one article: `at` when the article tells of it
    (published, else stored), `fetched_at` when it was stored."""

    kind: str
    source: str
    value: float
    bound: str
    article_id: int
    at: datetime
    fetched_at: datetime
    public_id: str = ""  # the article's id as JSON shows it


@dataclass(frozen=True, slots=True)
class StorylineFigure:
    kind: str
    value: float
    bound: str
    latest: FigureReport  # the newest report that states the value
    reports: tuple[FigureReport, ...]  # each outlet's latest report, oldest first
    history: tuple[FigureReport, ...]  # every report, oldest first
    previous: StorylineFigure | None = None  # as the reader last saw it, if they did
    seen_until: datetime | None = None  # when they last saw it

    @property
    def disagreeing(self) -> list[FigureReport]:
        """Outlets whose latest report contradicts the value (and is not just older)."""
        return [r for r in self.reports if not _supports(r, self.value, self.bound, self.latest)]

    @property
    def newly_disputed(self) -> bool:
        """Whether an outlet disagrees in a report the reader has not seen."""
        seen = self.seen_until
        return any(seen is None or r.fetched_at > seen for r in self.disagreeing)

    @property
    def changed(self) -> bool:
        """Whether the value differs from what the reader last saw (new counts as changed)."""
        return self.previous is None or (self.previous.value, self.previous.bound) != (
            self.value,
            self.bound,
        )


def article_figures(article: Article) -> list[Figure]:
    """The figures an article's headline and lead state."""
    return _figures(article.id, article.title, article.body[:1200], article.language)


@lru_cache(maxsize=_CACHED_ARTICLES)
def _figures(article_id: int, title: str, lead: str, language: str) -> list[Figure]:
    del article_id  # part of the key only: two articles may share a text
    return figures(title, lead, language)


def figure_reports(articles: Sequence[Article]) -> list[FigureReport]:
    """Every figure the articles state, oldest first."""
    found = []
    for article in sorted(articles, key=lambda a: (a.when, a.id)):
        for figure in article_figures(article):
            found.append(
                FigureReport(
                    figure.kind,
                    article.source,
                    figure.value,
                    figure.bound,
                    article.id,
                    article.when,
                    article.fetched_at,
                    article.public_id,
                )
            )
    return found


def storyline_figures(
    reports: Sequence[FigureReport], until: datetime, seen_until: datetime | None = None
) -> list[StorylineFigure]:
    """The storyline's figures from the reports stored by `until`; with `seen_until` (the
    reader's previous briefing), each also as it stood then."""
    return StorylineReports([], list(reports)).figures(until, seen_until)


def daily_figures(
    reports: Sequence[FigureReport], days: Sequence[date]
) -> dict[str, list[float | None]]:
    """Each counted figure's storyline value at the end of each day (None before its first
    report), by when the reports tell of it: the lines of the timeline chart."""
    lines: dict[str, list[float | None]] = {}
    for kind in COUNT_KINDS:
        history = [r for r in reports if r.kind == kind]
        if not history:
            continue
        values = []
        for day in days:
            figure = _figure(kind, [r for r in history if r.at.date() <= day])
            values.append(figure.value if figure is not None else None)
        lines[kind] = values
    return lines


class StorylineReports:
    """A storyline's newest articles and the figures they report, with each figure's value
    at a given time worked out once: the chats of one briefing sweep share them."""

    MEMO = 512  # values kept per storyline version (chats' previous briefings cluster)

    def __init__(self, articles: list[Article], reports: list[FigureReport]) -> None:
        self.articles = articles
        self.reports = reports
        self.kinds = {r.kind for r in self.reports}
        self._values: dict[tuple[str, datetime], StorylineFigure | None] = {}
        self._lock = threading.Lock()

    def figure(self, kind: str, until: datetime) -> StorylineFigure | None:
        key = (kind, until)
        with self._lock:
            if key in self._values:
                return self._values[key]
        found = _figure(kind, [r for r in self.reports if r.kind == kind and r.fetched_at <= until])
        with self._lock:
            if len(self._values) >= self.MEMO:
                self._values.clear()
            self._values[key] = found
        return found

    def figures(self, now: datetime, seen_until: datetime | None) -> list[StorylineFigure]:
        result = []
        for kind in KINDS:
            if kind not in self.kinds:
                continue
            figure = self.figure(kind, now)
            if figure is None:
                continue
            if seen_until is not None:
                before = self.figure(kind, min(seen_until, now))
                figure = replace(figure, previous=before, seen_until=seen_until)
            result.append(figure)
        return result


class ReportCache:
    """Each storyline's StorylineReports, read once per version of the storyline (its article
    count and latest activity) and shared by the briefings of every chat."""

    def __init__(self, size: int = 2_000) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[object, int, int, datetime], StorylineReports] = OrderedDict()
        self._lock = threading.Lock()

    def entry(
        self, archive: object, storyline: Storyline, read: Callable[[], Sequence[Article]]
    ) -> StorylineReports:
        # The archive is part of the key: another database may hold a storyline of that id.
        key = (archive, storyline.id, storyline.article_count, storyline.last_seen)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept
        articles = list(read())
        found = StorylineReports(articles, figure_reports(articles))
        with self._lock:
            self._kept[key] = found
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return found


REPORTS = ReportCache()


def figures_of(
    archive: FigureArchive,
    storyline: Storyline,
    now: datetime,
    seen_until: datetime | None = None,
    shown: Callable[[Sequence[Article]], Sequence[Article]] | None = None,
) -> list[StorylineFigure]:
    """A storyline's figures as of `now` (and as of `seen_until`, when given); with `shown` (a
    chat's mutes), from the articles it keeps only: a muted outlet's figures are not told."""
    entry = REPORTS.entry(
        archive, storyline, lambda: archive.storyline_articles(storyline.id, FIGURE_ARTICLES)
    )
    if shown is None:
        return entry.figures(now, seen_until)
    kept = {article.id for article in shown(entry.articles)}
    reports = [report for report in entry.reports if report.article_id in kept]
    return storyline_figures(reports, now, seen_until)


def _figure(kind: str, history: list[FigureReport]) -> StorylineFigure | None:
    if not history:
        return None
    latest_by_source = {report.source: report for report in history}
    reports = sorted(latest_by_source.values(), key=lambda r: r.at)
    exact = [r for r in reports if r.bound == EXACT]
    candidates = exact or [max(reports, key=lambda r: (r.value, r.at))]

    def support(candidate: FigureReport) -> tuple[int, datetime]:
        backing = sum(_supports(r, candidate.value, candidate.bound, candidate) for r in reports)
        return backing, candidate.at

    best = max(candidates, key=support)
    return StorylineFigure(kind, best.value, best.bound, best, tuple(reports), tuple(history))


def _supports(report: FigureReport, value: float, bound: str, latest: FigureReport) -> bool:
    """Whether an outlet's latest report is consistent with the value: the same (allowing for
    rounding), a bound the value meets, or an older and lower figure a rising toll left
    behind."""
    if report.bound == EXACT and bound == EXACT:
        return _same(report.value, value) or (report.at < latest.at and report.value < value)
    if report.bound == AT_LEAST:
        return value >= report.value or bound != EXACT
    if report.bound == MORE_THAN:
        return value > report.value or bound != EXACT
    # An exact figure against a bound: below the bound contradicts it, unless it is older.
    floor = value if bound == AT_LEAST else value + 1
    return report.value >= floor or report.at < latest.at


def _same(one: float, other: float) -> bool:
    """Equal, or equal but for rounding: a round figure within 5% of a precise one."""
    if one == other:
        return True
    low, high = sorted((one, other))
    rounded = any((v >= 100 and v % 100 == 0) or (v >= 20 and v % 10 == 0) for v in (one, other))
    return rounded and high - low <= 0.05 * high
