"""Feed files as they come from the wild, made here: well-formed, ill-formed, empty, HTML,
other encodings. `python -m tests.fakes.feedfiles DIR [COUNT]` writes a batch to try by hand.

Each kind says how many entries an importer should store from it, or None when the file is
unusable as a whole; the texts are invented and differ enough never to be duplicates.
"""

from __future__ import annotations

import codecs
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

_WORDS = (
    "harbour council ferry strike river flood bridge school mayor union port market storm "
    "vote court budget hospital railway festival museum drought harvest fishermen tariff "
    "minister airport museum election reservoir pipeline factory protest treaty garrison"
).split()
_CYRILLIC = "порт мэрия паром забастовка река мост школа рынок шторм суд бюджет выборы".split()
_LATIN1 = "grève mairie négociation élection marché tempête école hôpital côte été".split()


@dataclass(frozen=True)
class FeedFile:
    name: str
    data: bytes
    entries: int | None  # entries to be stored; None: the file is unusable


def _sentence(rng: random.Random, words: list[str] | tuple[str, ...], n: int = 14) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def _items(rng: random.Random, tag: str, count: int, words: tuple[str, ...] | list[str]) -> str:
    items = []
    for _ in range(count):
        title = escape(_sentence(rng, words, 7)[:-1])
        body = escape(" ".join(_sentence(rng, words) for _ in range(4)))
        link = f"https://wild.example/{tag}/{rng.getrandbits(48):x}"
        items.append(
            f"<item><title>{title}</title><link>{link}</link>"
            f"<description>{body}</description>"
            "<pubDate>Mon, 02 Jun 2025 08:00:00 GMT</pubDate></item>"
        )
    return "".join(items)


def _rss(items: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f'{declaration}<rss version="2.0"><channel><title>Wild</title>{items}</channel></rss>'


def _atom(rng: random.Random, tag: str, count: int) -> str:
    entries = "".join(
        f"<entry><title>{_sentence(rng, _WORDS, 6)}</title>"
        f'<link href="https://wild.example/{tag}/{rng.getrandbits(48):x}"/>'
        f"<id>urn:{tag}:{rng.getrandbits(48):x}</id><updated>2025-06-02T08:00:00Z</updated>"
        f"<summary>{' '.join(_sentence(rng, _WORDS) for _ in range(3))}</summary></entry>"
        for _ in range(count)
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Wild Atom</title>{entries}</feed>'


def _json_feed(rng: random.Random, tag: str, count: int) -> str:
    import json

    items = [
        {
            "id": f"{tag}-{i}",
            "url": f"https://wild.example/{tag}/{rng.getrandbits(48):x}",
            "title": _sentence(rng, _WORDS, 6),
            "content_text": " ".join(_sentence(rng, _WORDS) for _ in range(3)),
        }
        for i in range(count)
    ]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Wild JSON", "items": items}
    )


Maker = Callable[[random.Random, str], FeedFile]


def _kinds() -> list[Maker]:
    def utf8(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.xml", _rss(_items(rng, tag, 3, _WORDS)).encode(), 3)

    def atom(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.atom", _atom(rng, tag, 2).encode(), 2)

    def cp1251(rng: random.Random, tag: str) -> FeedFile:
        feed = _rss(_items(rng, tag, 2, _CYRILLIC), '<?xml version="1.0" encoding="windows-1251"?>')
        return FeedFile(f"{tag}.rss", feed.encode("windows-1251"), 2)

    def latin1(rng: random.Random, tag: str) -> FeedFile:
        feed = _rss(_items(rng, tag, 2, _LATIN1), '<?xml version="1.0" encoding="ISO-8859-1"?>')
        return FeedFile(f"{tag}.xml", feed.encode("latin-1"), 2)

    def undeclared_cp1251(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.xml", _rss(_items(rng, tag, 2, _CYRILLIC), "").encode("cp1251"), 2)

    def bogus_declaration(rng: random.Random, tag: str) -> FeedFile:
        feed = _rss(_items(rng, tag, 2, _WORDS), '<?xml version="1.0" encoding="bogus"?>')
        return FeedFile(f"{tag}.xml", feed.encode(), 2)

    def bom(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(
            f"{tag}.xml", codecs.BOM_UTF8 + _rss(_items(rng, tag, 1, _WORDS)).encode(), 1
        )

    def utf16(rng: random.Random, tag: str) -> FeedFile:
        feed = _rss(_items(rng, tag, 1, _WORDS), '<?xml version="1.0" encoding="utf-16"?>')
        return FeedFile(f"{tag}.xml", feed.encode("utf-16"), 1)

    def unescaped_ampersand(rng: random.Random, tag: str) -> FeedFile:
        feed = _rss(_items(rng, tag, 2, _WORDS)).replace("Wild", "Wild & Free")
        return FeedFile(f"{tag}.xml", feed.encode(), 2)

    def truncated(rng: random.Random, tag: str) -> FeedFile:
        feed = _rss(_items(rng, tag, 3, _WORDS)).encode()
        cut = feed.index(b"</item>", feed.index(b"</item>") + 1) + len(b"</item>") + 40
        return FeedFile(f"{tag}.xml", feed[:cut], 2)

    def empty_channel(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.xml", _rss("").encode(), 0)

    def json_feed(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.json", _json_feed(rng, tag, 2).encode(), 2)

    def empty(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.xml", b"", None)

    def html(rng: random.Random, tag: str) -> FeedFile:
        page = f"<!DOCTYPE html><html><body><p>{_sentence(rng, _WORDS)}</p></body></html>"
        return FeedFile(f"{tag}.xml", page.encode(), None)

    def garbage(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.xml", rng.randbytes(300), None)

    def plain_text(rng: random.Random, tag: str) -> FeedFile:
        return FeedFile(f"{tag}.rss", _sentence(rng, _WORDS).encode(), None)

    return [
        utf8,
        atom,
        cp1251,
        latin1,
        undeclared_cp1251,
        bogus_declaration,
        bom,
        utf16,
        unescaped_ampersand,
        truncated,
        empty_channel,
        json_feed,
        empty,
        html,
        garbage,
        plain_text,
    ]


def feed_files(count: int, seed: int = 7) -> list[FeedFile]:
    """`count` files, the kinds in turn."""
    rng = random.Random(seed)
    kinds = _kinds()
    return [kinds[i % len(kinds)](rng, f"f{i:04d}") for i in range(count)]


def write(folder: Path, count: int) -> list[tuple[Path, FeedFile]]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file in feed_files(count):
        path = folder / file.name
        path.write_bytes(file.data)
        written.append((path, file))
    return written


if __name__ == "__main__":
    made = write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 320)
    usable = [f for _, f in made if f.entries is not None]
    print(
        f"{len(made)} files, {len(made) - len(usable)} unusable, "
        f"{sum(f.entries or 0 for f in usable)} entries to store"
    )
