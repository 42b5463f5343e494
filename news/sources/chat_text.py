"""Text that arrives in chat: what counts as a link, as a pasted article, and as a channel
post worth storing. A chat is mostly conversation; only what reads like news is an article."""

from __future__ import annotations

import re

from news.text.cleaning import split_sentences
from news.text.segmentation import news_length

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
# A pasted message counts as an article only when it reads like one, not like chit-chat.
MIN_PASTE_CHARS = 400
MIN_PASTE_SENTENCES = 3
# Shorter channel posts are announcements, polls and bare links, not news.
MIN_POST_CHARS = 200


def looks_like_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def looks_like_article(text: str) -> bool:
    """Long enough and in sentences; counted in letters' worth, as a Chinese paste of the same
    news is a third as long."""
    long_enough = news_length(text) >= MIN_PASTE_CHARS
    return long_enough and len(split_sentences(text)) >= MIN_PASTE_SENTENCES


def long_enough_post(text: str) -> bool:
    """Whether a channel post (or a media post's caption) is long enough to be an article."""
    return news_length(text.strip()) >= MIN_POST_CHARS
