"""Settings from the environment (and .env), validated once at start-up."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from bot.adapters.embeddings import MODES, PACKAGE, available
from bot.adapters.fetcher import Network
from news.briefings.schedule import clock_time
from news.briefings.timezones import resolve_timezone

DEFAULT_DB = "./data/newsbrief.db"
DEFAULT_API_URL = "https://api.telegram.org/bot"
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")


class SettingsError(ValueError):
    """A setting is invalid; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = None
    db_path: str = DEFAULT_DB
    admin_ids: frozenset[int] = frozenset()
    timezone: str = "UTC"
    briefing_time: time = time(8, 0)
    feed_poll_interval: timedelta = timedelta(minutes=15)
    api_url: str = DEFAULT_API_URL
    catchup_window: timedelta = timedelta(hours=3)
    results_per_page: int = 5
    log_level: str = "INFO"
    full_text: bool = False
    open_ingest: bool = False
    open_corrections: bool = False
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    send_rate: int = 25
    # Messages a chat may send at once before it is slowed to two a second (0: no limit).
    chat_burst: int = 10
    backup_dir: str | None = None
    backup_hours: int = 24
    backup_keep: int = 7
    # auto, e5 or off (bot/adapters/embeddings.py); tests build Settings directly and get words
    # alone.
    embeddings: str = "off"
    # Private networks feeds and pages may be fetched from (a feed bridge on the LAN).
    allow_networks: tuple[Network, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        def get(name: str) -> str:
            return env.get(name, "").strip()

        token = get("NEWSBRIEF_TELEGRAM_TOKEN") or None
        if token is not None and not _TOKEN.match(token):
            raise SettingsError(
                "NEWSBRIEF_TELEGRAM_TOKEN: not a bot token "
                "(expected 123456:ABC..., from @BotFather)"
            )
        admin_ids: set[int] = set()
        for part in filter(None, (p.strip() for p in get("NEWSBRIEF_ADMIN_IDS").split(","))):
            if not re.fullmatch(r"-?\d{1,20}", part):
                raise SettingsError(f"NEWSBRIEF_ADMIN_IDS: {part!r} is not a numeric Telegram id")
            admin_ids.add(int(part))
        zone_text = get("NEWSBRIEF_TIMEZONE") or "UTC"
        zone = resolve_timezone(zone_text)
        if zone is None:
            raise SettingsError(f"NEWSBRIEF_TIMEZONE: unknown time zone {zone_text!r}")
        time_text = get("NEWSBRIEF_BRIEFING_TIME") or "08:00"
        briefing_time = clock_time(time_text)
        if briefing_time is None:
            raise SettingsError(f"NEWSBRIEF_BRIEFING_TIME: {time_text!r} is not HH:MM")
        api_url = get("NEWSBRIEF_TELEGRAM_API_URL") or DEFAULT_API_URL
        parts = urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SettingsError(f"NEWSBRIEF_TELEGRAM_API_URL: {api_url!r} is not an http(s) URL")
        level = (get("NEWSBRIEF_LOG_LEVEL") or "INFO").upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise SettingsError(
                f"NEWSBRIEF_LOG_LEVEL: {level!r} is not DEBUG, INFO, WARNING or ERROR"
            )
        embeddings = (get("NEWSBRIEF_EMBEDDINGS") or "auto").lower()
        if embeddings not in MODES:
            raise SettingsError(f"NEWSBRIEF_EMBEDDINGS: {embeddings!r} is not auto, e5 or off")
        if embeddings == "e5" and not available():
            raise SettingsError(
                f"NEWSBRIEF_EMBEDDINGS: e5 needs the {PACKAGE} package, which has a wheel for "
                "Linux x86-64 only; use auto or off here"
            )
        return cls(
            token=token,
            db_path=get("NEWSBRIEF_DB") or DEFAULT_DB,
            admin_ids=frozenset(admin_ids),
            timezone=zone,
            briefing_time=briefing_time,
            feed_poll_interval=timedelta(
                minutes=_number(env, "NEWSBRIEF_FEED_POLL_MINUTES", 15, 1, 24 * 60)
            ),
            api_url=api_url,
            catchup_window=timedelta(hours=_number(env, "NEWSBRIEF_CATCHUP_HOURS", 3, 0, 48)),
            results_per_page=_number(env, "NEWSBRIEF_RESULTS_PER_PAGE", 5, 1, 10),
            log_level=level,
            full_text=_flag(env, "NEWSBRIEF_FETCH_FULL_TEXT"),
            open_ingest=_flag(env, "NEWSBRIEF_OPEN_INGEST"),
            open_corrections=_flag(env, "NEWSBRIEF_OPEN_CORRECTIONS"),
            webhook_listen=get("NEWSBRIEF_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_number(env, "NEWSBRIEF_WEBHOOK_PORT", 8443, 1, 65535),
            webhook_secret=_secret(get("NEWSBRIEF_WEBHOOK_SECRET")),
            send_rate=_number(env, "NEWSBRIEF_SEND_RATE", 25, 1, 30),
            chat_burst=_number(env, "NEWSBRIEF_CHAT_BURST", 10, 0, 1000),
            backup_dir=get("NEWSBRIEF_BACKUP_DIR") or None,
            backup_hours=_number(env, "NEWSBRIEF_BACKUP_HOURS", 24, 1, 24 * 30),
            backup_keep=_number(env, "NEWSBRIEF_BACKUP_KEEP", 7, 1, 1000),
            embeddings=embeddings,
            allow_networks=_networks(get("NEWSBRIEF_ALLOW_NETWORKS")),
        )


def _networks(text: str) -> tuple[Network, ...]:
    networks = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(
                f"NEWSBRIEF_ALLOW_NETWORKS: {part!r} is not a network such as 192.168.1.0/24"
            ) from None
    return tuple(networks)


def _secret(text: str) -> str | None:
    # Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - in a webhook secret token.
    if not text:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", text):
        raise SettingsError(
            "NEWSBRIEF_WEBHOOK_SECRET: use 1-256 characters among A-Z, a-z, 0-9, _ and -"
        )
    return text


def _flag(env: Mapping[str, str], name: str) -> bool:
    text = env.get(name, "").strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name}: {text!r} is not true or false")


def _number(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not re.fullmatch(r"\d+", text) or not low <= int(text) <= high:
        raise SettingsError(f"{name}: {text!r} is not a whole number from {low} to {high}")
    return int(text)


def read_environment(environ: Mapping[str, str], env_file: Path = Path(".env")) -> dict[str, str]:
    """The process environment over the .env file's values (the environment wins)."""
    merged: dict[str, str] = {}
    if env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(environ)
    return merged
