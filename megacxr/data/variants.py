"""Report variants for the supervised-contrastive stage: positives (clinically equivalent rewrites of a report)
and hard negatives (rewrites with one clinical error), from rules, from the shards, or from an external file.

Rule positives (``RULES``; each returns the text unchanged when it does not apply):

* ``abbrev_expand`` / ``abbrev_contract``: write the CXR abbreviations out ("ETT" -> "endotracheal tube") or
  abbreviate the long forms ("right lower lobe" -> "RLL"), with ``megacxr.reports.abbreviations`` (English only);
* ``impression_only``: the impression section alone; ``section_reorder``: impression, then findings;
* ``sentence_shuffle``: the sentences in another order (never the original one);
* ``style``: case and whitespace style: ALL CAPS (as CheXpert Plus writes), lower case, one sentence per line,
  or a numbered list.

None of them changes laterality, severity, negation or a number, so the variant means what the anchor means
(sentence shuffle assumes no sentence points back at another, which holds for nearly all CXR sentences).
``rule_variant`` orders the enabled rules by a weighted random draw (``VariantConfig.weights``) and applies the
first one that changes the anchor; with probability ``stack`` a second text rule (abbreviations, shuffle, style)
goes on top. Only when no rule changes the text (one sentence, no abbreviation, no second section, style off) is
the anchor its own positive (the encoder's dropout then makes the difference, as in SimCSE).

Hard negatives (``rule_negatives``): ``megacxr.reports.negation``'s one-error rewrites (``laterality``,
``presence``, ``severity``, ``comparison``) and, with ``"negation"`` in ``negative_rules``, negated reports (a
present finding deleted and declared absent). Rule-based approximations of what an LLM rewrite would give.

External variants (``ExternalVariants``): a JSONL file, one object per line, ``{"key": sample __key__ or
"study": json study_id, "variants": [...], "hard_negatives": [...]}`` (texts, or objects with a ``"text"``).
Lines for the same sample are merged in file order. ``SupconSample`` (``VariantPicker.pick``) uses, for the
positive, the external variants of the sample, else the shard's ``json["variants"]`` (``use_shard_variants``),
else a rule variant; for hard negatives the external ones, else the shard's, else (``rule_hard_negatives``)
rule negatives.

Every random choice comes from the ``rng`` passed in, with a fixed number of draws per call where the branch
allows (``rule_variant`` always three, ``rule_negatives`` always one), so a resumed loader yields identical
batches.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from megacxr.data.text import TextConfig, choose_text
from megacxr.errors import ConfigError, InputError
from megacxr.reports.abbreviations import contract_abbreviations, expand_abbreviations
from megacxr.reports.negation import ERROR_KINDS, negate_report, negation_targets, one_error_candidates, statements
from megacxr.reports.sentences import split_sentences

log = logging.getLogger("megacxr.data")
UNMATCHED_WARN_AFTER = 256  # external lookups with no match before the picker warns that the file fits no sample

__all__ = [
    "NEGATIVE_RULES",
    "RULES",
    "STYLES",
    "TEXT_RULES",
    "UNMATCHED_WARN_AFTER",
    "ExternalVariants",
    "ReportParts",
    "VariantConfig",
    "VariantEntry",
    "VariantPicker",
    "apply_rule",
    "report_parts",
    "rule_negatives",
    "rule_variant",
]

RULES = ("abbrev_expand", "abbrev_contract", "impression_only", "section_reorder", "sentence_shuffle", "style")
TEXT_RULES = ("abbrev_expand", "abbrev_contract", "sentence_shuffle", "style")  # may stack on another rule
NEGATIVE_RULES = (*ERROR_KINDS, "negation")
STYLES = ("upper", "lower", "lines", "numbered")
_ENGLISH_ONLY = ("abbrev_expand", "abbrev_contract")
_OPPOSITE = {"abbrev_expand": "abbrev_contract", "abbrev_contract": "abbrev_expand"}


@dataclass
class VariantConfig:
    rules: list[str] = field(default_factory=lambda: list(RULES))  # rule positives that may be used
    weights: dict[str, float] = field(default_factory=dict)  # rule -> relative weight (default 1.0; 0 = off)
    stack: float = 0.3  # probability of a second text rule on top of the first
    external: str | None = None  # JSONL of externally generated variants (e.g. LLM paraphrases)
    use_shard_variants: bool = True  # json["variants"] / json["hard_negatives"] of the shard sample
    rule_hard_negatives: bool = False  # one-error negatives when no external / shard hard negatives exist
    negative_rules: list[str] = field(default_factory=lambda: list(ERROR_KINDS))  # of NEGATIVE_RULES

    def __post_init__(self) -> None:
        self.rules = list(self.rules)
        bad = [r for r in self.rules if r not in RULES]
        if bad or len(set(self.rules)) != len(self.rules):
            raise ConfigError(
                f"unknown or repeated rule(s) {bad or self.rules}; choose from {', '.join(RULES)}",
                field="variants.rules",
            )
        self.weights = dict(self.weights)
        for name, w in self.weights.items():
            if name not in RULES:
                raise ConfigError(f"unknown rule {name!r}; choose from {', '.join(RULES)}", field="variants.weights")
            if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
                raise ConfigError(f"weight of {name!r} must be a finite number >= 0", field="variants.weights")
        if not 0.0 <= float(self.stack) <= 1.0:
            raise ConfigError("must be a probability in [0, 1]", field="variants.stack")
        self.negative_rules = list(self.negative_rules)
        bad = [r for r in self.negative_rules if r not in NEGATIVE_RULES]
        if bad:
            raise ConfigError(
                f"unknown negative rule(s) {bad}; choose from {', '.join(NEGATIVE_RULES)}",
                field="variants.negative_rules",
            )
        if self.external is not None and (not isinstance(self.external, (str, os.PathLike)) or not str(self.external)):
            raise ConfigError("must be the path of a JSONL file or null", field="variants.external")

    def weight(self, rule: str) -> float:
        return float(self.weights.get(rule, 1.0)) if rule in self.rules else 0.0


# ------------------------------------------------------------------------------------------------ rules


@dataclass(frozen=True)
class ReportParts:
    """What the section rules need: the sample's cleaned findings and impression ("" when absent)."""

    findings: str = ""
    impression: str = ""
    language: str = "en"


