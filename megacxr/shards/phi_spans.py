"""The masked runs of a PHI screen window (``megacxr.shards.phi``): where the passes so far left ``_`` runs, and
what kind each was masked as, so that a later pass looks only beside them (a scan of the whole text per pattern
costs more than a few anchored matches per run)."""

from __future__ import annotations

import re

__all__ = ["ending_at", "masked_runs"]


def masked_runs(
    text: str, ends: dict[int, str], kinds: tuple[str, ...], whole: bool = False
) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each masked run whose recorded end is of one of ``kinds``, in order; ``whole``: only
    ends that close their run (a later mask may have run on past an end recorded before it)."""
    out = []
    for e, kind in sorted(ends.items()):
        if kind not in kinds or not 0 < e <= len(text) or text[e - 1] != "_":
            continue
        if whole and e < len(text) and text[e] == "_":
            continue
        s = e
        while s > 0 and text[s - 1] == "_":
            s -= 1
        out.append((s, e, kind))
    return out


def ending_at(pattern: re.Pattern, text: str, at: int, reach: int) -> re.Match | None:
    """The match of ``pattern`` that ends at ``at`` and starts at most ``reach`` characters before it."""
    return next((m for m in pattern.finditer(text, max(0, at - reach), at + 1) if m.end() == at), None)
