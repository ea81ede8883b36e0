"""The PHI screen's shipped word tables (``tables/*.tsv``): one lower-case entry per line after ``#`` comments.

``phi_towns`` and ``phi_drugs`` each build their table once from an installed package and ship it, so that a
screen reads a few hundred kilobytes instead of the package's data; both read and write it here.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_word_table", "table_entries", "write_word_table"]


def read_word_table(path: Path) -> frozenset[str]:
    """The entries of a shipped table (its ``#`` lines are its header)."""
    with open(path, encoding="utf-8") as fh:
        return frozenset(line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#"))


def table_entries(path: Path) -> list[str]:
    """The entries of a shipped table in their order (what a test compares with a fresh build)."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def write_word_table(path: Path, header: list[str], entries: list[str], what: str) -> None:
    """Write ``entries`` under ``header`` (each line a ``#`` comment) and say how many went where."""
    path.write_text("\n".join(header + entries) + "\n", encoding="utf-8")
    print(f"{len(entries)} {what} -> {path}")