_SECTION_CFG = {name: TextConfig(sections=name) for name in ("findings", "impression")}


def report_parts(meta: dict | None, txt: str | None) -> ReportParts:
    """The cleaned findings / impression of a shard sample (``choose_text``'s cleaning), language from json."""
    meta = meta or {}
    sections = meta.get("sections") or {}
    parts = {}
    for name, cfg in _SECTION_CFG.items():
        value = sections.get(name) if isinstance(sections, dict) else None
        # choose_text falls back to the other section: only ask it when this one exists
        parts[name] = choose_text(meta, txt, cfg, None) if isinstance(value, str) and value.strip() else ""
    language = meta.get("language") if isinstance(meta.get("language"), str) else "en"
    return ReportParts(parts["findings"], parts["impression"], language or "en")


_ENUMERATOR = re.compile(r"^\(?\d{1,2}[.)]\s+")


def _sentences(text: str) -> list[str]:
    return [s for s in (_ENUMERATOR.sub("", s) for s in split_sentences(text)) if s]


def _shuffle(text: str, rng: np.random.Generator) -> str:
    sentences = _sentences(text)
    if len(sentences) < 2:
        return text
    order = rng.permutation(len(sentences))
    if np.array_equal(order, np.arange(len(sentences))):
        order = np.roll(order, 1)  # never the original order
    return " ".join(sentences[i] for i in order)


