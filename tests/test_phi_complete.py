"""The PHI screen's completion pass (``megacxr.shards.phi_complete``): what is left in clear beside an identifier
the screen masked goes with it, whatever pass masked it; text with no mask is never touched.

Wordings written for these tests (not those of ``tests/data/phi``); each case is also screened inside a long
report, cut at the identifier, and with a zero-width space inside it.
"""

from __future__ import annotations

import pytest

from megacxr.shards.phi import WINDOW_CHARS, PhiScreen
from megacxr.shards.phi_complete import complete
from megacxr.shards.phi_eval import caught_in

SCREEN = PhiScreen()
FILLER = "Lungs are clear. No pleural effusion or pneumothorax. Heart size is normal. "
LOWER_FILLER = "lungs are clear period no pleural effusion or pneumothorax period "

# (edge, text, secret): typed text
TYPED = [
    (
        "uid tail",
        "SeriesInstanceUID 1.2.392.200036.9116.2.5.1.37.2418295482.1718012345.904512",
        "1.2.392.200036.9116.2.5.1.37.2418295482.1718012345.904512",
    ),
    ("suffix", "Referred by Dr. Thaddeus Okonkwo Jr. for a second read.", "Thaddeus Okonkwo Jr"),
    ("suffix", "Signed: BRANNIGAN, CORMAC III", "BRANNIGAN, CORMAC III"),
    (
        "alias",
        'Discussed with the patient\'s grandson Desmond Achterberg ("Dez") at the bedside.',
        'Desmond Achterberg ("Dez',
    ),
    ("place head", "He drives a forklift at Vandersloot Cold Storage in Ottumwa, Iowa.", "Vandersloot Cold Storage"),
    ("weekday", "Prior film: Thursday, 14 March 2024, unchanged.", "Thursday, 14 March 2024"),
    ("weekday", "검사일: 2025.10.02 (목) 오전", "2025.10.02 (목)"),
    ("korean period", "2024년 11월 중순에 외부에서 촬영한 CT와 비교함.", "2024년 11월 중순"),
    ("hyphen wrap", "Case reviewed with Dr. Philippa Ashworth-\ncombe this morning.", "Philippa Ashworth-\ncombe"),
    ("credential", "Read by Mai Lee Vang Xiong, MD; no change.", "Mai Lee Vang Xiong"),
    ("id prefix", "Member #: K7R 4410 0982 31\nGroup: 0044", "K7R 4410 0982 31"),
    ("kind words", "Referred by the Maple Hollow free clinic in Dunmore for TB clearance.", "Maple Hollow free clinic"),
    ("direction", "A shrimper from East Bayou Teche, Vietnamese community.", "East Bayou Teche"),
    ("holiday day", "Injured on Mardi Gras day at a parade.", "Mardi Gras day"),
    ("lower given", "ordered by: castellanos, marisol r\nreason: cough", "castellanos, marisol r"),
]

# dictated, lower case throughout
DICTATED = [
    ("particles", "the patient mister van der hoeven denies chest pain", "van der hoeven"),
    ("particles", "identity confirmed with lucia de los santos at the bedside", "lucia de los santos"),
    (
        "spoken hyphen",
        "results called to doctor rosalind okafor hyphen brandt at noon",
        "rosalind okafor hyphen brandt",
    ),
    ("place head", "she lives alone in bayonne heights and walks daily", "bayonne heights"),
    ("credential", "dictated by pa nhia her, md not proofread", "nhia her"),
    ("middle name", "his daughter (rosalee ann pruitt) was called with the results", "rosalee ann pruitt"),
]


def _in_report(text: str, secret: str, filler: str) -> str:
    """``text`` placed so that the first window's core ends in the middle of ``secret``."""
    cut = text.index(secret) + len(secret) // 2
    head = (filler * (WINDOW_CHARS // len(filler) + 1))[: WINDOW_CHARS - cut - 1] + " "
    return head + text + " " + filler * 10


@pytest.mark.parametrize(
    "edge,text,secret", TYPED + DICTATED, ids=[f"{e}-{i}" for i, (e, _, _) in enumerate(TYPED + DICTATED)]
)
def test_an_identifier_goes_whole(edge, text, secret):
    out = SCREEN.screen(text)
    assert caught_in(secret, text, out.text), (edge, out.counts)
    filler = LOWER_FILLER if (edge, text, secret) in DICTATED else FILLER
    report = _in_report(text, secret, filler)
    out = SCREEN.screen(report)
    assert caught_in(secret, report, out.text), (edge, "cut", out.counts)
    assert out.text.count(filler.split(".")[0]) == report.count(filler.split(".")[0]), "filler altered"
    hidden = text.replace(secret, secret[:3] + "\u200b" + secret[3:], 1)
    out = SCREEN.screen(hidden)
    assert caught_in(secret, text, out.text), (edge, "hidden", out.counts)


@pytest.mark.parametrize(
    "text",
    [
        "Tc-99m MAA scan per protocol; no county or park named.",
        "Patient positioned supine; de la part du service, la radiographie est normale.",
        "Degenerative changes at T11-T12 (Tue follow-up clinic).",
        "흉부 X선: 양측 폐야 깨끗함. 초순 추적 검사 권고, 말초 폐야 정상.",
        "jr resident reviewed; heights of the hemidiaphragms are symmetric; hyphen dash artifacts on the film.",
        "Kerley B lines and a small right effusion; Swan-Ganz catheter tip in the right pulmonary artery.",
    ],
)
def test_text_without_a_mask_is_untouched(text):
    assert SCREEN.screen(text).text == text


def test_a_word_between_a_name_and_another_kind_stays():
    out = SCREEN.screen("Findings discussed with Dr. Gregory House and paged Jones on (617) 555-0134 today.")
    assert " on " in out.text and "Jones" not in out.text and "555-0134" not in out.text


def test_complete_widens_only_beside_a_mask():
    text = "Resides in Harlan County near the Cumberland mine since 1998."
    masked = text.replace("Harlan", "______")
    spans = []
    complete(text, masked, {masked.index("_") + 6: "place"}, lambda a, b, k: spans.append((text[a:b], k)), False)
    assert spans == [("County", "place")]  # the head after the masked town; nothing beside unmasked words
    spans.clear()
    complete(text, text, {}, lambda a, b, k: spans.append((a, b, k)), False)
    assert spans == []
