"""Articles in other languages than English: told apart by their language's everyday words."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from news.ingest import Ingestor
from news.language.detection import declared, detected, language_of
from news.records import ArticleDraft
from news.sources.feeds import parse_feed
from news.storylines.corrections import Editor
from storage.store import Store
from tests.fakes.feeds import rss

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "storylines"
T0 = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)

# Per language: two outlets' reports of one earthquake, then an unrelated council story told
# in the same everyday words (invented places; written for these tests).
STORIES = {
    "de": [
        (
            "Erdbeben der Stärke 6,1 erschüttert das Hochland von Karsk",
            "Ein Erdbeben der Stärke 6,1 hat am Montagmorgen das Hochland von Karsk "
            "erschüttert. Nach Angaben des Gouverneurs kamen 12 Menschen ums Leben, und die "
            "Rettungskräfte suchen in den Dörfern um Dorvel nach Überlebenden. Es war das "
            "stärkste Beben in der Region seit Jahren.",
        ),
        (
            "Karsker Beben: Zahl der Toten steigt auf zwölf",
            "Die Zahl der Toten nach dem Erdbeben im Hochland von Karsk ist auf zwölf "
            "gestiegen. Rettungskräfte durchsuchen die Trümmer eingestürzter Häuser in den "
            "Dörfern rund um Dorvel, sagte der Gouverneur am Montagabend. Das Beben hatte "
            "eine Stärke von 6,1.",
        ),
        (
            "Stadtrat beschließt neuen Haushalt für das kommende Jahr",
            "Der Stadtrat von Port Aurel hat am Mittwoch den Haushalt für das kommende Jahr "
            "beschlossen. Nach Angaben des Bürgermeisters bekommen Schulen und Krankenhäuser "
            "mehr Geld, und für die Reparatur der Straßen gibt es ein Drittel mehr als im "
            "vergangenen Jahr. Es war die längste Sitzung des Rates seit Jahren.",
        ),
    ],
    "es": [
        (
            "Un terremoto de magnitud 6,1 sacude las tierras altas de Karsk",
            "Un terremoto de magnitud 6,1 sacudió el lunes por la mañana las tierras altas "
            "de Karsk. Según el gobernador, murieron 12 personas y los equipos de rescate "
            "buscan supervivientes en los pueblos alrededor de Dorvel. Fue el terremoto más "
            "fuerte de la región en los últimos años.",
        ),
        (
            "Sube a doce la cifra de muertos por el terremoto de Karsk",
            "La cifra de muertos por el terremoto en las tierras altas de Karsk subió a "
            "doce, dijo el gobernador el lunes por la noche. Los rescatistas buscan entre "
            "los escombros de las casas derrumbadas en los pueblos cerca de Dorvel. El "
            "sismo fue de magnitud 6,1.",
        ),
        (
            "El ayuntamiento aprueba el presupuesto para el próximo año",
            "El ayuntamiento de Port Aurel aprobó el miércoles el presupuesto para el "
            "próximo año. Según el alcalde, las escuelas y los hospitales recibirán más "
            "dinero, y para la reparación de las calles habrá un tercio más que el año "
            "pasado. Fue la sesión más larga del consejo en los últimos años.",
        ),
    ],
    "ru": [
        (
            "Землетрясение магнитудой 6,1 произошло в горах Карска",
            "Землетрясение магнитудой 6,1 произошло в понедельник утром в горах Карска. По "
            "словам губернатора, погибли 12 человек, и спасатели ищут выживших под "
            "завалами домов в деревнях вокруг Дорвела. Это было самое сильное "
            "землетрясение в регионе за последние годы.",
        ),
        (
            "Число погибших при землетрясении в Карске выросло до двенадцати",
            "Число погибших при землетрясении в горах Карска выросло до двенадцати, "
            "сообщил губернатор в понедельник вечером. Спасатели разбирают завалы "
            "разрушенных домов в деревнях у Дорвела. Магнитуда землетрясения составила 6,1.",
        ),
        (
            "Городской совет утвердил бюджет на следующий год",
            "Городской совет Порт-Ореля в среду утвердил бюджет на следующий год. По словам "
            "мэра, больше денег получат школы и больницы, а на ремонт дорог выделят на "
            "треть больше, чем в прошлом году. Это было самое долгое заседание совета за "
            "последние годы.",
        ),
    ],
}


def test_a_text_is_detected_in_its_language_and_a_short_one_is_taken_for_english() -> None:
    for language, stories in STORIES.items():
        assert [detected(f"{t}\n{b}") for t, b in stories] == [language] * 3
    assert detected("Die Hard star to return in sequel") == "en"  # too short to tell
    assert language_of("", *STORIES["de"][0]) == "de"
    assert declared("de-DE") == "de" and declared("pt_BR") == "pt" and declared("xx") == ""
    assert language_of("en-GB", *STORIES["de"][0]) == "en"  # what a feed declares wins


@pytest.mark.parametrize("language", sorted(STORIES))
def test_one_event_is_one_storyline_and_another_story_in_the_same_words_another(
    store: Store, language: str
) -> None:
    ingestor = Ingestor(store.archive)
    ids = []
    for hour, (title, body) in enumerate(STORIES[language]):
        draft = ArticleDraft(title, body, f"Outlet {hour}", f"https://o{hour}.example/a")
        when = T0 + timedelta(hours=hour)
        ids += ingestor.ingest([(1, draft)], when).article_ids
    first, second, council = store.archive.articles(ids)
    assert first.storyline_id == second.storyline_id != council.storyline_id
    assert {first.language, council.language} == {language}
    quake = store.archive.storyline(first.storyline_id or 0)
    assert quake is not None and quake.label in (first.title, second.title)


def test_a_feeds_declared_language_reaches_its_headlines(store: Store) -> None:
    items = [(title, f"https://o.example/{n}", "") for n, (title, _) in enumerate(STORIES["de"])]
    feed = rss(items, title="Karsker Bote").replace(
        b"<channel>", b"<channel><language>de-de</language>"
    )
    drafts = [d for _, d in parse_feed(feed, {}, "https://o.example/rss").records]
    report = Ingestor(store.archive).ingest(enumerate(drafts, 1), T0)
    assert {a.language for a in store.archive.articles(report.article_ids)} == {"de"}


def test_a_feed_that_declares_no_language_is_read_in_the_one_its_entries_are_in() -> None:
    """Its headline-only entries are too short to tell alone; they get the feed's."""
    items = [(t, f"https://o.example/{n}", b) for n, (t, b) in enumerate(STORIES["es"])]
    items.append(("Karsk: el gobernador visita Dorvel", "https://o.example/9", ""))
    drafts = [d for _, d in parse_feed(rss(items), {}, "https://o.example/rss").records]
    assert [d.language for d in drafts] == ["es"] * 4
    english = [(f"Headline {n}", f"https://e.example/{n}", "") for n in range(3)]
    assert {d.language for _, d in parse_feed(rss(english), {}, "https://e").records} == {"en"}


