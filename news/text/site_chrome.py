"""Site chrome: what a web page says to its visitor rather than about the news ("Sign up for
our newsletter", "Registered users can read up to 3 reports", "We use cookies…", "Follow us on
Twitter", "All rights reserved").

Text pasted from a page, a feed's full content and a scraped archive carry it. It is not news:
two unrelated articles of one paywalled site read alike through it, and a summary may quote it.
An outlet's own repeated lines are learned per outlet (news/text/boilerplate.py), but only after
several of its articles; these phrases are the web's, so they go from the first article on.
The phrases are English, with the commonest (newsletter boxes, "follow us", cookie notices,
"Continue reading", "All rights reserved") also as sites in a few more languages write them.
They are tight on purpose: a sentence that merely mentions Twitter or a sign-up ("took to
Twitter", "sign up for the lottery") is news and stays.
"""

from __future__ import annotations

import re

from news.text.cleaning import split_sentences

_SOCIAL = r"(?:facebook|twitter|instagram|youtube|linkedin|tiktok|telegram)"
# "Continue reading", in English and as WordPress and large sites write it in eight more.
_READ_ON_WORDS = (
    *("continue reading", "keep reading", "read more", "read the full story"),
    *("read the full article", "read the rest of the story", "read the rest of the article"),
    *("weiterlesen", "mehr lesen", "lire la suite", "leer más", "seguir leyendo"),
    *("sigue leyendo", "continua a leggere", "leggi tutto", "continuar lendo", "leia mais"),
    *("continuar a ler", "lees verder", "czytaj dalej", "читать далее", "читать полностью"),
)
# "All rights reserved", in English and six more languages.
_RESERVED = (
    *("all rights reserved", "alle rechte vorbehalten", "tous droits réservés"),
    *("todos los derechos reservados", "tutti i diritti riservati"),
    *("todos os direitos reservados", "все права защищены"),
)
# Newsletter boxes, "follow us" and cookie notices as German, French, Spanish, Italian and
# Portuguese sites write them.
_ELSEWHERE = (
    r"\bnewsletter (?:abonnieren|bestellen)\b",
    r"\bmelden sie sich\b.{0,40}\bnewsletter\b",
    r"\bfolgen sie uns auf\b",
    r"\b(?:wir verwenden|diese (?:web)?seite verwendet) cookies\b",
    r"\b(?:abonnez|inscrivez)-vous\b.{0,30}\bnewsletter\b",
    r"\bsuivez-nous sur\b",
    r"\b(?:nous utilisons|ce site utilise) des cookies\b",
    r"\bsuscr[ií]bete\b.{0,30}\b(?:newsletter|bolet[ií]n)\b",
    r"\bs[ií]guenos en\b",
    r"\b(?:utilizamos|usamos|este sitio(?: web)? utiliza|este site utiliza) cookies\b",
    r"\biscriviti alla\b.{0,20}\bnewsletter\b",
    r"\bseguici su\b",
    r"\b(?:utilizziamo|questo sito utilizza) (?:i )?cookie\b",
    r"\b(?:assine|inscreva-se)\b.{0,30}\bnewsletter\b",
    r"\bsiga-nos n[oa]s?\b",
)
# Each phrase of site chrome below holds one of these: a plain search for them over a whole
# article, far cheaper than the phrases, tells whether any of its sentences need them.
_HINTS = (
    *("register", "free trial", "reached the limit", "subscri", "password"),
    *("free access", "immediate access", "unlimited access", "full access", "online access"),
    *("sign in", "signin", "sign up", "signup", "sign out", "log in", "login", "log out"),
    *("logout", "newsletter", "email alert", "inbox", "like this", "share this"),
    *("read or share", "cookie", "javascript", "copyright", "©", "privacy", "published, broadcast"),
    *("click", "advertisement", "[…]", "[...]", "(more…", "(more...", "(read more"),
    *_READ_ON_WORDS,
    *_RESERVED,
    *("facebook", "twitter", "instagram", "youtube", "linkedin", "tiktok", "telegram"),
    *("folgen sie uns", "suivez-nous", "síguenos", "siguenos", "seguici su", "siga-nos", "suscr"),
)
# A sentence that is site chrome (each holds one of _HINTS).
_CHROME = re.compile(
    "|".join(
        [
            # paywalls and accounts
            r"\bregistered users can\b",
            r"\bfree trial\b",
            r"\b(?:free|immediate|unlimited|full|online) access\b",
            r"\byou have reached the limit\b",
            r"\bthank you for subscribing\b",
            r"\bsubscribers?, click\b",
            r"\b(?:print|digital) subscri",
            r"\bsubscrib\w* (?:to|for) (?:our|full|unlimited|continue)\b",
            r"\b(?:please|want to|click below to) (?:sign|log) ?(?:in|out)\b",
            r"^(?:log ?in|sign ?in|sign ?up|register)\b.{0,20}$",
            r"\b(?:e-?mail|username):? password\b",
            # newsletters and alerts
            r"\bsign up (?:now|here|today|to|for (?:our|a free|free|the free))\b",
            r"\bfree sign ?up\b",
            r"\b(?:sign up|subscribe|receive|get)\b.{0,60}\b(?:newsletters?|email alerts)\b",
            r"\bdelivered (?:straight )?to your inbox\b",
            r"\blike this story\?",
            # social prompts
            rf"\bfollow (?:\S+ ){{1,3}}on {_SOCIAL}\b",
            rf"\blike (?:us on|the \S+(?: \S+){{0,3}}) {_SOCIAL}\b",
            r"^share this\b",
            r"\blike this: like\b",
            r"^read (?:more|or share this story)\b",
            # cookies, scripts, legal lines
            r"\b(?:we|this (?:web)?site) uses? cookies\b",
            r"\bcookies? (?:must be enabled|settings)\b",
            r"\benable (?:cookies|javascript)\b",
            *(rf"\b{re.escape(words)}\b" for words in _RESERVED),
            r"\bcopyright (?:©|\(c\) |\d{4}\b)",
            r"^© ?\d{4}\b",
            r"\bmay not be (?:re)?published, broadcast\b",
            r"\bsee our privacy (?:notice|policy)\b",
            r"\bclick (?:here|below)\b",
            r"^advertisement$",
            *_ELSEWHERE,
        ]
    ),
)


