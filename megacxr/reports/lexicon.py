"""The report-language tables, shipped as data files in ``megacxr/reports/tables/``: edited as data, read once.

* ``negation.yaml``: each CheXpert label's phrases, statements of absence, the NegEx-style triggers and the
  words the one-error rewrites swap (``megacxr.reports.negation``);
* ``abbreviations.tsv``: the chest radiograph abbreviation table (``megacxr.reports.abbreviations``).

A malformed table is a packaging or editing error, not user input: it raises ``ValueError`` naming the file and
the entry.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml

__all__ = ["negation_lexicon", "read_table", "table_rows"]

_FOLDER = "tables"


def read_table(name: str) -> str:
    """The text of ``megacxr/reports/tables/<name>``."""
    return resources.files("megacxr.reports").joinpath(_FOLDER, name).read_text(encoding="utf-8")


def table_rows(name: str) -> list[dict[str, str]]:
    """The rows of a tab-separated table with a header line; ``#`` lines are comments."""
    lines = [line for line in read_table(name).splitlines() if line.strip() and not line.startswith("#")]
    header, rows = lines[0].split("\t"), []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ValueError(f"{_FOLDER}/{name}: data line {n} has {len(cells)} cells, the header {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def _expand(pattern: str, defines: dict[str, str], where: str) -> str:
    for name, value in defines.items():
        pattern = pattern.replace(f"<<{name}>>", value)
    if "<<" in pattern:
        raise ValueError(f"{_FOLDER}/negation.yaml: {where} names a pattern `define` does not hold")
    return pattern


@functools.cache
def negation_lexicon() -> dict:
    """``negation.yaml`` with every ``<<NAME>>`` replaced by its ``define`` pattern."""
    doc = yaml.safe_load(read_table("negation.yaml"))
    defines = doc.pop("define", {}) or {}
    for table in ("findings", "normal"):
        doc[table] = {
            label: tuple(_expand(p, defines, f"{table}.{label}") for p in patterns)
            for label, patterns in doc[table].items()
        }
    return doc
