"""Saved news pages: one main article, site boilerplate, then a "Related Articles" block.

A related item reads `Source` / `21 minutes ago` / `- Source` / title / body lines.
"""

from __future__ import annotations

from datetime import datetime

from news.dates import is_relative_time, parse_relative
from news.records import ArticleDraft
from news.text.cleaning import normalize, one_line

# Lines that end the main article: the page's furniture, never part of a story.
_BOILERPLATE_HEADINGS = frozenset(
    h.lower()
    for h in (
        "Hashtags",
        "Comments",
        "No comments yet...",
        "Try Our AI Features",
        "Related Articles",
        "Related",
        "Related Stories",
        "Read more",
        "Read More",
        "More from",
        "Share this article",
        "Share",
        "Advertisement",
        "Trending",
        "Most Read",
        "Recommended",
        "You may also like",
        "Sign up",
        "Newsletter",
    )
)


def _is_boilerplate(line: str) -> bool:
    lowered = line.strip().lower().rstrip(":")
    return lowered in _BOILERPLATE_HEADINGS or (
        lowered.startswith("explore what") and lowered.endswith("can do for you")
    )


def _item_starts(lines: list[str]) -> list[int]:
    """Indexes where a related item begins: source, relative time, '- source'."""
    starts = []
    for i in range(len(lines) - 3):
        source = lines[i].strip()
        if (
            source
            and is_relative_time(lines[i + 1])
            and lines[i + 2].strip().lstrip("-–— ").strip() == source
            and lines[i + 2].strip()[:1] in "-–—"
        ):
            starts.append(i)
    return starts


def parse_page(text: str, fetched_at: datetime, main_source: str) -> list[ArticleDraft]:
    """The main article plus one article per related item, boilerplate dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = _item_starts(lines)
    main_end = starts[0] if starts else len(lines)
    drafts: list[ArticleDraft] = []

    main_lines = [line.strip() for line in lines[:main_end]]
    for index, line in enumerate(main_lines):
        if _is_boilerplate(line):
            main_lines = main_lines[:index]
            break
    content = [line for line in main_lines if line]
    if content:
        title = one_line(content[0])
        body = normalize("\n".join(content[1:]))
        if title and (body or len(content) == 1):
            drafts.append(ArticleDraft(title=title, body=body, source=main_source))

    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        source = one_line(lines[start])
        published = parse_relative(lines[start + 1], fetched_at)
        rest = [line.strip() for line in lines[start + 3 : end]]
        for index, line in enumerate(rest):
            if _is_boilerplate(line):
                rest = rest[:index]
                break
        rest = [line for line in rest if line]
        if not rest:
            continue
        drafts.append(
            ArticleDraft(
                title=one_line(rest[0]),
                body=normalize("\n".join(rest[1:])),
                source=source,
                published_at=published,
            )
        )
    return drafts


def looks_like_page(text: str) -> bool:
    """Whether a text has the related-items shape of a saved news page."""
    return bool(_item_starts(text.replace("\r\n", "\n").split("\n")[:5000]))