@pytest.mark.skipif(not DATA.exists(), reason="needs ../shared/data")
def test_the_english_development_sets_are_read_as_english() -> None:
    """Their figures were measured with English priors; a misread record would move them."""
    for name in ("ecbplus-dev", "uci-headlines-dev", "semeval-pairs-dev"):
        for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            article = (record.get("title", ""), record.get("text", ""))
            assert language_of("", *article) == "en"
            assert {language_of("", "", record.get(f, "")) for f in ("text1", "text2")} == {"en"}


def test_a_correction_recounts_an_article_in_its_language(store: Store) -> None:
    """A storyline rewritten from its members has the terms they were assigned with."""
    ingestor = Ingestor(store.archive)
    ids = []
    for hour, (title, body) in enumerate(STORIES["de"][:2]):
        draft = ArticleDraft(title, body, f"Outlet {hour}", f"https://o{hour}.example/a")
        ids += ingestor.ingest([(1, draft)], T0 + timedelta(hours=hour)).article_ids
    quake = store.archive.articles(ids)[0].storyline_id or 0
    before = store.archive.storyline_state(quake)
    editor = Editor(store.archive, ingestor.clusterer, ingestor.corpus, store.corrections)
    split = editor.split(quake, [ids[1]], "test", T0 + timedelta(hours=3))
    kept = store.archive.storyline_state(quake)
    assert before is not None and kept is not None
    assert "de:erdbeben" in kept.terms
    assert all(term.startswith(("de:", "@")) for term in kept.terms)  # names are "@…"
    editor.undo(split.correction_id, T0 + timedelta(hours=4))
    again = store.archive.storyline_state(quake)
    assert again is not None and again.terms.keys() == before.terms.keys()
