"""Findings in report sentences: a lexicon for the 14 CheXpert labels, presence / absence / uncertainty per
sentence, negated reports ("Bringing CLIP to the Clinic" hard negatives) and one-error negatives.

Detection (``find_mentions``) is rule-based in the NegEx / CheXpert-labeler manner:

* ``FINDINGS`` holds each label's synonyms and abbreviations ("pleural effusion", "effusions", "eff"; "PTX";
  "enlargement of the cardiac silhouette"); ``NORMAL`` holds statements that a finding is absent without a
  negation word ("Heart size is normal", "The cardiomediastinal silhouette is normal") and, for ``No Finding``,
  that the study is normal ("No acute cardiopulmonary process"). Overlaps go to the earliest, longest phrase
  ("nodular opacity" is a lung lesion, not a lung opacity; "pericardial effusion" is not a pleural effusion).
* A mention's status comes from the nearest trigger before it (or inside it: "heart is not enlarged") in its
  clause: negation ("no", "without", "free of", "resolution of"), uncertainty ("possible", "cannot exclude",
  "concerning for", "may represent", "likely") or a pseudo-trigger that negates nothing ("no change in");
  else from the nearest following trigger in the same comma-free stretch ("... is not seen", "... cannot be
  excluded", "... has resolved"); else it is present. Clauses end at "but", "however", "which", "there is",
  ";", a full stop (also inside lower-case text that the sentence splitter keeps together) and the like.
  "Consistent with" states a finding ("opacity consistent with pneumonia": both present); "concerning for"
  hedges it.

Negated reports (``negate_report``), following the CLIP-to-the-Clinic recipe: split the report into
one-finding statements ("No focal consolidation, pleural effusion or pneumothorax." -> three statements),
drop comparisons with priors (``strip_comparison`` rewrites "Stable cardiomegaly compared to prior" to
"Cardiomegaly." and drops what cannot be rewritten cleanly, such as "Interval resolution of the previously seen
effusion."), delete every statement about a target finding F that the report states as present, and insert one
absent statement ("No pleural effusion." / "No evidence of pleural effusion.") at the first, middle or last
position. Decision on uncertainty: a finding mentioned only with a hedge ("Possible consolidation.") is not a
target by default (the report does not state it, so "No consolidation." would not contradict it cleanly;
``include_uncertain=True`` makes it one), but once F is a target its hedged statements are deleted too, so the
negated report never says both "No consolidation" and "possible consolidation". A statement mentioning F and
another finding that cannot be split apart ("opacity consistent with pneumonia") is deleted as a whole.

One-error negatives (``one_error_candidates`` / ``one_error_negatives``) change exactly one clinical fact:
``laterality`` swaps left and right (not "right atrium / ventricle"), ``presence`` turns a present finding
absent (its statements replaced by one absent statement) or an absent one present, ``severity`` swaps mild <->
severe, small <-> large, ... for a present finding, ``comparison`` swaps increased <-> decreased, improved <->
worsened, new <-> unchanged. A change applies to every statement about the finding, so that findings and
impression agree (devices are told apart by name: a right jugular line and a left pacemaker are two facts).
These are rule-based approximations: the lexicon misses rare phrasings, a swap can be clinically odd
("right-sided pacemaker" is unusual, and wrong, as intended), and a hedged or comparative sentence may be
rewritten less naturally than a radiologist would. English reports only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.reports.lexicon import negation_lexicon
from megacxr.reports.sentences import split_sentences

__all__ = [
    "ABSENT",
    "ERROR_KINDS",
    "FINDINGS",
    "NORMAL",
    "POSITIONS",
    "PRESENT",
    "TARGET_LABELS",
    "UNCERTAIN",
    "Mention",
    "NegatedReport",
    "OneError",
    "Statement",
    "absent_statement",
    "find_mentions",
    "is_comparison",
    "negate_report",
    "negation_targets",
    "one_error_candidates",
    "one_error_negatives",
    "present_statement",
    "report_status",
    "sentence_status",
    "split_findings",
    "statements",
    "strip_comparison",
]

PRESENT, ABSENT, UNCERTAIN = "present", "absent", "uncertain"
TARGET_LABELS = tuple(label for label in CHEXPERT_LABELS if label != "No Finding")
ERROR_KINDS = ("laterality", "presence", "severity", "comparison")
POSITIONS = ("first", "middle", "last")

# ------------------------------------------------------------------------------------------------ lexicon

_LEXICON = negation_lexicon()  # megacxr/reports/tables/negation.yaml: the tables are data
FINDINGS: dict[str, tuple[str, ...]] = _LEXICON["findings"]
# Statements of absence without a negation word; for No Finding, of a normal study (status present).
NORMAL: dict[str, tuple[str, ...]] = _LEXICON["normal"]
# (phrase, polarity, may precede the finding, may follow it); polarity "pseudo" negates nothing
_TRIGGERS: list[tuple[str, str, bool, bool]] = [
    (p, str(g["polarity"]), bool(g["before"]), bool(g["after"])) for g in _LEXICON["triggers"] for p in g["phrases"]
]
_TERMINATOR = re.compile(
    r"\b(?:but|however|although|though|which|while|whereas|except|aside\s+from|apart\s+from|"
    r"with\s+the\s+exception\s+of|there\s+(?:is|are|has\s+been|have\s+been))\b|"
    r"[;:]|\.(?=\s)",
    re.I,
)


def _word(p: str) -> str:
    return rf"(?<![\w/]){p}(?![\w/])"


_FINDING_RES = [
    (label, kind, re.compile("|".join(_word(p) for p in pats), re.I))
    for kind, table in (("finding", FINDINGS), ("normal", NORMAL))
    for label, pats in table.items()
]
_TRIGGER_RES = [(re.compile(_word(p), re.I), pol, pre, post) for p, pol, pre, post in _TRIGGERS]


@dataclass(frozen=True)
class Mention:
    label: str
    start: int
    end: int
    status: str  # present / absent / uncertain
    decided_at: int = -1  # where the deciding trigger starts (-1: none, the finding is stated)
    kind: str = "finding"  # finding, or normal (a statement of absence, or No Finding)


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    polarity: str
    pre: bool
    post: bool


def _non_overlapping(spans: list) -> list:
    """Earliest, then longest, spans first; later ones overlapping a kept span are dropped."""
    kept, end = [], -1
    for s in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if s[0] >= end:
            kept.append(s)
            end = s[1]
    return kept


def find_mentions(sentence: str) -> list[Mention]:
    """The findings ``sentence`` mentions, in order, each with its status (see the module docstring)."""
    found = _non_overlapping(
        [(m.start(), m.end(), label, kind) for label, kind, rx in _FINDING_RES for m in rx.finditer(sentence)]
    )
    normal = [(s, e) for s, e, _, kind in found if kind == "normal"]
    triggers = [
        _Trigger(*t)
        for t in _non_overlapping(
            [(m.start(), m.end(), pol, pre, post) for rx, pol, pre, post in _TRIGGER_RES for m in rx.finditer(sentence)]
        )
        if not any(s <= t[0] < e for s, e in normal)
    ]
    stops = [(m.start(), m.end()) for m in _TERMINATOR.finditer(sentence)]
    out = []
    for start, end, label, kind in found:
        if kind == "normal":
            out.append(Mention(label, start, end, PRESENT if label == "No Finding" else ABSENT, kind=kind))
            continue
        scope_start = max([e for s, e in stops if e <= start], default=0)
        scope_end = min([s for s, e in stops if s >= end], default=len(sentence))
        before = [t for t in triggers if t.pre and t.start >= scope_start and t.end <= end]
        status, at = PRESENT, -1
        if before:
            t = before[-1]
            status, at = {"neg": ABSENT, "unc": UNCERTAIN, "pseudo": PRESENT}[t.polarity], t.start
        else:
            after = [
                t
                for t in triggers
                if t.post and t.start >= end and t.end <= scope_end and "," not in sentence[end : t.start]
            ]
            if after:
                status, at = (ABSENT if after[0].polarity == "neg" else UNCERTAIN), after[0].start
        out.append(Mention(label, start, end, status, at))
    return out


_RANK = {PRESENT: 3, UNCERTAIN: 2, ABSENT: 1}


def _merge(statuses: dict[str, str], mentions: list[Mention]) -> dict[str, str]:
    for m in mentions:
        if m.label not in statuses or _RANK[m.status] > _RANK[statuses[m.label]]:
            statuses[m.label] = m.status
    return statuses


def sentence_status(sentence: str) -> dict[str, str]:
    """Label -> status for one sentence; present beats uncertain beats absent (as CheXpert's aggregation)."""
    return _merge({}, find_mentions(sentence))


def report_status(text: str) -> dict[str, str]:
    """Label -> status over all sentences of ``text``."""
    out: dict[str, str] = {}
    for s in split_sentences(text):
        _merge(out, find_mentions(s))
    return out


# ---------------------------------------------------------------------------------------- one-finding split

_SEPARATOR = re.compile(
    r",\s*(?:and|or)\s+|;\s*|,\s*|\s+(?:and|or|as\s+well\s+as|along\s+with)\s+|"
    r"(?<!consistent)(?<!compatible)(?<!associated)\s+with\s+",
    re.I,
)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_ENUMERATOR = re.compile(r"^\(?\d{1,2}[.)]\s+")
_CONJUNCTION = re.compile(r"^(?:and|or|but|though|although|however|while|whereas)\b,?\s*", re.I)


def _sentence_case(text: str) -> str:
    text = text.strip(" ,;")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def split_findings(sentence: str) -> list[str]:
    """``sentence`` as one-finding sentences: split between mentions of different findings at ", ", "and",
    "or", ";" or "with" (never "consistent with"); a later part that took its negation or hedge from an earlier
    one gets it written out ("No focal consolidation, pleural effusion or pneumothorax." -> "No focal
    consolidation.", "No pleural effusion.", "No pneumothorax."). Parts that cannot be separated stay together;
    a sentence with at most one finding comes back unchanged."""
    mentions = [m for m in find_mentions(sentence) if m.kind == "finding" or m.label != "No Finding"]
    if len({m.label for m in mentions}) < 2:
        return [sentence]
    cuts = []
    for a, b in zip(mentions, mentions[1:], strict=False):
        if a.label != b.label:
            sep = _SEPARATOR.search(sentence, a.end, b.start)
            if sep:
                cuts.append((sep.start(), sep.end()))
    if not cuts:
        return [sentence]
    bounds = [0] + [x for c in cuts for x in c] + [len(sentence)]
    out = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=False):
        text = sentence[start:end]
        inside = [m for m in mentions if start <= m.start < end]
        borrowed = [m for m in inside if m.decided_at >= 0 and not start <= m.decided_at < end]
        text = _CONJUNCTION.sub("", text.strip(" ,;"))
        if borrowed and borrowed[0].status != PRESENT:
            lead = "No " if borrowed[0].status == ABSENT else "Possible "
            text = _ARTICLE.sub("", text.strip(" ,;."))
            if not text.split()[0].isupper():
                text = text[:1].lower() + text[1:]
            text = lead + text
        out.append(_sentence_case(text.rstrip(" .")))
    return [s for s in out if len(s) > 1]


