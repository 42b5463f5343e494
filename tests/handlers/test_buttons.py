"""Button data: every press survives the codec, and forged or stale data decodes to nothing."""

from __future__ import annotations

import dataclasses

import pytest

from handlers import buttons


@pytest.mark.parametrize("kind", sorted(buttons.CODES, key=lambda kind: kind.__name__))
def test_every_press_round_trips_within_telegrams_64_bytes(kind: type[buttons.Press]) -> None:
    big = 2**62  # channel ids (negated) and article ids run this large
    press = kind(*(big for _ in dataclasses.fields(kind)))
    data = buttons.encode(press)
    assert len(data.encode()) <= 64
    assert buttons.decode(data) == press


def test_trailing_defaults_are_left_out_and_old_buttons_still_work() -> None:
    assert buttons.encode(buttons.Story(12)) == "s:12"
    assert buttons.decode("s:12") == buttons.Story(12, 0)
    assert buttons.decode("s:12:5") == buttons.Story(12, 5)
    assert buttons.encode(buttons.More(3, 0)) == "m:3:0"  # no default: always written


@pytest.mark.parametrize(
    "data",
    [
        None,
        7,
        "",
        "q:1",
        "f",
        "f:",
        "f:1:2",
        "f:-1",
        "f:1.5",
        "f:١",
        "f: 1",
        "m:1",
        "a:1",
        "f:" + "9" * 70,
        "r:1:x",
    ],
)
def test_forged_or_malformed_data_decodes_to_none(data: object) -> None:
    assert buttons.decode(data) is None


def test_a_press_with_a_negative_number_is_never_encoded() -> None:
    with pytest.raises(ValueError):
        buttons.encode(buttons.Follow(-3))
