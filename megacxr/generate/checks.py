"""Validation of generated report variants: each output is kept or rejected with one reason.

The facts of a report, compared between the input and the output (``facts``), after both are written with
their abbreviations expanded (so "RLL" and "right lower lobe" agree):

* ``status``: each finding's status (present / absent / uncertain) from ``megacxr.reports.negation``;
* descriptors, as (finding, word) pairs: each word of a statement (a sentence, split at "and" between two
  findings by ``negation.split_findings``) paired with every finding the statement names
  ("" when it names none): ``laterality`` (left, right, bilateral), ``numbers`` (measurements, counts),
  ``severity`` (mild, moderate, severe, small, large, ...) and ``devices`` (tube, line, catheter, pacemaker,
  ...; ETT / NGT count as tube, PICC / CVC as line). Pairs, not counts: a paraphrase may repeat a finding in
  the impression or merge two sentences; a swap between two findings ("left effusion, right pneumothorax"
  -> the reverse) still shows.

A ``paraphrase`` must keep every fact: a changed status is ``negation_changed`` (the finding named on both
sides) or ``finding_changed`` (named on one side only); changed pairs are ``laterality_changed``,
``number_changed``, ``severity_changed`` or ``device_changed``. An ``errors`` rewrite must carry exactly one
detectable error: ``no_error_detected`` when every fact is kept (the error is not checkable, or there is none:
either way it is not kept as a hard negative, since an equivalent text there would teach the encoder to push
apart reports that mean the same), ``several_errors`` when more than one fact changed. Each changed status
counts one error; each descriptor kind counts the larger of the pairs it lost and gained (left -> right of one
finding is one error, also when the impression repeats it). The descriptors of a finding whose status changed
are not counted again ("small left pneumothorax" for "no pneumothorax" is one error).

Before those, for both kinds: ``empty``, ``truncated`` (the engine stopped at its token limit, or
the closing tag never came), ``copied`` (the input back, up to case and whitespace) and ``phi`` (the PHI screen
of the shard builder finds an identifier the input did not have).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from megacxr.reports.abbreviations import expand_abbreviations
from megacxr.reports.negation import find_mentions, report_status, split_findings
from megacxr.shards.phi import PhiScreen

__all__ = [
    "ERROR_PROMPT_KINDS",
    "REASONS",
    "DESCRIPTORS",
    "Facts",
    "check_output",
    "facts",
    "fact_changes",
    "parse_output",
]

# the seed authors' error kinds (their prompt's names), and which fact each one changes
ERROR_PROMPT_KINDS = {
    "severity": "severity",
    "location": "laterality",
    "false_finding": "status",
    "false_negation": "status",
    "measurement": "numbers",
    "device": "devices",
}
REASONS = (
    "empty",
    "truncated",
    "copied",
    "phi",
    "negation_changed",
    "finding_changed",
    "laterality_changed",
    "number_changed",
    "severity_changed",
    "device_changed",
    "no_error_detected",
    "several_errors",
    "generation_failed",
    "prompt_too_long",
)
_SIDE = re.compile(r"\b(?:left|right|bilateral(?:ly)?)\b", re.I)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w.]*\d)")
_SEVERITY = re.compile(
    r"\b(?:minimal|mild(?:ly)?|moderate(?:ly)?|severe(?:ly)?|marked(?:ly)?|small|large|tiny|trace|massive|"
    r"extensive|slight(?:ly)?|subtle|significant(?:ly)?|substantial)\b",
    re.I,
)
_DEVICE = re.compile(
    r"\b(?:tube|line|catheter|pacemaker|pacer|lead|leads|wire|wires|drain|stent|clip|clips|port|valve|"
    r"ett|ngt|picc|cvc|icd|aicd|sternotomy|prosthesis|device|devices)\b",
    re.I,
)
# sentences for pairing descriptors with findings: any case (generated text may be all lower case), newlines too
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n+")
_TAG_OPEN, _TAG_CLOSE = "<report>", "</report>"
_PHI = PhiScreen()


_DEVICE_CANON = {
    "ett": "tube",
    "ngt": "tube",
    "ogt": "tube",
    "picc": "line",
    "cvc": "line",
    "leads": "lead",
    "wires": "wire",
    "clips": "clip",
    "pacer": "pacemaker",
    "aicd": "icd",
    "devices": "device",
}
DESCRIPTORS = {
    "laterality": (_SIDE, "laterality_changed"),
    "numbers": (_NUMBER, "number_changed"),
    "severity": (_SEVERITY, "severity_changed"),
    "devices": (_DEVICE, "device_changed"),
}


@dataclass(frozen=True)
class Facts:
    status: dict  # finding -> present / absent / uncertain
    pairs: dict  # descriptor kind -> frozenset of (finding or "", word)


def _word(kind: str, raw: str) -> str:
    w = raw.lower()
    if kind == "laterality":
        return "bilateral" if w.startswith("bilateral") else w
    if kind == "numbers":
        return w.replace(",", ".")
    if kind == "severity":
        return w.removesuffix("ly")
    return _DEVICE_CANON.get(w, w)


def facts(text: str) -> Facts:
    """The checkable facts of a report (module docstring)."""
    full = expand_abbreviations(text)
    pairs: dict[str, set] = {kind: set() for kind in DESCRIPTORS}
    sentences = filter(None, (x.strip() for x in _SENTENCE_END.split(full)))
    for sentence in (part for sent in sentences for part in split_findings(sent)):  # "A and B": two statements
        labels = {m.label for m in find_mentions(sentence)} or {""}
        for kind, (pattern, _) in DESCRIPTORS.items():
            for m in pattern.finditer(sentence):
                word = _word(kind, m.group(0))
                pairs[kind].update((label, word) for label in labels)
    return Facts(report_status(full), {k: frozenset(v) for k, v in pairs.items()})


def fact_changes(before: Facts, after: Facts, skip_changed_findings: bool = False) -> dict[str, int]:
    """Changes per reason (module docstring); ``skip_changed_findings``: descriptors of findings whose status
    changed are not counted (error rewrites)."""
    out: dict[str, int] = {}
    changed = set()
    for label in sorted(set(before.status) | set(after.status)):
        a, b = before.status.get(label), after.status.get(label)
        if a != b:
            changed.add(label)
            reason = "negation_changed" if a is not None and b is not None else "finding_changed"
            out[reason] = out.get(reason, 0) + 1
    skip = changed if skip_changed_findings else set()
    for kind, (_, reason) in DESCRIPTORS.items():
        a = {p for p in before.pairs[kind] if p[0] not in skip}
        b = {p for p in after.pairs[kind] if p[0] not in skip}
        n = max(len(a - b), len(b - a))
        if n:
            out[reason] = n
    return out


def parse_output(raw: str, finished: bool) -> tuple[str, bool]:
    """``(text, truncated)`` of a raw generation: the text inside ``<report>...</report>`` when the closing tag is
    there; else the whole text, truncated when the engine stopped at its token limit (``finished`` false)."""
    text = raw
    start = text.find(_TAG_OPEN)
    if start >= 0:
        text = text[start + len(_TAG_OPEN) :]
    end = text.find(_TAG_CLOSE)
    if end >= 0:
        return " ".join(text[:end].split()), False
    if start >= 0 and not finished:
        return " ".join(text.split()), True
    return " ".join(text.split()), not finished


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def check_output(kind: str, source: str, output: str, truncated: bool = False) -> tuple[str | None, dict]:
    """``(reason or None, details)`` for one generated ``output`` of ``source``; ``kind`` is ``paraphrase`` or
    ``errors``. ``details`` holds the changes found (reason -> count), never text."""
    if not output.strip():
        return "empty", {}
    if truncated:
        return "truncated", {}
    if _norm(output) == _norm(source):
        return "copied", {}
    screened = _PHI.screen(output)
    if screened.total + screened.residual > 0:
        before = _PHI.screen(source)
        if screened.total + screened.residual > before.total + before.residual:
            return "phi", {}
    before, after = facts(source), facts(output)
    if kind == "paraphrase":
        changes = fact_changes(before, after)
        for reason in REASONS:
            if reason in changes:
                return reason, changes
        return None, changes
    changes = fact_changes(before, after, skip_changed_findings=True)
    errors = sum(changes.values())
    if errors == 0:
        return "no_error_detected", changes
    if errors > 1:
        return "several_errors", changes
    return None, changes