# ---------------------------------------------------------------------------------- comparisons with priors

COMPARISON = re.compile(
    r"\b(?:compared|comparison|prior|previous(?:ly)?|preceding|earlier|since|interval(?:ly)?|unchanged|stable|"
    r"stably|again|redemonstrat\w*|re-demonstrat\w*|persist\w*|increas\w*|decreas\w*|improv\w*|worsen\w*|"
    r"progress\w*|new|newly|now|resolv\w*|resolution|no\s+longer|change[sd]?|remain(?:s|ed)?|similar(?:ly)?|"
    r"enlarging|continues?\s+to)\b",
    re.I,
)
_PRIOR = r"(?:the\s+|a\s+)?(?:prior|previous|preceding|earlier|last|recent|most\s+recent|yesterday(?:'s)?|___)"
_LEADING_CLAUSE = re.compile(
    r"^(?:as\s+|when\s+)?(?:compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|"
    r"relative\s+to|since)\b[^,]*,\s*",
    re.I,
)
_TRAILING_CLAUSE = re.compile(
    rf",?\s*(?:(?:when|as)\s+)?(?:compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|"
    rf"relative\s+to|since|from|than(?:\s+on)?|versus)\s+{_PRIOR}\b[^.;]*",
    re.I,
)
_DANGLING = re.compile(
    r",\s*(?:(?:slightly|mildly|markedly|minimally|significantly)\s+)?(?:worsened|improved|"
    r"increased|decreased|unchanged|stable|similar|larger|smaller)\s*(?=[.;]?\s*$)",
    re.I,
)
_THERE = r"there\s+(?:is|are|has\s+been|have\s+been)\s+(?:an?\s+)?"
_LEADING_NOUN = re.compile(
    rf"^(?:{_THERE})?(?:an?\s+)?(?:interval\s+)?(?:development|appearance|increase|decrease|"
    r"worsening|improvement|placement|enlargement|progression)\s+(?:of|in)\s+"
    r"(?:(?:the\s+)?size\s+of\s+)?(?:the\s+|an?\s+)?",
    re.I,
)
_LEADING_ADJ = re.compile(
    rf"^({_THERE})?(?:newly|new|stable|unchanged|persistent|persisting|increased|increasing|"
    r"decreased|decreasing|improved|improving|worsened|worsening|redemonstrated|"
    r"re-demonstrated|again\s+(?:seen|noted|demonstrated))\s+",
    re.I,
)
_TRAILING_PRED = re.compile(
    r"\s+(is|are|has|have)\s+(?:been\s+)?(?:(?:grossly|essentially|overall|relatively|"
    r"largely)\s+)?(?:unchanged|stable|similar|persistent|not\s+(?:significantly\s+)?changed|"
    r"increased|decreased|improved|worsened)(?:\s+(?:in\s+(?:size|appearance|position|extent)"
    r"|since\s+\S+|from\s+\S+))?(?=\s*[.;]?\s*$)",
    re.I,
)
_REMAIN = re.compile(r"\b(remains?|continues?\s+to\s+be)\s+(?=\w)", re.I)