def _style(text: str, rng: np.random.Generator) -> str:
    sentences = _sentences(text) or [text]
    for i in rng.permutation(len(STYLES)):
        style = STYLES[i]
        if style == "upper":
            out = text.upper()
        elif style == "lower":
            out = text.lower()
        elif style == "lines":
            out = "\n".join(sentences)
        else:
            out = " ".join(f"{n}. {s}" for n, s in enumerate(sentences, 1))
        if out != text:
            return out
    return text


def apply_rule(rule: str, text: str, parts: ReportParts, rng: np.random.Generator) -> str:
    """``text`` rewritten by one rule (unchanged where the rule does not apply); ``rng`` is the rule's own."""
    if rule in _ENGLISH_ONLY and parts.language != "en":
        return text
    if rule == "abbrev_expand":
        return expand_abbreviations(text)
    if rule == "abbrev_contract":
        return contract_abbreviations(text)
    if rule == "impression_only":
        return parts.impression or text
    if rule == "section_reorder":
        return f"{parts.impression} {parts.findings}" if parts.findings and parts.impression else text
    if rule == "sentence_shuffle":
        return _shuffle(text, rng)
    if rule == "style":
        return _style(text, rng)
    raise ValueError(f"unknown rule {rule!r}")


def rule_variant(
    anchor: str, parts: ReportParts, cfg: VariantConfig, rng: np.random.Generator
) -> tuple[str, tuple[str, ...]]:
    """``(positive, rules applied)`` for ``anchor``; see the module docstring. Three draws from ``rng``."""
    u = rng.random(len(RULES))
    stack = rng.random()
    seed = int(rng.integers(2**63))
    # weighted random order without replacement (Efraimidis-Spirakis keys u ** (1 / w))
    enabled = [r for r in RULES if cfg.weight(r) > 0]
    order = sorted(enabled, key=lambda r: -(u[RULES.index(r)] ** (1.0 / cfg.weight(r))))
    for n, rule in enumerate(order):
        out = apply_rule(rule, anchor, parts, np.random.default_rng([seed, RULES.index(rule)]))
        if out == anchor:
            continue
        if stack < cfg.stack:
            for second in order[n + 1 :]:
                if second in TEXT_RULES and second != _OPPOSITE.get(rule):
                    sub = np.random.default_rng([seed, len(RULES) + RULES.index(second)])
                    again = apply_rule(second, out, parts, sub)
                    if again not in (out, anchor):
                        return again, (rule, second)
        return out, (rule,)
    return anchor, ()


def rule_negatives(
    anchor: str, k: int, cfg: VariantConfig, rng: np.random.Generator, language: str = "en"
) -> list[str]:
    """Up to ``k`` distinct hard negatives of ``anchor`` from ``cfg.negative_rules``: a random kind order, then
    round robin over the kinds, a random candidate of each (so ``k=1`` picks a kind uniformly among those that
    apply). One draw from ``rng``."""
    seed = int(rng.integers(2**63))
    if k <= 0 or language != "en":
        return []
    kinds = [r for r in cfg.negative_rules if r in ERROR_KINDS]
    by_kind: dict[str, list[str]] = {}
    for e in one_error_candidates(anchor, kinds):
        by_kind.setdefault(e.kind, []).append(e.text)
    if "negation" in cfg.negative_rules:
        stmts, _ = statements(anchor)
        for i, label in enumerate(negation_targets(stmts)):
            neg = negate_report(anchor, np.random.default_rng([seed, 1, i]), target=label)
            if neg is not None:
                by_kind.setdefault("negation", []).append(neg.negated)
    names = [r for r in cfg.negative_rules if by_kind.get(r)]
    sub = np.random.default_rng([seed, 0])
    pools = {r: [by_kind[r][i] for i in sub.permutation(len(by_kind[r]))] for r in names}
    out: list[str] = []
    seen = {anchor}
    for r in [names[i] for i in sub.permutation(len(names))] * k:
        while pools[r] and len(out) < k:
            text = pools[r].pop(0)
            if text not in seen:
                seen.add(text)
                out.append(text)
                break
    return out


