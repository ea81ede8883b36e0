"""A postal address is masked whole, from its first line to its zip or state (``phi_postal``), and the numbers
keyed after a phone go with it; report text with states' abbreviations, counts and units stays."""

from __future__ import annotations

import pytest

from megacxr.shards.phi import PhiScreen


@pytest.fixture(scope="module")
def screen() -> PhiScreen:
    return PhiScreen()


@pytest.mark.parametrize(
    "text, leaks",
    [
        ("mail to: 77 quarry hill rd unit 3, barre, vt 05641", ["unit", "vt", "quarry", "barre"]),
        ("Home address 5120 Lindell Blvd, 4th floor, St. Louis, MO 63108", ["4th", "floor", "MO"]),
        ("RETURN FILMS TO P.O. BOX 212, MOUNTAIN CITY, TENNESSEE 37683", ["212", "BOX"]),
        ("c/o Lot 14, Sunny Acres Park, Yuma AZ 85365", ["14", "Sunny", "AZ"]),
        ("address 880 county road 7 1/2, hereford, tx 79045", ["7", "hereford", "tx"]),
        ("Pt resides at 16 Bayview Ter (rear), Gloucester 01930", ["rear", "Gloucester", "Bayview"]),
        ("send records: 402 w 5th st apt 12, ogallala ne", ["12", "ogallala", " ne"]),
        ("Mailing: Space 31, 2200 Desert Inn Rd, Las Vegas NV 89109", ["Space 31", "2200", "NV"]),
        ("주소: 경상북도 봉화군 춘양면 서벽리 산 45번지", ["45", "서벽리"]),
        ("주소 : 강원특별자치도 정선군 여량면 구절리 118-2", ["118-2", "구절리"]),
        ("우편물 수령: 가리봉동 32-17번지", ["32-17", "가리봉동"]),
    ],
)
def test_an_address_goes_whole_with_its_lot_and_unit(screen: PhiScreen, text: str, leaks: list[str]) -> None:
    out = screen.screen(text).text
    for leak in leaks:
        assert leak not in out, (text, out)


@pytest.mark.parametrize(
    "text, leak",
    [
        ("Voice mail 919-555-0102 mailbox 2281", "2281"),
        ("Pager 505-555-0143 then #6610", "6610"),
        ("pgr 303-555-0188, then enter 4471#", "4471"),
        ("cell 212-555-0163 x.45 (daughter)", "45"),
    ],
)
def test_what_is_keyed_after_a_phone_goes_with_it(screen: PhiScreen, text: str, leak: str) -> None:
    assert leak not in screen.screen(text).text


@pytest.mark.parametrize(
    "text",
    [
        "BP 118/72, HR 96, RR 20, SpO2 93% on 2 L NC.",
        "Nodule density 38 Hounsfield units on the prior CT.",
        "Oxygen 3 l/min via nc.",
        "CPT 71046, POS 11, units 1, modifier 26.",
        "Given 2 doses, or 40000 units in all.",
        "Lead placement per protocol, 12 lead ECG on file, PA and lateral views.",
        "운동 30-40분 후 호흡곤란, 이동 2-3회 관찰.",
        "폐동맥 직경 31 mm, 대동맥 34 mm.",
        "Moved to 4 West, bed 12, PA view only.",
    ],
)
def test_report_text_stays(screen: PhiScreen, text: str) -> None:
    assert screen.screen(text).text == text