def is_comparison(sentence: str) -> bool:
    """Does ``sentence`` compare with a prior study ("Stable cardiomegaly compared to prior", "New left
    effusion", "Interval resolution of ...")?"""
    return COMPARISON.search(sentence) is not None


def strip_comparison(sentence: str) -> str | None:
    """``sentence`` without its comparison with a prior study, or None when it cannot be removed cleanly (the
    sentence is then dropped): "Compared to prior study of ___, there is a small effusion." -> "There is a small
    effusion."; "Stable cardiomegaly compared to prior" -> "Cardiomegaly."; "Small bilateral effusions are
    unchanged." -> "Small bilateral effusions are present."; "Interval resolution of the left effusion." -> None.
    """
    text = _ENUMERATOR.sub("", sentence.strip())
    had_finding = any(m.kind == "finding" for m in find_mentions(text))
    text = _LEADING_CLAUSE.sub("", text)
    text = _TRAILING_CLAUSE.sub("", text)
    text = _DANGLING.sub("", text.rstrip(" ."))
    text = _LEADING_NOUN.sub("", text)
    text = _LEADING_ADJ.sub(lambda m: m.group(1) or "", text)
    text = _TRAILING_PRED.sub(
        lambda m: " is present" if m.group(1).lower() in ("is", "has") else " are present", text.rstrip(" .")
    )
    text = _REMAIN.sub(lambda m: "are " if m.group(1).lower() in ("remain", "continue to be") else "is ", text)
    text = _sentence_case(text.rstrip(" ."))
    if not any(c.isalpha() for c in text) or is_comparison(text):
        return None
    if had_finding and not any(m.kind == "finding" for m in find_mentions(text)):
        return None
    return text


