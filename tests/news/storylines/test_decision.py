"""The same-story decision: arguments, their agreement and conflict, fitting, and the shipped
weights telling two events of one kind apart."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from lab.logistic import fit
from news.ingest import Ingestor
from news.language.event_details import combined, detail_profile
from news.records import ArticleDraft
from news.storylines.decision import (
    ARGUMENT_FEATURES,
    FEATURES,
    SameStory,
    argument_features,
    shipped,
)
from news.storylines.labels import best_headline
from storage.store import Store

WHEN = datetime(2026, 2, 2, 8, 0, tzinfo=UTC)


def test_arguments_are_names_numbers_and_dates_of_the_headline_and_lead() -> None:
    found = detail_profile(
        "Magnitude 6.1 quake kills 1,200 in Aceh",
        "The quake struck the Aceh province of Indonesia on Tuesday, March 3, 2026, officials "
        "said. "
        "Rescuers may reach the valley by Friday. In 2004 a tsunami hit 14 countries.",
    )
    assert {"n:aceh", "n:indonesia"} <= found.keys()
    assert {"#:6.1", "#:1200", "#:3", "y:2026", "m:3", "w:1"} <= found.keys()
    # Beyond the lead (the third sentence) numbers and years are background, not the event's.
    assert "y:2004" not in found and "#:14" not in found and "w:4" in found
    # "may" the verb is no month; a weekday is a date, not a name.
    assert "m:5" not in found and "n:tuesday" not in found


@pytest.mark.parametrize(
    ("language", "title", "lead", "dates"),
    [
        ("de", "Erdbeben in der Türkei", "Am Montag bebte im Februar die Erde.", {"w:0", "m:2"}),
        ("ru", "Землетрясение в Турции", "В понедельник, 6 февраля, погибли люди.", {"w:0", "m:2"}),
        ("fr", "Séisme en Turquie", "Lundi 6 février, la terre a tremblé.", {"w:0", "m:2"}),
        # The Romanian "mai" is mostly "more", so it is no month there.
        ("ro", "Cutremur", "Marți, 6 februarie, mai mulți oameni au murit.", {"w:1", "m:2"}),
    ],
)
def test_months_and_weekdays_are_read_in_the_articles_language(
    language: str, title: str, lead: str, dates: set[str]
) -> None:
    found = detail_profile(title, lead, language)
    assert {key for key in found if key[:2] in ("m:", "w:")} == dates
    assert not any(key.startswith("n:") and key[2:] in ("am", "montag") for key in found)


def test_a_name_ends_where_its_capitalised_words_do() -> None:
    found = detail_profile(
        "Crowds cheer as Obama delivers a speech", "They left as Merkel laughed in Rio de Janeiro."
    )
    assert {"n:obama", "n:merkel", "n:janeiro", "n:rdj"} <= found.keys()
    assert not {"n:de", "n:la", "n:od", "n:ml"} & found.keys()


def test_a_storyline_profile_is_the_sum_of_its_articles_and_stays_small() -> None:
    profiles = [{"n:aceh": 1.0, "#:3": 1.0}, {"n:aceh": 1.0}]
    assert combined(profiles) == {"n:aceh": 2.0, "#:3": 1.0}
    many = combined([{f"#:{n}": 1.0} for n in range(500)] + [{"n:aceh": 1.0}] * 2)
    assert len(many) == 200 and many["n:aceh"] == 2.0


def _by_name(values: list[float]) -> dict[str, float]:
    return dict(zip(ARGUMENT_FEATURES, values, strict=True))


def test_disjoint_arguments_conflict_and_shared_ones_agree() -> None:
    storyline = {"n:aceh": 3.0, "#:1200": 2.0, "y:2026": 3.0}
    other_quake = _by_name(argument_features({"n:peru": 1.0, "#:40": 1.0}, storyline, 3))
    # How strong a conflict is: the share of the storyline naming values of that kind.
    assert other_quake["names_conflict"] == 1.0
    assert other_quake["numbers_conflict"] == pytest.approx(2 / 3)
    assert other_quake["names_agree"] == 0.0 and other_quake["years_conflict"] == 0.0
    same_quake = _by_name(argument_features({"n:aceh": 1.0, "#:1200": 1.0}, storyline, 3))
    assert same_quake["names_agree"] == 1.0 and same_quake["numbers_agree"] == pytest.approx(2 / 3)
    assert same_quake["names_conflict"] == 0.0 and same_quake["numbers_conflict"] == 0.0


def test_fitting_finds_what_separates_and_is_deterministic() -> None:
    rng = random.Random(7)
    rows, labels = [], []
    for _ in range(400):
        same = rng.random() < 0.3
        rows.append([rng.gauss(0.6 if same else 0.2, 0.1), rng.random()])
        labels.append(same)
    model = fit(rows, labels, ("lexical", "noise"))
    assert model.weights[0] > 2 and abs(model.weights[1]) < 0.5
    assert model.logit([0.7, 0.5]) > 0 > model.logit([0.1, 0.5])
    assert fit(rows, labels, ("lexical", "noise")) == model
    both = SameStory(model, model, ("a.jsonl",))
    assert SameStory.from_json(both.as_json()).as_json() == both.as_json()


def test_fitting_refuses_examples_of_one_kind_only() -> None:
    with pytest.raises(ValueError, match="both"):
        fit([[0.1], [0.2]], [False, False], ("lexical",))


def test_the_shipped_decision_reads_every_feature_and_weighs_lexical_evidence_up() -> None:
    model = shipped()
    assert model.features == FEATURES and model.headline.features == FEATURES
    lexical = FEATURES.index("lexical")
    assert model.article.weights[lexical] > 0 and model.headline.weights[lexical] > 0
    # A headline sharing more words with a storyline is likelier the same story at one cosine.
    assert model.headline.weights[FEATURES.index("shared_words")] > 0
    assert all(math.isfinite(w) for w in model.article.weights + model.headline.weights)


def _quake(title: str, body: str, source: str, hours: int) -> ArticleDraft:
    return ArticleDraft(title, body, source, published_at=WHEN + timedelta(hours=hours))


QUAKES = [
    _quake(
        "Magnitude 6.4 earthquake strikes Aceh, killing 31",
        "A magnitude 6.4 earthquake struck Indonesia's Aceh province on Monday, killing 31 "
        "people and flattening homes in Bireuen, the disaster agency said. Rescuers searched "
        "collapsed buildings through the night as aftershocks shook the region.",
        "Harbour Wire",
        0,
    ),
    _quake(
        "Aceh earthquake toll rises to 31 as rescuers search rubble",
        "The toll from Monday's magnitude 6.4 earthquake in Indonesia's Aceh province rose to "
        "31, the disaster agency said, as rescuers in Bireuen searched collapsed buildings. "
        "Aftershocks shook the region through the night.",
        "Daily Courier",
        5,
    ),
    _quake(
        "Magnitude 5.9 earthquake strikes southern Peru, killing 4",
        "A magnitude 5.9 earthquake struck Peru's Arequipa region on Thursday, killing 4 "
        "people and damaging homes in Caraveli, the civil defence institute said. Rescuers "
        "searched collapsed buildings as aftershocks shook the region.",
        "Andes Post",
        72,
    ),
]


def test_two_earthquakes_in_one_week_are_two_storylines(store: Store) -> None:
    # Every word of the story is shared; the place, the toll and the day are not.
    report = Ingestor(store.archive).ingest(enumerate(QUAKES, 1), WHEN)
    aceh, aceh_again, peru = (a.storyline_id for a in store.archive.articles(report.article_ids))
    assert aceh == aceh_again
    assert peru != aceh


def test_the_label_is_the_headline_naming_the_storys_own_arguments() -> None:
    centroid = {"earthquak": 3.0, "kill": 3.0}
    frequencies = {"earthquak": 1, "kill": 1}
    titles = ["Earthquake kills dozens", "Earthquake kills 31 in Aceh"]
    # By the story's words alone the two tie and the first stays.
    assert best_headline(titles, centroid, 100, frequencies) == titles[0]
    profile = {"n:aceh": 3.0, "#:31": 2.0, "t:earthquak": 3.0}
    assert best_headline(titles, centroid, 100, frequencies, profile, 3) == titles[1]
