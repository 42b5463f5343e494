"""Time zones by IANA name or by a common city name ("Kyiv", "new york", "Mumbai")."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Cities people name that are not the city of their IANA zone.
_ALIASES = {
    "kiev": "Europe/Kyiv",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "milan": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "geneva": "Europe/Zurich",
    "st petersburg": "Europe/Moscow",
    "lviv": "Europe/Kyiv",
    "odesa": "Europe/Kyiv",
    "kharkiv": "Europe/Kyiv",
    "osaka": "Asia/Tokyo",
    "rio de janeiro": "America/Sao_Paulo",
    "utc": "UTC",
    "gmt": "UTC",
}


@cache
def _by_city() -> dict[str, str]:
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/")):
            cities.setdefault(name.rsplit("/", 1)[1].replace("_", " ").lower(), name)
    return cities


def resolve_timezone(text: str) -> str | None:
    """The IANA name for a zone name or city, or None when unknown."""
    cleaned = " ".join(text.strip().split())
    if not cleaned or len(cleaned) > 64:
        return None
    try:
        ZoneInfo(cleaned.replace(" ", "_"))
    except (ZoneInfoNotFoundError, ValueError):
        pass
    else:
        if "/" in cleaned or cleaned.upper() == "UTC":
            return cleaned.replace(" ", "_") if cleaned.upper() != "UTC" else "UTC"
    key = cleaned.lower().replace("_", " ").replace(".", "")
    return _ALIASES.get(key) or _by_city().get(key)