# ------------------------------------------------------------------------------------------ statements


@dataclass(frozen=True)
class Statement:
    text: str
    mentions: tuple[Mention, ...]

    def status(self, label: str) -> str | None:
        return _merge({}, list(self.mentions)).get(label)


def statements(text: str, drop_comparisons: bool = True) -> tuple[list[Statement], list[str]]:
    """``(one-finding statements, dropped sentences)`` of a report: sentences split with ``split_findings``,
    comparisons with priors removed (``strip_comparison``) first unless ``drop_comparisons=False``."""
    out, dropped = [], []
    for sentence in split_sentences(text):
        sentence = _ENUMERATOR.sub("", sentence)
        if drop_comparisons and is_comparison(sentence):
            stripped = strip_comparison(sentence)
            if stripped is None:
                dropped.append(sentence)
                continue
            sentence = stripped
        for part in split_findings(sentence):
            out.append(Statement(part, tuple(find_mentions(part))))
    return out, dropped


# (noun phrase, plural) of each finding's absent statement; present statements for the presence flip
_ABSENT_NP = {k: (str(v["phrase"]), bool(v["plural"])) for k, v in _LEXICON["absent_noun_phrases"].items()}
_ABSENT_TEMPLATES = tuple(_LEXICON["absent_templates"])
_PRESENT = dict(_LEXICON["present_statements"])


def absent_statement(label: str, template: int = 0) -> str:
    """A sentence stating that ``label`` is absent; ``template`` picks one of the phrasings (modulo their count)."""
    np_, plural = _ABSENT_NP[label]
    return _ABSENT_TEMPLATES[template % len(_ABSENT_TEMPLATES)].format(np=np_, be="are" if plural else "is")