# A feed summary's link to the rest of the article, at the end of a paragraph: "… Continue
# reading", WordPress's "… Continue reading "<title>"", "Read more »", "(more…)". Only after a
# sentence's end or an ellipsis, so that "pupils should read more" stays.
_READ_ON = re.compile(
    rf"(?:^|(?<=[.!?…\]]))\s*(?:{'|'.join(map(re.escape, _READ_ON_WORDS))})\b.{{0,120}}$"
    r"|\s*\((?:more|read more)(?:…|\.\.\.)?\)$",
    re.IGNORECASE,
)
_CUT = re.compile(r"\s*\[(?:…|\.\.\.)\]$")  # "[…]": an editor's cut, read as "…"


def _hinted(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _HINTS)


def is_site_chrome(sentence: str) -> bool:
    """Whether one sentence is site chrome."""
    return _hinted(sentence) and _CHROME.search(sentence.lower()) is not None


def without_site_chrome(text: str) -> str:
    """The text without its sentences of site chrome and its links to the rest; paragraphs
    kept, and the text itself when it has none."""
    if not text or not _hinted(text):
        return text
    paragraphs, changed = [], False
    for paragraph in text.split("\n"):
        if not _hinted(paragraph):
            paragraphs.append(paragraph)
            continue
        cut = _CUT.sub(" …", _READ_ON.sub("", paragraph)).rstrip()
        sentences = split_sentences(cut)
        kept = [s for s in sentences if not is_site_chrome(s)]
        if cut == paragraph and len(kept) == len(sentences):
            paragraphs.append(paragraph)
            continue
        changed = True
        if kept:
            paragraphs.append(" ".join(kept))
    return "\n".join(paragraphs) if changed else text
