"""Canonical URLs: the same article behind different links is recognised as one."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader and never change the page.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "oly_")
_TRACKING_NAMES = frozenset(
    [
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "cmp",
        "smid",
        "sr_share",
        "ocid",
        "ito",
        "at_medium",
        "at_campaign",
        "__twitter_impression",
        "s_cid",
        "spm",
        "_ga",
        "_gl",
    ]
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """A normalized form of an http(s) URL, or "" when the text is not one."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return ""
    host = _ascii_host(parts.hostname.rstrip("."))
    if host.startswith("www."):
        host = host[4:]
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = "/".join(_segment(part) for part in (parts.path or "/").split("/"))
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    # A fragment only scrolls a page, except a hashbang or route ("#!/story/1", "#/story/1")
    # that single-page sites use as the address of each article.
    fragment = parts.fragment if parts.fragment.startswith(("!", "/")) else ""
    fragment = "/".join(_segment(part) for part in fragment.split("/"))
    # http and https serve the same article; one form keeps them together.
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), fragment))


def _ascii_host(host: str) -> str:
    """The host in lower case, an internationalised name in its punycode (wire) form."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _segment(part: str) -> str:
    """One path segment with one percent-encoding: "café", "caf%C3%A9" and "caf%c3%a9" agree."""
    # surrogateescape: bytes that are not UTF-8 come back as they were, not as U+FFFD.
    return quote(
        unquote(part, errors="surrogateescape"), safe="!$&'()*+,;=:@~", errors="surrogateescape"
    )


def site_name(url: str) -> str:
    """A readable outlet name from a URL's host ("bbc.co.uk"), or ""."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?|cms)$", re.IGNORECASE)
_SLUG_SEPARATORS = re.compile(r"[-_+]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def slug_words(url: str) -> list[str]:
    """The words of a URL's slug: the path segment that reads like a headline
    (".../sprint-chairman-eyes-t-mobile-buy.html"), or [] when none does.

    A segment counts when at least three of its parts are words and words are most of it, so
    ids, dates and section names ("news", "2014") are passed over.
    """
    try:
        path = unquote(urlsplit(url.strip()).path)
    except ValueError:
        return []
    best: list[str] = []
    for segment in path.split("/"):
        parts = [p for p in _SLUG_SEPARATORS.split(_PAGE_SUFFIX.sub("", segment)) if p]
        found = [p for p in parts if _WORD.fullmatch(p)]
        if len(found) >= 3 and 2 * len(found) >= len(parts) and len(found) > len(best):
            best = found
    return best
