"""Drug names: the PHI screen's list of medicines no vocabulary of ours knows, shipped as package data.

A report names the drugs behind its findings ("pulmonary toxicity from Amiodarone", "on Xarelto, hold before the
procedure", "Keytruda pneumonitis"). The English list knows the common ones ("aspirin", "insulin"), the report
words a few dozen more; any other brand or generic name is a capitalised word no vocabulary claims, which is just
what the name and place passes take. This table lists the one-word names of ``drug-named-entity-recognition``'s
dictionary (drugs and their brands from DrugBank, MeSH, MedlinePlus and Wikipedia) of the medicines MedlinePlus
describes (the dictionary's other synonyms, pesticides' and reagents' names, are too often people's names:
"Armine", "Rabon"), lower case, four letters or more, that no other list of the screen claims: not a common
English word (Zipf 3 or more), not a first or last name of Faker's lists (a brand named like a person, "Allegra",
stays a name), not a word of any town of the towns table nor a city of the gazetteer, nor such a word's singular
("Olean" is a town first). ``phi_lexicon`` classes each as a report word; a given name that is also a brand
("Ovide") still goes with its masked surname (``phi_adjoining``).

Reading the package's dictionary costs about 2 s, so the names are written once to ``tables/phi_drugs.tsv``:

    python -m megacxr.shards.phi_drugs          # rewrite the table from the installed drug-named-entity-recognition

``tests/test_phi_drugs.py`` rebuilds the list and checks the shipped table equals it.
"""

from __future__ import annotations

import argparse
import bz2
import pickle
import re
from functools import lru_cache
from pathlib import Path

from megacxr.shards.phi_word_tables import read_word_table, write_word_table

TABLE = Path(__file__).resolve().parent / "tables" / "phi_drugs.tsv"
_ONE_WORD = re.compile(r"[a-z]{4,30}")


def build() -> list[str]:
    """The sorted names of the table, from the installed ``drug_named_entity_recognition`` (its dictionary file,
    read directly: the package's finder also loads a tokenizer's data)."""
    import drug_named_entity_recognition  # only here: the screen reads the table

    # the lists the screen classes words by, read here without this table (phi_lexicon imports this module)
    from megacxr.shards.phi_lexicon import WORD_MIN_ZIPF, english_zipf, listed_names  # cycle: lexicon reads us
    from megacxr.shards.phi_places import gazetteer  # cycle: the places import the lexicon
    from megacxr.shards.phi_towns import towns  # cycle: the towns' build classes words through the lexicon

    path = Path(drug_named_entity_recognition.__file__).parent / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path) as fh:
        dictionary = pickle.load(fh)  # the package's own data file, as it reads it
    canonical = dictionary["drug_canonical_to_data"]
    # a medicine in use: one of MedlinePlus's (MeSH's other synonyms, "Armine", "Rabon", are also people's names)
    variants = [
        w
        for w, drugs_of in dictionary["drug_variant_to_canonical"].items()
        if any("medline_plus_id" in canonical.get(c, {}) for c in drugs_of)
    ]
    town_words = {w for town in towns() for w in town.split()} | gazetteer()
    names = listed_names()
    return sorted(
        w
        for w in variants
        if _ONE_WORD.fullmatch(w)
        and english_zipf(w) < WORD_MIN_ZIPF
        and w not in names
        and w not in town_words
        and w + "s" not in town_words  # (a report word's plural is one too: "atra" would take "Atras")
    )


@lru_cache(maxsize=1)
def drugs() -> frozenset[str]:
    """The table's names (lower case)."""
    return read_word_table(TABLE)


def main(argv: list[str] | None = None) -> None:
    from importlib.metadata import version

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=TABLE)
    args = ap.parse_args(argv)
    names = build()
    header = [
        "# megacxr PHI screen: one-word drug names no other list of the screen claims, one per line, lower case",
        f"# from drug-named-entity-recognition {version('drug-named-entity-recognition')} (MIT; DrugBank, MeSH, "
        "MedlinePlus, Wikipedia); written by python -m megacxr.shards.phi_drugs",
    ]
    write_word_table(args.out, header, names, "drug names")


if __name__ == "__main__":
    main()
