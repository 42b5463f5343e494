"""Text as it comes in, made clean: HTML to text, normalised spaces, sentences, truncation."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from news.text.segmentation import cjk_sentences, has_cjk

_TAG_HINT = re.compile(r"<[a-zA-Z/!][^>]*>")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# Control characters other than newline and tab never belong in stored text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, turning block tags into line breaks."""

    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "blockquote",
            "pre",
        ]
    )
    _SKIP = frozenset(("script", "style", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (tags dropped, entities decoded)."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def normalize(text: str) -> str:
    """Unicode NFC, HTML removed when present, spaces collapsed, paragraphs kept."""
    if _TAG_HINT.search(text):
        text = html_to_text(text)
    elif "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text.replace("\r\n", "\n")))
    text = text.replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    """The text on a single line, for titles and labels."""
    return " ".join(normalize(text).split())


# Wire services mark a headline's place in their process, not the news: "UPDATE 2-", "REFILE-",
# "BREAKING:", "… -- 3rd Update", "(Updated)". Left in, they make unrelated headlines alike and
# read oddly in a briefing. Tags of what a piece is ("VIDEO:", "Opinion:", an agency's
# "Correction:" notice) tell the reader something, and stay.
_PROCESS = r"(?:breaking(?: news)?|(?:update|updated)(?: \d+)?|refile|rpt|corrected)"
_LEADING_TAG = re.compile(rf"^(?:{_PROCESS}\s*(?::|\||\s[-–—]\s)\s*)+", re.IGNORECASE)
# A wire's capitals may be joined by a bare hyphen: "UPDATE 1-Mt. Gox files …".
_LEADING_WIRE_TAG = re.compile(r"^(?:(?:UPDATE(?: \d+)?|REFILE|RPT|CORRECTED)-)+")
_TRAILING_TAG = re.compile(
    rf"(?:\s*\(\s*{_PROCESS}\s*\)|\s*(?:--|[-–—|])\s*(?:\d+(?:st|nd|rd|th) )?update(?: \d+)?)$",
    re.IGNORECASE,
)


def without_process_tags(headline: str) -> str:
    """A headline without the wire's process tags around it (the headline itself when it
    is nothing else)."""
    bare = _LEADING_WIRE_TAG.sub("", _LEADING_TAG.sub("", headline))
    bare = _TRAILING_TAG.sub("", bare).strip()
    return bare or headline


# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "ave",
        "blvd",
        "rd",
    ]
)


def _capitals() -> str:
    """A character class of the capital letters before U+2000 (Latin with its accents, Greek,
    Cyrillic, Armenian): `re` has no class for them, and names start with one in any script."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x2000):
        if chr(code).isupper() or chr(code).istitle():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"


CAPITAL = _capitals()
_SENTENCE_END = re.compile(r"""([.!?…]+)(["'”’)\]]*)\s+(?=["'“‘(\[]?(?:[0-9]|""" + CAPITAL + "))")


# German writes a day as an ordinal before its month, with a full stop: "am 6. Februar".
_GERMAN_MONTHS = frozenset(
    (
        "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember"
    ).split()
)


def _word_at(text: str, start: int) -> str:
    return text[start:].split(" ", 1)[0].rstrip(",.;:")


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: paragraphs first, then ends of sentences that are not abbreviations."""
    sentences: list[str] = []
    for paragraph in normalize(text).split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            before = paragraph[start : match.start(1)]
            last_word = before.rsplit(" ", 1)[-1].lower().rstrip(".")
            # "U.S. officials", "Dr. Smith", "J. Smith", the German "am 6. Februar": a full stop
            # that does not end a sentence.
            if match.group(1) == "." and (
                last_word in _ABBREVIATIONS
                or (len(last_word) == 1 and last_word.isalpha())
                or (last_word.isdigit() and _word_at(paragraph, match.end()) in _GERMAN_MONTHS)
            ):
                continue
            sentences.append(paragraph[start : match.end(2)].strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            sentences.append(tail)
    if has_cjk(text):  # no space follows a Chinese or Japanese full stop
        return [part for s in sentences for part in cjk_sentences(s)]
    return [s for s in sentences if s]


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a text, cut at a word boundary when very long."""
    sentences = split_sentences(text)
    if not sentences:
        return ""
    return truncate(sentences[0], limit)


def truncate(text: str, limit: int) -> str:
    """Text cut to at most `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return (cut or text[: limit - 1]) + "…"


# --- words ----------------------------------------------------------------------------------


def title_and_body(text: str) -> tuple[str, str]:
    """A message's text as an article: a short first line is its title and the rest its body;
    otherwise the first sentence is the title and the whole text the body."""
    body = normalize(text)
    lines = [line for line in body.split("\n") if line.strip()]
    if len(lines) > 1 and len(lines[0]) <= 200:
        return one_line(lines[0]), "\n".join(lines[1:])
    return first_sentence(body), body
