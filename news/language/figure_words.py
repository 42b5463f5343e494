"""The words that say what a number counts in a news report, language by language: who died,
was injured, is missing, arrested, evacuated or rescued, and an earthquake's magnitude; and
the words around them (bounds such as "at least", units that make a number no count).

A language's table is plain data; adding a language is adding a table (and its tests in
tests/news/language/test_figures.py). Triggers are word sequences; in a language written
with many endings (`stems`), a trigger's words are stems matched as prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from news.language.event_details import MONTHS, calendar_keys

DEATHS, INJURED, MISSING = "deaths", "injured", "missing"
ARRESTED, EVACUATED, RESCUED, MAGNITUDE = "arrested", "evacuated", "rescued", "magnitude"
COUNT_KINDS = (DEATHS, INJURED, MISSING, ARRESTED, EVACUATED, RESCUED)
KINDS = (*COUNT_KINDS, MAGNITUDE)
EXACT, AT_LEAST, MORE_THAN = "exact", "at_least", "more_than"


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


@dataclass(frozen=True)
class Words:
    """One language's words for figures."""

    triggers: dict[str, tuple[str, ...]]  # kind -> phrases ("lives lost" as "lives lost")
    tolls: tuple[str, ...]  # phrases whose figure may come a few words on ("rose to 45")
    toll_lead_ins: frozenset[str]  # the word just before a toll's figure ("to", "auf", "до")
    connectors: frozenset[str]  # may stand between a trigger and its figure ("killing AT 31")
    bounds: tuple[tuple[str, str], ...]  # "at least" -> at_least; the longest first
    breaks: frozenset[str]  # end a clause: a number beyond them counts something else
    units: frozenset[str]  # after a number, make it no count ("3 days", "5 percent")
    not_counts: frozenset[str]  # before a number, make it no count ("Route 66", "aged 45")
    magnitude: tuple[str, ...]  # stems of the word for an earthquake's magnitude
    multipliers: dict[str, int] = field(default_factory=dict)  # "2 million"
    people: frozenset[str] = frozenset()  # after a year-like number, make it a count
    kin: frozenset[str] = frozenset()  # before "of" and a number, make it no count
    word_numbers: dict[str, int] = field(default_factory=dict)
    stems: bool = False
    code: str = "en"

    @cached_property
    def phrases(self) -> dict[str, tuple[str, ...]]:
        """Each kind's trigger phrases, longest first; a toll's phrases count deaths."""
        found = {kind: tuple(phrases) for kind, phrases in self.triggers.items()}
        found[DEATHS] = tuple(dict.fromkeys((*self.tolls, *found.get(DEATHS, ()))))
        return {kind: tuple(sorted(p, key=lambda x: -len(x.split()))) for kind, p in found.items()}

    @cached_property
    def months(self) -> frozenset[str]:
        """The language's month names, as written in a date and standing alone."""
        english = frozenset(MONTHS)
        if self is ENGLISH:
            return english
        return english | {name for name, key in calendar_keys(self.code).items() if key[:2] == "m:"}

    @cached_property
    def bound_words(self) -> frozenset[str]:
        return frozenset(word for phrase, _ in self.bounds for word in phrase.split())

    @cached_property
    def _by_first(self) -> dict[str, list[tuple[str, str]]]:
        """(kind, phrase) by the phrase's first word (first stem), longest phrases first."""
        found: dict[str, list[tuple[str, str]]] = {}
        for kind, phrases in self.phrases.items():
            for phrase in phrases:
                found.setdefault(phrase.split()[0], []).append((kind, phrase))
        return found

    def trigger_at(self, texts: list[str], at: int) -> tuple[str, str] | None:
        """The (kind, phrase) whose words start at `at`, if any: the first kind listed, and
        within it the longest phrase."""
        text = texts[at]
        if self.stems:
            candidates = [
                c for first, cs in self._by_first.items() if text.startswith(first) for c in cs
            ]
        else:
            candidates = self._by_first.get(text, [])
        matching = [(kind, p) for kind, p in candidates if self.matches(p, texts[at:])]
        if not matching:
            return None
        order = list(self.phrases)
        return min(matching, key=lambda c: (order.index(c[0]), -len(c[1].split())))

    def matches(self, phrase: str, texts: list[str]) -> bool:
        parts = phrase.split()
        if len(texts) < len(parts):
            return False
        if self.stems:
            return all(text.startswith(part) for part, text in zip(parts, texts, strict=False))
        return all(text == part for part, text in zip(parts, texts, strict=False))


