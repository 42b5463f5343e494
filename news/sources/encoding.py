"""Turning a page's or a feed's bytes into text: by what it declares, else by detection.

A byte-order mark decides first. Bytes that are valid UTF-8 are read as UTF-8 whatever the
label says: legacy text is almost never valid UTF-8 by chance, while servers that label every
page ISO-8859-1 are common. Otherwise the HTTP header's charset, then the document's own
declaration (`<?xml … encoding>` or `<meta charset>`), then statistical detection
(charset-normalizer). A declaration the bytes contradict is passed over.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Where the document's own declaration is looked for (browsers look in the first 1,024
# bytes; real pages put long <head> scripts first, so a wider window finds more).
PRESCAN_BYTES = 8192
# Detection reads at most this much: enough to tell a code page, bounded for huge pages.
DETECT_BYTES = 200_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']")
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE | re.DOTALL
)
# Labels whose browser meaning is a superset codec: a page labelled latin-1 is read as
# windows-1252 by every browser, and its authors wrote it for that.
_SUPERSETS = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "big5": "big5hkscs",
}


def codec_for(label: str) -> str | None:
    """Python's codec for a charset label as pages write it, or None when unknown."""
    label = label.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page cannot really be UTF-16 if it declared so in ASCII bytes: browsers read UTF-8.
    return "utf-8" if name.startswith("utf-16") else name


def header_charset(content_type: str) -> str | None:
    found = _HEADER_CHARSET.search(content_type or "")
    return codec_for(found.group(1)) if found else None


def declared_charset(data: bytes) -> str | None:
    """The encoding the document names in its XML declaration or a <meta> tag."""
    head = data[:PRESCAN_BYTES]
    found = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    if found is None:
        return None
    return codec_for(found.group(1).decode("ascii", errors="ignore"))


def decode(data: bytes, content_type: str = "") -> str:
    """The document's text; never fails (undecodable bytes become U+FFFD)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    for label in ("utf-8", header_charset(content_type), declared_charset(data)):
        if label is None:
            continue
        try:
            # Not final: a multi-byte character cut off by a size cap is dropped, not an error.
            return codecs.getincrementaldecoder(label)().decode(data, final=False)
        except UnicodeDecodeError:
            continue
    return data.decode(detect(data), errors="replace")


def detect(data: bytes) -> str:
    """The most likely encoding of bytes that are not UTF-8 (windows-1252 when unsure)."""
    best = charset_normalizer.from_bytes(data[:DETECT_BYTES]).best()
    codec = codec_for(best.encoding) if best is not None else None
    return codec or "cp1252"
