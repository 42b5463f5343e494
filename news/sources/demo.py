"""The bundled demo corpus: 40 fictional articles by invented outlets, in 7 storylines."""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import resources

from news.records import ArticleDraft
from news.sources.jsonl import parse_jsonl

NOTICE = (
    "Demo corpus: 40 fictional articles (invented places, people and outlets) "
    "written for newsbrief, spread over five days."
)


def demo_lines() -> list[str]:
    return (
        resources.files("news")
        .joinpath("data/demo-fictional.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    )


def demo_drafts(now: datetime) -> list[ArticleDraft]:
    """The demo articles, moved in time so the newest appeared an hour before `now`."""
    drafts = [item for _, item in parse_jsonl(demo_lines()) if isinstance(item, ArticleDraft)]
    latest = max(d.published_at for d in drafts if d.published_at)
    shift = (now - timedelta(hours=1)) - latest
    return [
        ArticleDraft(
            title=d.title,
            body=d.body,
            source=d.source,
            url=d.url,
            published_at=d.published_at + shift if d.published_at else None,
            language=d.language,
            external_id=d.external_id,
        )
        for d in drafts
    ]
