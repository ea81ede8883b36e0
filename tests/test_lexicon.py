"""The report-language tables are data files (issue 27): ``megacxr/reports/tables/`` ships with the package, loads
into the tables the code reads, and a malformed entry is named (file and entry) instead of half-loaded."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import numpy as np
import pytest
import tomllib

from megacxr.reports import lexicon
from megacxr.reports.abbreviations import ABBREVIATIONS, expand_abbreviations
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.reports.negation import FINDINGS, NORMAL, find_mentions, one_error_negatives

REPO = Path(__file__).resolve().parents[1]
TABLES = REPO / "megacxr" / "reports" / "tables"


def test_every_table_ships_with_the_package():
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = globs["megacxr.reports"]
    files = sorted(p.name for p in TABLES.iterdir())
    assert files == ["abbreviations.tsv", "negation.yaml"]
    assert all(any(fnmatch.fnmatch(f"tables/{name}", g) for g in shipped) for name in files)


def test_the_negation_lexicon_loads_into_the_tables_the_code_reads():
    lex = lexicon.negation_lexicon()
    assert set(FINDINGS) | set(NORMAL) <= set(CHEXPERT_LABELS) and len(FINDINGS) == 13
    assert all("<<" not in p for pats in (*FINDINGS.values(), *NORMAL.values()) for p in pats)  # defines expanded
    assert {g["polarity"] for g in lex["triggers"]} == {"neg", "unc", "pseudo"}
    assert all(lex["sides"][lex["sides"][w]] == w for w in lex["sides"])  # left <-> right both ways
    assert set(lex["absent_noun_phrases"]) == set(lex["present_statements"]) == set(FINDINGS)
    # the patterns work as the module docstring says
    assert [(m.label, m.status) for m in find_mentions("The heart is not enlarged.")] == [("Cardiomegaly", "absent")]
    assert [(m.label, m.status) for m in find_mentions("Enlarged cardiomediastinal silhouette.")] == [
        ("Enlarged Cardiomediastinum", "present")
    ]
    flipped = one_error_negatives("Small left pleural effusion.", np.random.default_rng(0), kinds=("laterality",))
    assert [e.text for e in flipped] == ["Small right pleural effusion."]


def test_the_abbreviation_table_loads_in_order_with_its_flags():
    assert len(ABBREVIATIONS) == len(lexicon.table_rows("abbreviations.tsv")) > 80
    first = ABBREVIATIONS[0]
    assert (first.short, first.long, first.expand, first.contract) == ("PA", "posteroanterior", True, True)
    assert expand_abbreviations("PA and LAT views.") == "Posteroanterior and lateral views."


def test_a_malformed_table_is_named(monkeypatch):
    monkeypatch.setattr(lexicon, "read_table", lambda name: "short\tlong\texpand\tcontract\nPA\tposteroanterior\n")
    with pytest.raises(ValueError, match=r"tables/abbreviations.tsv: data line 2 has 2 cells, the header 4"):
        lexicon.table_rows("abbreviations.tsv")
    monkeypatch.setattr(lexicon, "read_table", lambda name: "findings: {Edema: ['<<NOPE>>']}\nnormal: {}\n")
    lexicon.negation_lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match="findings.Edema names a pattern `define` does not hold"):
            lexicon.negation_lexicon()
    finally:
        lexicon.negation_lexicon.cache_clear()
