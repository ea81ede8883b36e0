"""The PHI screen's drug table (``megacxr.shards.phi_drugs``): shipped equal to what drug-named-entity-recognition
gives, and read as report words, so a drug's name survives where a capitalised unknown word would be taken."""

from __future__ import annotations

import pytest

from megacxr.shards.phi import PhiScreen
from megacxr.shards.phi_drugs import TABLE, build, drugs
from megacxr.shards.phi_lexicon import CLINICAL, NAME, word_class
from megacxr.shards.phi_word_tables import table_entries

SCREEN = PhiScreen()


def test_the_shipped_table_is_what_the_drug_dictionary_gives():
    """A table written from another version of the package, or edited by hand, fails here: rewrite it with
    ``python -m megacxr.shards.phi_drugs``."""
    assert table_entries(TABLE) == build()


def test_the_table_leaves_out_names_words_and_towns():
    names = drugs()
    assert len(names) > 5_000
    assert {"amiodarone", "xarelto", "eliquis", "keytruda", "coumadin", "methotrexate"} <= names
    assert not {"allegra", "camila", "kendrick"} & names  # brands named like people stay names
    assert not {"armine", "rabon"} & names  # a pesticide's or a reagent's synonym: no medicine of MedlinePlus
    assert not {"aspirin", "insulin", "morphine"} & names  # common words stay words
    assert "olean" not in names  # a town first (Olean, New York)
    assert word_class("Allegra") == NAME and word_class("Amiodarone") == CLINICAL


@pytest.mark.parametrize(
    "text",
    [
        "Pulmonary toxicity from Amiodarone suspected.",
        "Patient on Xarelto, hold before procedure.",
        "Referred to the Coumadin clinic.",
        "Keytruda pneumonitis suspected; compare with prior.",
        "On Eliquis and Lasix at home. No effusion.",
        "History: Methotrexate lung? Reticular opacities at the bases.",
        "Bleomycin and Nivolumab therapy; interval ground-glass opacity.",
    ],
)
def test_a_drug_s_name_survives_the_screen(text):
    assert SCREEN.screen(text).text == text


@pytest.mark.parametrize(
    "text,secret",
    [
        ("Seen by Dr. Allegra Moss for follow-up.", "Allegra"),
        ("Patient: KOWALSKI, ARMIN   MRN: 441207", "ARMIN"),
        ("Ovide Thibodeaux is a retired shrimper with a cough.", "Ovide"),  # a lotion's brand, a Cajun given name
    ],
)
def test_a_person_named_like_a_brand_is_still_masked(text, secret):
    assert secret not in SCREEN.screen(text).text