# ------------------------------------------------------------------------------------------- external file


@dataclass(frozen=True)
class VariantEntry:
    variants: tuple[str, ...] = ()
    hard_negatives: tuple[str, ...] = ()


def _texts(entries: Any, where: str, file=None, line: int | None = None) -> list[str]:
    """Non-empty, whitespace-normalised texts of a variants list (strings or objects with ``text``)."""
    if entries is None:
        return []
    at = f"line {line}: " if line is not None else ""
    if not isinstance(entries, list):
        raise InputError(f"{at}must be a list", file=file, field=where)
    out = []
    for e in entries:
        text = e.get("text") if isinstance(e, dict) else e
        if not isinstance(text, str):
            raise InputError(f"{at}entries must be strings or objects with a string 'text'", file=file, field=where)
        if text.strip():
            out.append(" ".join(text.split()))
    return out


def _hash(namespace: str, value: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{namespace}\0{value}".encode(), digest_size=8).digest(), "little")


class ExternalVariants:
    """Externally generated variants from a JSONL file, indexed lazily on the first lookup in each process.

    Memory: the index keeps, per line and per id it carries ("key" and/or "study"), an 8-byte hash, an 8-byte
    offset and a 4-byte length (about 20-40 MB for a million lines) in numpy arrays; the texts stay on disk and a
    lookup reads its lines back with ``os.pread`` (no shared file position, so it is safe after fork). Building
    the index parses every line once (about 10 s per million lines of a few paraphrases each, per worker
    process). A malformed line raises ``InputError`` naming the file and the line. The file must not change
    while it is in use (a line read back that no longer matches its id raises).
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("external variants file not found", file=self.path, field="variants.external")
        self._reset()

    def _reset(self) -> None:
        self._hashes: np.ndarray | None = None
        self._offsets: np.ndarray | None = None
        self._lengths: np.ndarray | None = None
        self._fd: int | None = None
        self._pid: int | None = None

    def __getstate__(self) -> dict:
        return {"path": self.path}  # each worker indexes for itself

    def __setstate__(self, state: dict) -> None:
        self.path = state["path"]
        self._reset()

    def __del__(self):
        if getattr(self, "_fd", None) is not None and self._pid == os.getpid():
            try:
                os.close(self._fd)
            except OSError:
                pass

    def _parse(self, raw: bytes, line: int) -> tuple[dict, list[tuple[str, str]]]:
        try:
            obj = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as e:
            raise InputError(
                f"line {line}: not a JSON object ({e.__class__.__name__})", file=self.path, field="line"
            ) from None
        if not isinstance(obj, dict):
            raise InputError(f"line {line}: not a JSON object", file=self.path, field="line")
        ids = []
        for name in ("key", "study"):
            value = obj.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value) == "":
                raise InputError(f"line {line}: must be a non-empty string or integer", file=self.path, field=name)
            ids.append((name, str(value)))
        if not ids:
            raise InputError(
                f"line {line}: needs a 'key' (sample __key__) or a 'study' (json study_id)", file=self.path, field="key"
            )
        for name in ("variants", "hard_negatives"):
            _texts(obj.get(name), name, self.path, line)
        return obj, ids

    def _load(self) -> None:
        hashes, offsets, lengths = [], [], []
        offset = 0
        with open(self.path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if raw.strip():
                    _, ids = self._parse(raw, n)
                    for name, value in ids:
                        hashes.append(_hash(name, value))
                        offsets.append(offset)
                        lengths.append(len(raw))
                offset += len(raw)
        h = np.asarray(hashes, dtype=np.uint64)
        order = np.lexsort((np.asarray(offsets, dtype=np.int64), h))  # by hash, then file order
        self._hashes = h[order]
        self._offsets = np.asarray(offsets, dtype=np.int64)[order]
        self._lengths = np.asarray(lengths, dtype=np.int32)[order]

    def __len__(self) -> int:
        if self._hashes is None:
            self._load()
        return int(self._hashes.size)

    def lookup(self, key: str | None = None, study: str | None = None) -> VariantEntry:
        """Variants and hard negatives of the lines whose ``key`` is ``key`` or whose ``study`` is ``study``."""
        if self._hashes is None:
            self._load()
        if self._pid != os.getpid():
            self._fd, self._pid = os.open(self.path, os.O_RDONLY), os.getpid()
        found: dict[int, dict] = {}
        for name, value in (("key", key), ("study", study)):
            if value is None:
                continue
            value = str(value)
            h = np.uint64(_hash(name, value))
            lo, hi = np.searchsorted(self._hashes, h, "left"), np.searchsorted(self._hashes, h, "right")
            for i in range(int(lo), int(hi)):
                off = int(self._offsets[i])
                raw = os.pread(self._fd, int(self._lengths[i]), off)
                try:
                    obj, ids = self._parse(raw, -1)
                except InputError:
                    obj, ids = {}, []
                if (name, value) in ids:
                    found[off] = obj
                elif not any(_hash(n, v) == int(h) for n, v in ids):
                    raise InputError("the file changed since it was indexed", file=self.path, field="line")
        variants, negatives = [], []
        for off in sorted(found):
            variants += _texts(found[off].get("variants"), "variants", self.path)
            negatives += _texts(found[off].get("hard_negatives"), "hard_negatives", self.path)
        return VariantEntry(tuple(variants), tuple(negatives))


# ------------------------------------------------------------------------------------------------ picking


class VariantPicker:
    """Positive and hard negatives of one supcon sample, from the external file, the shard or the rules."""

    def __init__(self, cfg: VariantConfig | None = None):
        self.cfg = cfg or VariantConfig()
        self.external = ExternalVariants(self.cfg.external) if self.cfg.external else None
        self.lookups = self.matched = 0  # external-file lookups in this process, and those that found a line
        self._warned = False

    def entry(self, key: str | None, meta: dict) -> VariantEntry:
        if self.external is None:
            return VariantEntry()
        study = meta.get("study_id")
        found = self.external.lookup(key, None if study is None else str(study))
        self.lookups += 1
        self.matched += bool(found.variants or found.hard_negatives)
        if self.lookups == UNMATCHED_WARN_AFTER and not self.matched and not self._warned:
            self._warned = True  # a file of another shard set (its keys or study ids match none of these samples)
            log.warning(
                "none of the first %d samples has a line in the external variants file %s (supcon.variants.external: "
                'its "key" / "study" ids match neither the shard keys nor json.study_id); rule variants are '
                "used instead",
                self.lookups,
                self.external.path,
            )
        return found

    def pick(
        self, key: str | None, meta: dict, txt: str | None, anchor: str, k: int, rng: np.random.Generator
    ) -> tuple[str, list[str]]:
        """``(positive, up to k hard negatives)`` for the sample whose prepared text is ``anchor``."""
        cfg = self.cfg
        ext = self.entry(key, meta)
        shard_pos = _texts(meta.get("variants"), "json.variants") if cfg.use_shard_variants else []
        pool = [t for t in (list(ext.variants) or shard_pos) if t != anchor]
        if pool:
            positive = pool[int(rng.integers(len(pool)))]
        else:
            positive, _ = rule_variant(anchor, report_parts(meta, txt), cfg, rng)
        if k <= 0:
            return positive, []
        shard_neg = _texts(meta.get("hard_negatives"), "json.hard_negatives") if cfg.use_shard_variants else []
        negs = list(ext.hard_negatives) or shard_neg
        if negs:
            picked = rng.choice(len(negs), size=min(k, len(negs)), replace=False)
            return positive, [negs[i] for i in picked]
        if cfg.rule_hard_negatives:
            language = meta.get("language") if isinstance(meta.get("language"), str) else "en"
            return positive, rule_negatives(anchor, k, cfg, rng, language)
        return positive, []
