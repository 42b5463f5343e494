"""/mute, /unmute and /muted: what they answer, and what a muted chat no longer sees."""

from __future__ import annotations

import re

import pytest

from bot.app import NewsApplication
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message
from tests.handlers.test_chat import CHAT, assert_valid_html, demo, send

__all__ = ["demo"]  # the fixture, used by name


@pytest.mark.parametrize(
    "text",
    ["/mute", "/mute source", "/mute colour red", "/mute word two words", "/mute word " + "x" * 61],
)
async def test_bad_arguments_get_the_usage_line(
    app: NewsApplication, request_recorder: RecordingRequest, text: str
) -> None:
    await send(app, message(text))
    assert request_recorder.last_text().startswith("Usage: /mute source NAME")


async def test_mute_list_and_unmute(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/mute source Daily Mail"))
    assert "Muted the source “Daily Mail”" in request_recorder.last_text()
    await send(app, message("/mute source daily mail"))
    assert "was muted already" in request_recorder.last_text()
    await send(app, message("/mute word celebrity"))
    await send(app, message("/muted"))
    listed = request_recorder.last_text()
    assert_valid_html(listed)
    # Shown as written, matched in any case.
    assert "Source: Daily Mail" in listed and "Word: celebrity" in listed
    muted = store.mutes.for_chat(CHAT)
    assert muted.sources == {"daily mail"} and muted.words == {"celebrity"}
    await send(app, message("/following"))
    assert "Word: celebrity" in request_recorder.last_text()
    await send(app, message("/settings"))
    assert "Muted: celebrity, Daily Mail" in request_recorder.last_text()
    await send(app, message("/unmute word celebrity"))
    assert "Unmuted the word “celebrity”" in request_recorder.last_text()
    await send(app, message("/unmute word celebrity"))
    assert "was not muted" in request_recorder.last_text()
    await send(app, message("/unmute sideways"))
    assert request_recorder.last_text().startswith("Usage: /unmute")
    await send(app, message("/unmute all"))
    assert not store.mutes.for_chat(CHAT)


@pytest.mark.usefixtures("demo")
async def test_search_leaves_out_what_is_muted(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    await send(app, message("/search Karsk earthquake"))
    before = request_recorder.last_text()
    await send(app, message("/mute word Karsk"))
    await send(app, message("/search Karsk earthquake"))
    after = request_recorder.last_text()
    assert any("Karsk" in label for label in labels(before))
    assert not any("Karsk" in label for label in labels(after))
    assert "Karsk" not in after.split("</b>", 1)[1]  # nor in any summary shown


def labels(results: str) -> list[str]:
    return re.findall(r"<b>#\d+ (.+?)</b>", results)


@pytest.mark.usefixtures("demo")
async def test_an_outlet_is_muted_by_its_whole_name_as_it_writes_it(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/mute source coastline"))
    offer = request_recorder.last_text()
    assert offer.startswith("No outlet is called “coastline”. Did you mean one of these?")
    assert "<code>/mute source Coastline Radio</code>" in offer
    assert not store.mutes.for_chat(CHAT)  # a part of a name mutes nothing: nothing muted
    await send(app, message("/mute source coastline radio"))
    assert "Muted the source “Coastline Radio”" in request_recorder.last_text()
    await send(app, message("/mute source Nonexistent Outlet"))
    said = request_recorder.last_text()
    assert "No outlet called “Nonexistent Outlet” has been seen yet" in said
    await send(app, message("/muted"))
    listed = request_recorder.last_text()
    assert "Source: Coastline Radio" in listed and "Source: Nonexistent Outlet" in listed


@pytest.mark.usefixtures("demo")
async def test_when_mutes_hide_every_result_search_says_so(
    app: NewsApplication, request_recorder: RecordingRequest
) -> None:
    await send(app, message("/mute word Karsk"))
    await send(app, message("/search Karsk"))
    said = request_recorder.last_text()
    assert said.startswith("Nothing to show for “Karsk”: your muted sources or words hide the")
    assert "/muted" in said
    await send(app, message("/search zeppelin regatta"))
    assert request_recorder.last_text().startswith("Nothing found for")  # not the mutes' doing


@pytest.mark.usefixtures("demo")
async def test_search_counts_what_the_reader_can_see(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/search transit strike"))
    first = request_recorder.last_text()
    storyline_id = int(re.findall(r"<b>#(\d+) ", first)[0])
    articles = store.archive.storyline_articles(storyline_id, 100)
    sources = {a.source for a in articles}
    assert f"{len(articles)} articles · {len(sources)} sources" in first
    outlet = next(
        s for s in sorted(sources) if sum(a.source == s for a in articles) < len(articles)
    )
    left = [a for a in articles if a.source != outlet]
    await send(app, message(f"/mute source {outlet}"))
    await send(app, message("/search transit strike"))
    after = request_recorder.last_text()
    assert f"#{storyline_id} " in after
    counted = f"{len(left)} article{'s' if len(left) != 1 else ''} · {len(sources) - 1} source"
    assert counted in after
