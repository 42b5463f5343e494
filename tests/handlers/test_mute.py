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
    assert "Source: daily mail" in listed and "Word: celebrity" in listed
    muted = store.mutes.for_chat(CHAT)
    assert muted.sources == {"daily mail"} and muted.words == {"celebrity"}
    await send(app, message("/following"))
    assert "Word: celebrity" in request_recorder.last_text()
    await send(app, message("/settings"))
    assert "Muted: celebrity, daily mail" in request_recorder.last_text()
    await send(app, message("/unmute word celebrity"))
    assert "Unmuted the word “celebrity”" in request_recorder.last_text()
    await send(app, message("/unmute word celebrity"))
    assert "was not muted" in request_recorder.last_text()
    await send(app, message("/unmute sideways"))
    assert request_recorder.last_text().startswith("Usage: /unmute")
    await send(app, message("/unmute all"))
    assert store.mutes.for_chat(CHAT) == type(muted)()


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
