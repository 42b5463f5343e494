"""Plain data objects shared by every layer: articles, storylines, chats, follows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from news.vectors import Vector

# Sources that name no outlet: a record without one, and text a reader pasted.
UNKNOWN_SOURCE = "unknown"
PASTED_SOURCE = "pasted"


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """A parsed and normalized article that is not stored yet."""

    title: str
    body: str
    source: str
    url: str = ""
    published_at: datetime | None = None
    language: str = ""
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article about to be stored, with what its own text yields for finding it again."""

    draft: ArticleDraft
    url_key: str  # its canonical URL ("" when it has none, or copies are kept apart)
    fingerprint: str  # of its words: the same words are the same article
    fetched_at: datetime
    bands: Sequence[tuple[int, int]]  # MinHash bands, filed under `day`
    day: int  # news.storylines.dedup.day_number of its date
    # Its embedding (headline and lead), when a model is in use: kept so that a correction
    # recomputes its storylines' sums without the model.
    embedding: Vector | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article."""

    id: int
    title: str
    body: str
    source: str
    url: str
    published_at: datetime | None
    fetched_at: datetime
    storyline_id: int | None = None
    external_id: str | None = None
    language: str = ""

    @property
    def public_id(self) -> str:
        """The id shown to users and in JSON: the imported record's own id when it had one."""
        return self.external_id if self.external_id is not None else str(self.id)

    @property
    def when(self) -> datetime:
        """The time the story happened, as well as we know it."""
        return self.published_at or self.fetched_at


@dataclass(frozen=True, slots=True)
class Storyline:
    """A cluster of articles about one real-world story."""

    id: int
    label: str
    first_seen: datetime
    last_seen: datetime
    article_count: int
    source_count: int


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that could not be imported, with where and why."""

    line: int
    reason: str


@dataclass(slots=True)
class IngestReport:
    """What an import did: counts plus the rejected records."""

    imported: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    unusable_files: int = 0  # inputs that could not be used at all (unreadable, not a feed)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def summary(self) -> str:
        line = f"imported {self.imported}, duplicates {self.duplicates}, rejected {self.rejected}"
        return f"{line}, unusable files {self.unusable_files}" if self.unusable_files else line

    def merge(self, other: IngestReport) -> None:
        self.imported += other.imported
        self.duplicates += other.duplicates
        self.rejections.extend(other.rejections)
        self.article_ids.extend(other.article_ids)
        self.unusable_files += other.unusable_files


class DeliveryStatus(StrEnum):
    """What became of a briefing: a ledger row's status, or why none was claimed."""

    PENDING = "pending"  # claimed; being composed or sent (or a crash left it)
    SENT = "sent"
    RECORDED = "recorded"  # no bot configured: written to the ledger only
    EMPTY = "empty"  # nothing new, and the chat asked for quiet
    DEFERRED = "deferred"  # to be tried again at its next attempt time
    FAILED = "failed"
    BLOCKED = "blocked"  # the chat blocked the bot or is gone
    UNKNOWN = "unknown"  # a read timeout: Telegram may or may not have delivered it
    DUPLICATE = "duplicate"  # already delivered for this slot: nothing claimed
    INACTIVE = "inactive"  # the chat is inactive: nothing claimed


class Days(StrEnum):
    """On which local days a chat gets its scheduled briefing."""

    DAILY = "daily"
    WEEKDAYS = "weekdays"
    WEEKLY = "weekly"


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """A chat's briefing schedule and preferences."""

    chat_id: int
    timezone: str
    briefing_times: tuple[time, ...]  # one to four a day, in order
    days: Days = Days.DAILY
    weekly_day: int = 0  # 0 = Monday, as datetime.weekday() counts
    quiet_when_empty: bool = True
    active: bool = True
    chat_type: str = "private"


class MuteKind(StrEnum):
    SOURCE = "source"
    WORD = "word"


@dataclass(frozen=True, slots=True)
class Muted:
    """What a chat never wants to see: outlets by name, and words (matched by their stem)."""

    sources: frozenset[str] = frozenset()  # lower case, for matching
    words: frozenset[str] = frozenset()  # lower case, for matching
    written: tuple[tuple[MuteKind, str], ...] = ()  # each as the reader and the outlet write it

    def __bool__(self) -> bool:
        return bool(self.sources or self.words)


class FollowKind(StrEnum):
    STORYLINE = "storyline"
    TOPIC = "topic"


@dataclass(frozen=True, slots=True)
class Follow:
    """A chat's subscription to a storyline or to a topic query."""

    id: int
    chat_id: int
    kind: FollowKind
    storyline_id: int | None
    topic: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched HTTP response: final URL, status, headers (lower-case names) and body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    # Set when a permanent redirect (301/308) moved the resource: feeds store the new URL.
    moved_to: str | None = None


class FetchError(Exception):
    """A fetch that failed or was refused; the message is plain words for the operator."""

    def __init__(self, message: str, refused: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.refused = refused  # refused for safety before any connection was made
        self.status = status


@dataclass(frozen=True, slots=True)
class Feed:
    """An RSS/Atom/JSON feed the bot polls, with its health."""

    id: int
    url: str
    title: str
    interval: timedelta
    active: bool
    failures: int = 0
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    last_new: int = 0
    deactivated_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ChannelSource:
    """A Telegram channel the bot is in; its posts become articles once an admin enables it."""

    chat_id: int
    title: str
    username: str | None  # public channels have one: their posts have t.me links
    enabled: bool

    def post_url(self, message_id: int) -> str:
        return f"https://t.me/{self.username}/{message_id}" if self.username else ""

    @property
    def shown(self) -> str:
        return f"{self.title} (@{self.username})" if self.username else self.title


class CorrectionKind(StrEnum):
    MERGE = "merge"
    SPLIT = "split"
    MOVE = "move"
    LABEL = "label"


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction a person made to the storylines, as the log keeps it."""

    id: int
    kind: CorrectionKind
    storyline_id: int
    others: tuple[int, ...]  # the storylines merged in, or the articles moved
    label: str
    made_by: str
    made_at: datetime
    # What undoing it needs (news/storylines/corrections.py), and when it was undone.
    undo: Mapping[str, Any] = field(default_factory=dict)
    undone_at: datetime | None = None

    @property
    def changed(self) -> str:
        """What it changed, in words: the storylines merged in, the articles moved, the label."""
        if self.kind is CorrectionKind.LABEL:
            return self.label
        noun = "storyline" if self.kind is CorrectionKind.MERGE else "article"
        plural = "s" if len(self.others) > 1 else ""
        return f"{noun}{plural} {', '.join(map(str, self.others))}"

    @property
    def storylines(self) -> set[int]:
        """The storylines it changed: a later correction of one of them blocks its undo."""
        return {self.storyline_id, *self.undo.get("storylines", ())}
