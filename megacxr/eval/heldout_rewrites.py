"""Held-out rewrites of a report for ``megacxr eval text``: they change the words and keep the facts, by rule
families that supcon's training variants never use (``megacxr.data.variants``: abbreviations, impression only,
section order, sentence shuffle, case and layout). Held out by construction: this module lives in ``eval``,
which the training data path never imports (``tests/test_layering.py``), its phrase tables share no phrase
with the abbreviation table the training rules use, and no training rule's output equals one of these
rewrites (``tests/test_eval_heldout.py``).

Kinds (``HELDOUT_KINDS``):

* ``lay_terms``: radiology terms in lay words and synonyms ("pleural effusion" -> "pleural fluid collection",
  "cardiomegaly" -> "heart enlargement", "left lower lobe" -> "left lower lung zone", devices by what they
  do). Longest phrase first, each span rewritten once, the first letter's case kept.
* ``clause_order``: adjacent statements joined into one sentence in the other order with a connective ("A. B."
  -> "B; in addition, a."): the order and the joining words change, the statements do not.
* ``units``: measurements in the other unit ("12 mm" -> "1.2 cm", "3.5 cm" -> "35 millimeters").
* ``hedging``: a hedge or a verb of seeing for an equivalent one ("consistent with" -> "compatible with",
  "likely" -> "probably", "is seen" -> "is visualized"); the degree of certainty is kept.

``rewrite(kind, text)`` returns the text unchanged where the kind finds nothing to rewrite (counted as not
applicable by the evaluation). Deterministic: no random draw.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.reports.sentences import split_sentences

__all__ = ["HELDOUT_KINDS", "LAY_TERMS", "HEDGES", "rewrite"]

# phrase -> lay wording or synonym; matched case-insensitively on word boundaries, longest first
LAY_TERMS: dict[str, str] = {
    "no acute cardiopulmonary abnormality": "nothing urgent in the heart or lungs",
    "no acute cardiopulmonary process": "nothing urgent in the heart or lungs",
    "normal chest radiograph": "normal chest picture",
    "enlargement of the cardiac silhouette": "enlargement of the heart shadow",
    "cardiomediastinal silhouette": "outline of the heart and central chest",
    "cardiac silhouette": "heart shadow",
    "mediastinal contours": "outline of the central chest",
    "heart size": "size of the heart",
    "cardiomegaly": "heart enlargement",
    "pleural effusions": "pleural fluid collections",
    "pleural effusion": "pleural fluid collection",
    "effusions": "fluid collections",
    "effusion": "fluid collection",
    "pneumothorax": "pleural air collection",
    "focal airspace consolidation": "localized filling of the air spaces",
    "airspace consolidation": "filling of the air spaces",
    "consolidation": "filled-in lung",
    "atelectasis": "partly collapsed lung",
    "pulmonary vascular congestion": "engorged lung vessels",
    "pulmonary edema": "fluid in the lungs",
    "edema": "fluid buildup",
    "opacities": "hazy areas",
    "opacity": "hazy area",
    "osseous structures": "bones",
    "displaced rib fracture": "rib break out of place",
    "fracture": "break",
    "left lower lobe": "left lower lung zone",
    "right lower lobe": "right lower lung zone",
    "left upper lobe": "left upper lung zone",
    "right upper lobe": "right upper lung zone",
    "right middle lobe": "right mid lung zone",
    "lung bases": "bottoms of the lungs",
    "bilateral": "two-sided",
    "unremarkable": "without abnormality",
    "within normal limits": "as expected",
    "endotracheal tube": "breathing tube",
    "nasogastric tube": "feeding tube through the nose",
    "enteric tube": "feeding tube",
    "central venous catheter": "large vein line",
    "pacemaker": "heart rhythm device",
    "nodule": "round spot",
    "mass": "lump",
    "interval development of": "newly developed",
    "interval": "since the last study",
}

# hedge or verb of seeing -> an equivalent one (same certainty)
HEDGES: dict[str, str] = {
    "consistent with": "compatible with",
    "compatible with": "in keeping with",
    "suggestive of": "pointing to",
    "most likely": "most probably",
    "likely": "probably",
    "possibly": "perhaps",
    "may represent": "could reflect",
    "cannot be excluded": "is not ruled out",
    "is seen": "is visualized",
    "are seen": "are visualized",
    "is present": "is identified",
    "are present": "are identified",
    "is noted": "is observed",
    "is demonstrated": "is shown",
}

_CONNECTIVES = ("; in addition, ", ", and ", "; also, ", ", while ")
_MEASURE = re.compile(r"\b(\d+(?:\.\d+)?)\s?(mm|cm|millimeters?|centimeters?)\b", re.IGNORECASE)


def _table_pattern(table: dict[str, str]) -> re.Pattern:
    phrases = sorted(table, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


_LAY = _table_pattern(LAY_TERMS)
_HEDGE = _table_pattern(HEDGES)


def _keep_case(found: str, new: str) -> str:
    if found.isupper() and len(found) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if found[:1].isupper() else new


def _by_table(pattern: re.Pattern, table: dict[str, str]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        return pattern.sub(lambda m: _keep_case(m.group(0), table[m.group(0).lower()]), text)

    return apply


def _units(text: str) -> str:
    def convert(m: re.Match) -> str:
        value, unit = float(m.group(1)), m.group(2).lower()
        if unit.startswith("m"):
            return f"{value / 10:g} cm"
        return f"{value * 10:g} millimeters"

    return _MEASURE.sub(convert, text)


_HEADER = re.compile(r"^([A-Z][A-Z /]+:)\s*")


def _joined(group: list[str], start: int) -> list[str]:
    """Sentences paired in the other order with a connective; an odd last one stays."""
    out = []
    for i in range(0, len(group) - 1, 2):
        first, second = group[i].rstrip(" ."), group[i + 1].rstrip(" .")
        joiner = _CONNECTIVES[(start + i // 2) % len(_CONNECTIVES)]
        lowered = first[:1].lower() + first[1:] if first[:2] != first[:2].upper() else first
        out.append(f"{second}{joiner}{lowered}.")
    return out + group[len(group) - len(group) % 2 :]


def _clause_order(text: str) -> str:
    # a section header ("FINDINGS:") starts a group of its own and stays in front of it
    groups: list[tuple[str, list[str]]] = [("", [])]
    for sentence in split_sentences(text):
        m = _HEADER.match(sentence)
        if m:
            groups.append((m.group(1) + " ", []))
            sentence = sentence[m.end() :]
        if sentence:
            groups[-1][1].append(sentence)
    out, pairs = [], 0
    for header, group in groups:
        if header or group:
            out.append(header + " ".join(_joined(group, pairs)))
            pairs += len(group) // 2
    return " ".join(o.strip() for o in out if o.strip())


_RULES: dict[str, Callable[[str], str]] = {
    "lay_terms": _by_table(_LAY, LAY_TERMS),
    "clause_order": _clause_order,
    "units": _units,
    "hedging": _by_table(_HEDGE, HEDGES),
}
HELDOUT_KINDS = tuple(_RULES)


def rewrite(kind: str, text: str) -> str:
    """``text`` rewritten by the held-out rule family ``kind`` (unchanged where it finds nothing to rewrite)."""
    if kind not in _RULES:
        raise ValueError(f"unknown held-out rewrite {kind!r}; choose one of {', '.join(HELDOUT_KINDS)}")
    return _RULES[kind](text)
