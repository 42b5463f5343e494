"""Site chrome: a page's words to its visitor go, the news around them stays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from news.text.site_chrome import without_site_chrome

NEWS = "Rescuers searched the harbour district through the night."


@pytest.mark.parametrize(
    "chrome",
    [
        "TAKE A FREE TRIAL Registered users can read up to 3 reports.",
        "You have reached the limit for free access to our important and valuable work.",
        "Subscribers, click below to login or register your subscription to continue.",
        "Sign up for Business Insider's transportation newsletter, Shifting Gears.",
        "Like this story? Sign up to our newsletter to get stories delivered to your inbox",
        "Follow BBC Yorkshire on Facebook, Twitter and Instagram.",
        "Follow @GlennatRJ on Twitter",
        "Like the South Coast Herald's Facebook page, follow us on Twitter and Instagram",
        "Share this: Twitter Facebook Print Like this: Like Loading..",
        "READ MORE: Store owners say shoplifting is getting worse",
        "We use cookies to ensure that we give you the best experience on our website.",
        "Please enable JavaScript to view the comments powered by Disqus",
        "Copyright 2020 The Associated Press. All rights reserved.",
        "This material may not be published, broadcast, rewritten or redistributed",
        "To access the full text of the article, click here",
        "Advertisement",
        "Log In Sign Up",
        "Melden Sie sich jetzt für unseren Newsletter an.",
        "Folgen Sie uns auf Facebook und Instagram.",
        "Nous utilisons des cookies pour améliorer votre expérience.",
        "Suivez-nous sur Twitter.",
        "Suscríbete a nuestro boletín.",
        "Síguenos en Instagram.",
        "Iscriviti alla nostra newsletter.",
        "Questo sito utilizza cookie tecnici.",
        "Siga-nos no Facebook.",
    ],
)
def test_a_pages_words_to_its_visitor_are_taken_out(chrome: str) -> None:
    assert without_site_chrome(f"{NEWS} {chrome}") == NEWS
    assert without_site_chrome(f"{NEWS}\n{chrome}\n{NEWS}") == f"{NEWS}\n{NEWS}"


@pytest.mark.parametrize(
    "news",
    [
        "The senator took to Twitter to deny the report.",
        "Copyright law was rewritten in 2019.",
        "Die Regierung will Cookies auf Webseiten strenger regeln.",
        "Le ministre a suivi la séance sur Twitter.",
        "Residents have until Friday to sign up for the lottery for the guided tour.",
        "Comments on Twitter were mostly supportive of the pontiff's reaction.",
        "The breach at Facebook exposed the data of millions of subscribers.",
        "Teachers read more books to pupils this year, the ministry said.",
        "The agency's advertisement campaign ran for three weeks.",
        "He said he would follow the advice of his doctors.",
        "A Facebook page titled Prayers for Muller has drawn thousands of messages.",
    ],
)
def test_news_that_mentions_the_web_stays(news: str) -> None:
    text = f"{NEWS} {news}"
    assert without_site_chrome(text) == text


def test_a_text_without_chrome_is_returned_as_it_came() -> None:
    text = "  Odd   spacing stays.\n\nSo do blank lines. "
    assert without_site_chrome(text) is text
    assert without_site_chrome("") == ""


def test_a_text_that_is_only_chrome_becomes_empty() -> None:
    assert without_site_chrome("Advertisement\nLog In Sign Up") == ""


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (f"{NEWS}\nContinue reading...", NEWS),
        (
            "The council voted to close the bridge, citing cracks in the … Continue reading "
            '"Council closes bridge"',
            "The council voted to close the bridge, citing cracks in the …",
        ),
        (
            "The mayor resigned after a vote of no confidence […]",
            "The mayor resigned after a vote of no confidence …",
        ),
        (f"{NEWS} Read More »", NEWS),
        (f"{NEWS} (more…)", NEWS),
        ("Ein Sturm schloss den Hafen. Weiterlesen", "Ein Sturm schloss den Hafen."),
        ("La tempête a fermé le port… Lire la suite", "La tempête a fermé le port…"),
        ("Шторм закрыл порт. Читать далее →", "Шторм закрыл порт."),
        (
            "Der Sturm schloss den Hafen.\n© 2025 Hafenblatt. Alle Rechte vorbehalten.",
            "Der Sturm schloss den Hafen.",
        ),
        (
            "Pupils should read more, the minister said.",
            "Pupils should read more, the minister said.",
        ),
        (
            "She urged them to keep reading to their children.",
            "She urged them to keep reading to their children.",
        ),
    ],
)
def test_a_feed_summarys_link_to_the_rest_is_taken_off(summary: str, expected: str) -> None:
    assert without_site_chrome(summary) == expected


_NEWS_SENTENCES = [
    NEWS,
    "The senator took to Twitter to deny the report.",
    "Residents have until Friday to sign up for the lottery.",
    "Shares fell 3.5% on Monday.",
    "Der Sturm schloss den Hafen.",
]
_CHROME_SENTENCES = [
    "Registered users can read up to 3 reports.",
    "Follow BBC Yorkshire on Facebook, Twitter and Instagram.",
    "We use cookies to ensure that we give you the best experience on our website.",
    "All rights reserved.",
    "Sign up now!",
]


@given(
    st.lists(
        st.tuples(st.sampled_from(_NEWS_SENTENCES + _CHROME_SENTENCES), st.sampled_from(" \n")),
        min_size=1,
        max_size=8,
    )
)
def test_every_news_sentence_stays_and_no_chrome_does(parts: list[tuple[str, str]]) -> None:
    text = "".join(sentence + gap for sentence, gap in parts).strip()
    left = without_site_chrome(text)
    for sentence, _ in parts:
        assert (sentence in left) == (sentence in _NEWS_SENTENCES), (text, left)
