"""What the numbers say, in the chat: a briefing tells how a followed storyline's toll moved and
where outlets disagree, /story lists each figure's history, within Telegram's limits."""

from __future__ import annotations

from bot.app import NewsApplication
from news.ingest import Ingestor
from news.records import ArticleDraft
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message, press
from tests.handlers.test_chat import assert_valid_html, send

PLACE = (
    "The river Alda burst its banks in Kelvik overnight, flooding the old town and the harbour "
    "quay. Mayor Hanne Roos said rescue crews were searching flooded streets near the quay."
)


def report(store: Store, clock: FakeClock, title: str, lead: str, source: str) -> int:
    draft = ArticleDraft(title, f"{lead} {PLACE}", source)
    done = Ingestor(store.archive).ingest([(1, draft)], clock())
    (article,) = store.archive.articles(done.article_ids)
    return article.storyline_id or 0


async def test_the_toll_in_briefings_and_in_story(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    storyline = report(store, clock, "Kelvik floods: 12 dead", "12 people died.", "Coast Wire")
    clock.advance(minutes=5)
    await send(app, message(f"/follow {storyline}"))
    clock.advance(hours=1)
    report(store, clock, "Kelvik floods: toll rises to 19", "The toll rose to 19.", "Harbour Daily")
    clock.advance(minutes=5)
    await send(app, message("/briefing"))
    first = request_recorder.last_text()
    assert_valid_html(first)
    assert "📊 Deaths 19 (Harbour Daily" in first and "→" not in first

    clock.advance(hours=12)
    report(store, clock, "Kelvik floods: 27 dead, 5 missing", "27 people died.", "Coast Wire")
    report(store, clock, "Kelvik floods: 23 dead", "23 people died there.", "River Times")
    clock.advance(minutes=5)
    await send(app, message("/briefing"))
    second = request_recorder.last_text()
    assert_valid_html(second)
    assert "📊 Deaths 19 → 27 · missing 5 (new)" in second
    assert "⚖ Deaths: 27 (Coast Wire) · 23 (River Times)" in second

    clock.advance(hours=1)
    report(store, clock, "Kelvik quay reopens after floods", "Ferries ran again.", "Coast Wire")
    clock.advance(minutes=5)
    await send(app, message("/briefing"))
    third = request_recorder.last_text()
    assert "1 new article from 1 source" in third
    assert "📊" not in third and "⚖" not in third  # nothing changed, nobody newly disagrees

    await send(app, message(f"/story {storyline}"))
    story = request_recorder.last_text()
    assert_valid_html(story)
    assert "<b>Figures</b>" in story
    assert "Deaths: <b>27</b> (12 — Coast Wire" in story
    assert "Missing: <b>5</b>" in story

    chart = [
        data
        for label, data in request_recorder.buttons(request_recorder.sent()[-1])
        if "Timeline" in label
    ]
    await send(app, press(chart[0]))
    (photo,) = [c for c in request_recorder.calls if c.method == "sendPhoto"]
    assert "lines: deaths, missing as reported" in str(photo.params["caption"])