def present_statement(label: str) -> str:
    return _PRESENT[label]


# ------------------------------------------------------------------------------------------ negated reports


@dataclass
class NegatedReport:
    original: str  # the report as one-finding statements, comparisons with priors dropped
    negated: str  # the target's statements deleted, one absent statement inserted
    omitted: str  # the target's statements deleted, nothing inserted
    target: str
    inserted: str
    position: str  # first, middle or last
    removed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def negation_targets(stmts: list[Statement], targets=TARGET_LABELS, include_uncertain: bool = False) -> list[str]:
    """Findings (in ``CHEXPERT_LABELS`` order) that the statements state as present (or hedge, if asked)."""
    wanted = {PRESENT, UNCERTAIN} if include_uncertain else {PRESENT}
    stated = {m.label for s in stmts for m in s.mentions if m.status in wanted}
    return [label for label in TARGET_LABELS if label in stated and label in targets]


def negate_report(
    text: str,
    rng: np.random.Generator,
    target: str | None = None,
    targets=TARGET_LABELS,
    include_uncertain: bool = False,
    position: str | None = None,
    template: int | None = None,
) -> NegatedReport | None:
    """A negated report of ``text`` (see the module docstring), or None when no target finding is stated.

    ``target``, ``position`` (first / middle / last) and ``template`` (the absent statement's phrasing) are
    drawn from ``rng`` unless given; always three draws, whatever the report holds."""
    if position is not None and position not in POSITIONS:
        raise ValueError(f"position must be one of {', '.join(POSITIONS)}")
    u = rng.random(3)
    stmts, dropped = statements(text)
    candidates = negation_targets(stmts, targets, include_uncertain)
    if target is not None:
        candidates = [target] if target in candidates else []
    if not candidates:
        return None
    label = candidates[int(u[0] * len(candidates))]
    keep = [s for s in stmts if s.status(label) not in (PRESENT, UNCERTAIN)]
    removed = [s.text for s in stmts if s.status(label) in (PRESENT, UNCERTAIN)]
    inserted = absent_statement(label, int(u[1] * len(_ABSENT_TEMPLATES)) if template is None else template)
    position = position or POSITIONS[int(u[2] * len(POSITIONS))]
    at = {"first": 0, "middle": len(keep) // 2, "last": len(keep)}[position]
    kept = [s.text for s in keep]
    return NegatedReport(
        original=" ".join(s.text for s in stmts),
        negated=" ".join(kept[:at] + [inserted] + kept[at:]),
        omitted=" ".join(kept),
        target=label,
        inserted=inserted,
        position=position,
        removed=removed,
        dropped=dropped,
    )


# ------------------------------------------------------------------------------------- one-error negatives


@dataclass(frozen=True)
class OneError:
    text: str  # the whole report with the error
    kind: str  # laterality, presence, severity, comparison
    label: str | None  # the finding the error is about
    before: str  # the statement changed ("" when one was only added)
    after: str  # what replaced it ("" when it was deleted)


_SIDES = dict(_LEXICON["sides"])
_SIDE_RE = re.compile(
    r"\b(left|right|RUL|LUL|RLL|LLL|RIJ|LIJ|RUQ|LUQ)\b(?!\s+(?:atri|ventric|heart))|"
    r"(?<![\w/.-])(?<!\d\s)([LR])(?=-sided\b|\s+[a-z]|\s+[A-Z]{2,}\b)",
    re.I,
)
_NO_SIDE_SWAP = re.compile(r"middle\s+lobe|\bRML\b|lingul", re.I)
_SEVERITY = dict(_LEXICON["severity"])
_SEVERITY_RE = re.compile(rf"(?<![\w-])({'|'.join(_SEVERITY)})(?![\w-])(?!\s+(?:bowel|intestine|airways?))", re.I)
_CHANGE = dict(_LEXICON["change"])
_CHANGE_RE = re.compile(rf"(?<![\w-])({'|'.join(_CHANGE)})(?![\w-])", re.I)


def _like(src: str, word: str) -> str:
    """``word`` in the case of ``src``."""
    if src.isupper() and len(src) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if src[:1].isupper() else word


def _swap_sides(text: str) -> str:
    def repl(m):
        if m.group(2):
            return "R" if m.group(2) == "L" else "L"
        src = m.group(1)
        word = _SIDES[src.lower()]
        return word.upper() if len(src) == 3 and src.isupper() else _like(src, word)

    return _SIDE_RE.sub(repl, text)


def _stated(stmt: Statement) -> list[Mention]:
    return [m for m in stmt.mentions if m.status in (PRESENT, UNCERTAIN) and m.label != "No Finding"]


def one_error_candidates(text: str, kinds=ERROR_KINDS) -> list[OneError]:
    """Every one-error rewrite of ``text`` of the given kinds, in a fixed order (see the module docstring)."""
    sentences = split_sentences(text)
    prefixes = [m.group(0) if (m := _ENUMERATOR.match(s)) else "" for s in sentences]
    units = [
        [Statement(p, tuple(find_mentions(p))) for p in split_findings(s[len(pre) :])]
        for s, pre in zip(sentences, prefixes, strict=False)
    ]

    def rebuild(edits: dict[tuple[int, int], str]) -> str:
        out = []
        for i, (sentence, parts) in enumerate(zip(sentences, units, strict=False)):
            if not any(k[0] == i for k in edits):
                out.append(sentence)
                continue
            new = " ".join(t for j, p in enumerate(parts) for t in [edits.get((i, j), p.text)] if t)
            if new:
                out.append(prefixes[i] + new)
        return " ".join(out)

    flat = [(i, j, p) for i, parts in enumerate(units) for j, p in enumerate(parts)]
    out: list[OneError] = []

    def add(kind: str, label: str, edits: dict[tuple[int, int], str]) -> None:
        (i, j), after = next(iter(edits.items()))
        out.append(OneError(rebuild(edits), kind, label, units[i][j].text, after))

    for kind in kinds:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}; choose from {', '.join(ERROR_KINDS)}")
        if kind == "presence":
            status: dict[str, str] = {}
            for _, _, p in flat:
                _merge(status, list(p.mentions))
            for label in TARGET_LABELS:
                where = [(i, j, p) for i, j, p in flat if p.status(label) in (PRESENT, UNCERTAIN)]
                # only where no other finding shares the statements: deleting them must not remove a second one
                if where and all({m.label for m in _stated(p)} == {label} for _, _, p in where):
                    edits = {(i, j): "" for i, j, _ in where}
                    edits[where[0][:2]] = absent_statement(label)
                    add(kind, label, dict(sorted(edits.items(), key=lambda e: e[1] == "")))
            for i, j, p in flat:
                labels = {m.label for m in p.mentions}
                if len(labels) == 1 and all(m.status == ABSENT for m in p.mentions):
                    label = labels.pop()
                    if label in TARGET_LABELS and status.get(label) == ABSENT:
                        add(kind, label, {(i, j): present_statement(label)})
            continue
        # laterality / severity / comparison: the same change in every statement about one finding, so that the
        # findings and the impression agree with each other and differ from the truth in one fact; devices are
        # told apart by their name (a right jugular line and a left pacemaker are two facts)
        groups: dict[tuple[str, str], list[tuple[int, int, Statement]]] = {}
        for i, j, p in flat:
            for m in _stated(p):
                if kind != "severity" or m.status == PRESENT:
                    name = p.text[m.start : m.end].lower() if m.label == "Support Devices" else ""
                    members = groups.setdefault((m.label, name), [])
                    if not members or members[-1][:2] != (i, j):
                        members.append((i, j, p))
        for (label, _), members in sorted(groups.items(), key=lambda g: TARGET_LABELS.index(g[0][0])):
            edits = {}
            for i, j, p in members:
                if kind == "laterality":
                    new = p.text if _NO_SIDE_SWAP.search(p.text) else _swap_sides(p.text)
                else:
                    rx, table = (_SEVERITY_RE, _SEVERITY) if kind == "severity" else (_CHANGE_RE, _CHANGE)
                    new = rx.sub(lambda m: _like(m.group(1), table[m.group(1).lower()]), p.text)  # noqa: B023 - called in this iteration
                if new != p.text:
                    edits[(i, j)] = new
            if edits:
                add(kind, label, edits)
    seen, unique = {text}, []
    for e in out:
        if e.text not in seen:
            seen.add(e.text)
            unique.append(e)
    return unique


def one_error_negatives(text: str, rng: np.random.Generator, k: int = 1, kinds=ERROR_KINDS) -> list[OneError]:
    """Up to ``k`` distinct one-error rewrites of ``text``, drawn without replacement (one ``rng.permutation``)."""
    candidates = one_error_candidates(text, kinds)
    order = rng.permutation(len(candidates))
    return [candidates[i] for i in order[:k]]