_EN_UNITS = (
    "year years yr yrs day days hour hours hrs minute minutes mins second seconds week weeks "
    "month months decade decades km kilometres kilometers mile miles metre metres meter meters "
    "m ft feet percent per % mph kph degrees times am pm a.m p.m kg tonnes tons points goals "
    "runs votes seats dollars euros pounds storeys floors games matches races laps sets tries "
    "innings rounds"
)
_NUMBERED = "route no nos number flight highway road interstate page chapter article section room"
_NUMBERED += " gate platform bus line channel station apollo aged age ages level category grade"
_NUMBERED += " class phase day week round stage game match $ € £ ¥ # top"

ENGLISH = Words(
    triggers={
        DEATHS: _phrases(
            "killed|kill|kills|killing|dead|died|die|dies|deaths|fatalities|lost their lives|"
            "perished|toll|number of dead|number of deaths"
        ),
        INJURED: _phrases("injured|injuring|injures|injure|wounded|wounding|hurt|injuries"),
        MISSING: _phrases("missing|unaccounted for"),
        ARRESTED: _phrases(
            "arrested|arrest|arresting|arrests|under arrest|detained|detaining|detains"
        ),
        EVACUATED: _phrases(
            "evacuated|evacuating|evacuate|evacuates|evacuees|displaced|displacing|homeless|"
            "fled their homes|left their homes|forced from their homes"
        ),
        RESCUED: _phrases("rescued|rescuing|rescues"),
    },
    tolls=("toll", "number of dead", "number of deaths"),
    toll_lead_ins=frozenset(
        "to at of reached reaches hit hits tops topped past passed passes now is was".split()
    ),
    connectors=frozenset(
        "another a an up to nearly almost about around some roughly approximately estimated "
        "as many further".split()
    ),
    bounds=(
        ("no fewer than", AT_LEAST),
        ("at least", AT_LEAST),
        ("more than", MORE_THAN),
        ("upwards of", MORE_THAN),
        ("over", MORE_THAN),
    ),
    breaks=frozenset(
        "and or but after before since in on at from by with as while when where of for "
        "said says say than".split()
    ),
    units=frozenset(_EN_UNITS.split()),
    not_counts=frozenset(_NUMBERED.split()),
    magnitude=("magnitude", "richter"),
    multipliers={"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000},
    people=frozenset("people persons residents civilians villagers families".split()),
    kin=frozenset("mother father mum mom dad parent parents grandmother grandfather".split()),
    word_numbers={
        word: number
        for number, word in enumerate(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty".split(),
            start=1,
        )
    },
)

GERMAN = Words(
    triggers={
        DEATHS: _phrases(
            "tote|toten|todesopfer|getötet|getötete|starben|gestorben|ums leben|umgekommen|tot"
        ),
        INJURED: _phrases("verletzt|verletzte|verletzten|schwerverletzte|verwundet|verwundete"),
        MISSING: _phrases("vermisst|vermisste|vermissten"),
        ARRESTED: _phrases("festgenommen|verhaftet|festnahmen|festgenommene"),
        EVACUATED: _phrases("evakuiert|obdachlos|vertrieben"),
        RESCUED: _phrases("gerettet|geborgen"),
    },
    tolls=("toten", "todesopfer"),
    toll_lead_ins=frozenset("auf bei von".split()),
    connectors=frozenset(
        "mindestens wenigstens mehr als über fast knapp rund etwa weitere".split()
    ),
    bounds=(
        ("mindestens", AT_LEAST),
        ("wenigstens", AT_LEAST),
        ("mehr als", MORE_THAN),
        ("über", MORE_THAN),
    ),
    breaks=frozenset(
        "und oder aber nach vor seit in im am an auf bei mit von vom zu zum zur als während "
        "wegen für".split()
    ),
    units=frozenset(
        "jahre jahren jahr tage tagen tag stunden stunde minuten wochen monate monaten km "
        "kilometer meter prozent % uhr grad mal punkte euro dollar".split()
    ),
    not_counts=frozenset("nummer nr linie route flug gleis alter € $ #".split()),
    magnitude=("stärke", "magnitude"),
    multipliers={"tausend": 1_000, "million": 1_000_000, "millionen": 1_000_000},
    people=frozenset("menschen personen einwohner bewohner anwohner".split()),
    word_numbers={
        word: number
        for number, word in enumerate(
            "ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split(), start=1
        )
        if number > 1
    },
    code="de",
)

FRENCH = Words(
    triggers={
        DEATHS: _phrases(
            "nombre de morts|nombre de décès|morts|mort|tués|tuées|tué|décès|décédés|péri|bilan"
        ),
        INJURED: _phrases("blessés|blessées|blessé|blessant"),
        MISSING: _phrases("disparus|disparues"),
        ARRESTED: _phrases(
            "arrêtés|arrêtées|interpellés|interpellées|interpellations|arrestations"
        ),
        EVACUATED: _phrases("évacués|évacuées|déplacés|sinistrés"),
        RESCUED: _phrases("secourus|secouru|secourues|sauvés"),
    },
    tolls=("bilan", "nombre de morts", "nombre de décès"),
    toll_lead_ins=frozenset("à de".split()),
    connectors=frozenset("au moins plus de près environ quelque quelques".split()),
    bounds=(("au moins", AT_LEAST), ("plus de", MORE_THAN)),
    breaks=frozenset(
        "et ou mais après avant depuis dans en à au aux sur par avec de du des pour lors".split()
    ),
    units=frozenset(
        "ans an jours jour heures heure minutes semaines mois km kilomètres mètres pour % "
        "degrés fois euros dollars h".split()
    ),
    not_counts=frozenset("numéro no n° ligne route vol âge € $ #".split()),
    magnitude=("magnitude",),
    multipliers={"mille": 1_000, "million": 1_000_000, "millions": 1_000_000},
    people=frozenset("personnes habitants".split()),
    word_numbers={
        word: number
        for number, word in enumerate(
            "un deux trois quatre cinq six sept huit neuf dix onze douze".split(), start=1
        )
        if number > 1
    },
    code="fr",
)

SPANISH = Words(
    triggers={
        DEATHS: _phrases("muertos|muertas|muerto|fallecidos|fallecidas|murieron|víctimas mortales"),
        INJURED: _phrases("heridos|heridas|herido|lesionados"),
        MISSING: _phrases("desaparecidos|desaparecidas"),
        ARRESTED: _phrases("detenidos|detenidas|arrestados|arrestadas|detenciones"),
        EVACUATED: _phrases("evacuados|evacuadas|desplazados|damnificados"),
        RESCUED: _phrases("rescatados|rescatadas"),
    },
    tolls=("cifra de muertos", "número de muertos"),
    toll_lead_ins=frozenset("a en de".split()),
    connectors=frozenset(
        "al menos más de casi unos unas cerca alrededor otros otras por lo".split()
    ),
    bounds=(("por lo menos", AT_LEAST), ("al menos", AT_LEAST), ("más de", MORE_THAN)),
    breaks=frozenset(
        "y o pero tras después antes desde en a al por con de del como durante para".split()
    ),
    units=frozenset(
        "años año días día horas hora minutos semanas meses km kilómetros metros por % grados "
        "veces euros dólares".split()
    ),
    not_counts=frozenset("número nº línea ruta vuelo edad € $ #".split()),
    magnitude=("magnitud",),
    multipliers={"mil": 1_000, "millón": 1_000_000, "millones": 1_000_000},
    people=frozenset("personas vecinos habitantes".split()),
    word_numbers={
        word: number
        for number, word in enumerate(
            "un dos tres cuatro cinco seis siete ocho nueve diez once doce".split(), start=1
        )
        if number > 1
    },
    code="es",
)

RUSSIAN = Words(
    triggers={
        DEATHS: _phrases("погиб|умер|убит|скончал"),
        INJURED: _phrases("ранен|ранил|пострада"),
        MISSING: _phrases("пропал|пропавш"),
        ARRESTED: _phrases("задержан|задержал|арестован"),
        EVACUATED: _phrases("эвакуирован|эвакуировал"),
        RESCUED: _phrases("спасен|спасён|спасли"),
    },
    tolls=("погибш",),
    toll_lead_ins=frozenset("до".split()),
    connectors=frozenset(
        "не менее более свыше около почти порядка как минимум по меньшей мере еще ещё".split()
    ),
    bounds=(
        ("по меньшей мере", AT_LEAST),
        ("не менее", AT_LEAST),
        ("как минимум", AT_LEAST),
        ("более", MORE_THAN),
        ("свыше", MORE_THAN),
        ("больше", MORE_THAN),
    ),
    breaks=frozenset("и или но после до с в во на по от из за при для как".split()),
    units=frozenset(
        "лет год года дней дня день часов часа час минут недель месяцев км километров метров "
        "процентов % раз градусов рублей долларов".split()
    ),
    not_counts=frozenset("номер рейс маршрут трасса возрасте № $ € #".split()),
    magnitude=("магнитуд",),
    multipliers={"тысяч": 1_000, "тысячи": 1_000, "млн": 1_000_000},
    people=frozenset("человек жителей людей".split()),
    word_numbers={"два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "двое": 2, "трое": 3},
    stems=True,
    code="ru",
)

UKRAINIAN = Words(
    triggers={
        DEATHS: _phrases("загинул|загибл|помер|вбит|убит"),
        INJURED: _phrases("поранен|постражда"),
        MISSING: _phrases("зникл|безвісти"),
        ARRESTED: _phrases("затриман|заарештован"),
        EVACUATED: _phrases("евакуйован|евакуювал"),
        RESCUED: _phrases("врятован|врятували"),
    },
    tolls=("загибл",),
    toll_lead_ins=frozenset("до".split()),
    connectors=frozenset("щонайменше не менше понад більше близько майже ще".split()),
    bounds=(
        ("щонайменше", AT_LEAST),
        ("не менше", AT_LEAST),
        ("понад", MORE_THAN),
        ("більше", MORE_THAN),
    ),
    breaks=frozenset("і й та або але після до з в у на по від за при для як".split()),
    units=frozenset(
        "років рік року днів дня день годин години хвилин тижнів місяців км кілометрів "
        "метрів відсотків % разів градусів гривень доларів".split()
    ),
    not_counts=frozenset("номер рейс маршрут траса віці № $ € #".split()),
    magnitude=("магнітуд",),
    multipliers={"тисяч": 1_000, "тисячі": 1_000, "млн": 1_000_000},
    people=frozenset("людей осіб мешканців жителів".split()),
    word_numbers={"два": 2, "дві": 2, "три": 3, "чотири": 4, "п'ять": 5, "двоє": 2, "троє": 3},
    stems=True,
    code="uk",
)

LANGUAGES: dict[str, Words] = {
    "en": ENGLISH,
    "de": GERMAN,
    "fr": FRENCH,
    "es": SPANISH,
    "ru": RUSSIAN,
    "uk": UKRAINIAN,
}


def words_for(language: str) -> Words | None:
    """The figure words of a language ("" reads as English), or None where none are listed."""
    return LANGUAGES.get(language or "en")
