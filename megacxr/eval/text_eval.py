"""``megacxr eval text``: how robust a report encoder is to report style, and whether it ranks a report with one
clinical error below the right one (the LLM2VEC4CXR evaluations), for our exports and baselines alike.

The held-out reports are a shard split's reports (findings then impression, as training reads them). On them:

* **style-robust retrieval**: every report rewritten by each rule-variant kind of ``megacxr.data.variants``
  (``abbrev_expand``, ``abbrev_contract``, ``impression_only``, ``section_reorder``, ``sentence_shuffle``,
  ``style``: ALL CAPS, lower case, one sentence per line, numbered), each rewrite retrieving among all the original
  reports: Recall@1/5/10, MRR and mean rank per kind (pessimistic ties, ``megacxr.eval.retrieval``). A rule that
  leaves a report unchanged (no abbreviation in it, one section only) gives no query: counted as
  ``not_applicable``.
* **error discrimination** (the four-candidate test): the findings as the query, the true impression against
  three one-error rewrites of it (``megacxr.reports.negation.one_error_candidates``: laterality, presence, severity,
  comparison; an error about a support device is the kind ``device``). The ``all`` row draws its three rewrites
  from every kind; each kind's row uses rewrites of that kind only, up to three (its chance level is printed
  beside it). Strict and tie-aware top-1 accuracy (``megacxr.eval.choice``). Reports without both sections, or
  whose impression has fewer than three rewrites, give no ``all`` item: counted.
* **external items** (``--items F.jsonl``): one object per line, ``{"id"?, "query", "candidates": [...],
  "answer": index or the right candidate's text, "kind"?}``; sets written by an LLM or by radiologists plug in.
  A malformed line stops with one message naming the file, the line and the field; an item with an empty query
  or candidate is counted and listed by its id (or line number), never dropped silently.

Every random choice comes from ``seed`` and the report's position: two runs, and two encoders, see the same
queries. Reports are read by their opaque shard keys; no report text is logged or written to the JSON.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from megacxr.data.plan import StreamConfig
from megacxr.data.stream import iter_shard_samples
from megacxr.data.text import TextConfig, choose_text
from megacxr.data.variants import RULES, ReportParts, apply_rule, report_parts
from megacxr.errors import InputError, check_size
from megacxr.eval.choice import choice_accuracy
from megacxr.eval.retrieval import retrieval_ranks, summarize_ranks
from megacxr.reports.negation import ERROR_KINDS, one_error_candidates

log = logging.getLogger("megacxr.eval")

__all__ = [
    "ERROR_ROWS",
    "STYLE_KINDS",
    "ChoiceItem",
    "HeldOutReport",
    "error_items",
    "error_kind",
    "held_out_reports",
    "read_items",
    "rewrite_queries",
    "score_items",
    "style_queries",
    "style_retrieval",
]

STYLE_KINDS = RULES
ERROR_ROWS = ("all", *ERROR_KINDS, "device")
CANDIDATES = 4  # the true impression and three rewrites
_FULL = TextConfig(sections="findings_impression")


@dataclasses.dataclass(frozen=True)
class HeldOutReport:
    key: str
    text: str  # findings then impression
    parts: ReportParts


@dataclasses.dataclass(frozen=True)
class ChoiceItem:
    id: str
    query: str
    candidates: tuple[str, ...]
    answer: int
    kind: str


def held_out_reports(shards: Sequence[str], split: str, limit: int | None = None) -> tuple[list, dict]:
    """The split's reports (in stream order) and what was skipped: ``{"no_text": [keys]}``."""
    stream = StreamConfig(manifests=list(shards), split=split, mode="epoch", shuffle=False, read_exts=["txt", "json"])
    out, skipped = [], {"no_text": []}
    for sample in iter_shard_samples(stream):
        key = sample["__key__"]
        try:
            meta = json.loads(sample["json"]) if sample.get("json") is not None else {}
            raw = sample.get("txt")
            txt = raw.decode("utf-8") if isinstance(raw, (bytes, bytearray)) else raw
            text = choose_text(meta, txt, _FULL, np.random.default_rng(0))
            parts = report_parts(meta, txt)
        except (InputError, ValueError, UnicodeDecodeError):
            skipped["no_text"].append(key)
            continue
        out.append(HeldOutReport(key, text, parts))
        if limit is not None and len(out) >= limit:
            break
    if not out:
        raise InputError(f"split {split!r} has no report to evaluate", file=shards[0], field="split")
    if skipped["no_text"]:
        log.warning("%d reports of split %s have no usable text (listed in the JSON)", len(skipped["no_text"]), split)
    return out, skipped


def _rng(seed: int, *where: int) -> np.random.Generator:
    return np.random.default_rng([int(seed), *where])


def rewrite_queries(
    reports: Sequence[HeldOutReport], kinds: Sequence[str], rewrite: Callable[[int, str, int, HeldOutReport], str]
) -> dict[str, tuple[list[str], list[int], int]]:
    """Per kind: (rewritten texts, index of each one's original, number of reports the rule left unchanged);
    ``rewrite(kind_position, kind, report_position, report)`` gives one rewrite."""
    out = {}
    for k, kind in enumerate(kinds):
        texts, index, unchanged = [], [], 0
        for i, r in enumerate(reports):
            variant = rewrite(k, kind, i, r)
            if variant == r.text:
                unchanged += 1
                continue
            texts.append(variant)
            index.append(i)
        out[kind] = (texts, index, unchanged)
    return out


def style_queries(reports: Sequence[HeldOutReport], seed: int = 0) -> dict[str, tuple[list[str], list[int], int]]:
    """Per style kind: ``rewrite_queries`` with the training variants' rules (``apply_rule``)."""
    return rewrite_queries(
        reports, STYLE_KINDS, lambda k, kind, i, r: apply_rule(kind, r.text, r.parts, _rng(seed, k, i))
    )


def error_kind(error) -> str:
    """The row of a one-error rewrite: its kind, or ``device`` for an error about a support device."""
    return "device" if error.label == "Support Devices" else error.kind


def error_items(reports: Sequence[HeldOutReport], seed: int = 0) -> tuple[list[ChoiceItem], dict]:
    """The four-candidate items (``all`` and per kind) and the counts of reports that gave none."""
    items, counts = [], {"no_findings_or_impression": 0, "fewer_than_three_rewrites": 0}
    for i, r in enumerate(reports):
        findings, impression = r.parts.findings, r.parts.impression
        if not findings or not impression:
            counts["no_findings_or_impression"] += 1
            continue
        rewrites = one_error_candidates(impression)
        rng = _rng(seed, len(STYLE_KINDS), i)
        order = rng.permutation(len(rewrites))
        if len(rewrites) >= CANDIDATES - 1:
            chosen = tuple(rewrites[j].text for j in order[: CANDIDATES - 1])
            items.append(ChoiceItem(f"{r.key}/all", findings, (impression, *chosen), 0, "all"))
        else:
            counts["fewer_than_three_rewrites"] += 1
        for kind in ERROR_ROWS[1:]:
            same = [rewrites[j].text for j in order if error_kind(rewrites[j]) == kind][: CANDIDATES - 1]
            if same:
                items.append(ChoiceItem(f"{r.key}/{kind}", findings, (impression, *same), 0, kind))
    return items, counts


MAX_INPUT_BYTES = 256 << 20  # an items file is read whole


def _bad(path: Path, line: int, what: str, field: str) -> InputError:
    return InputError(f"line {line}: {what}", file=path, field=field)


def read_items(path: str | Path) -> tuple[list[ChoiceItem], list[str]]:
    """External items of a JSONL file and the ids of those with an empty query or candidate (see the docstring)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such items file", file=path, field="items")
    check_size(path, MAX_INPUT_BYTES, "items")
    items, empty = [], []
    with open(path, encoding="utf-8", errors="strict") as fh:
        try:
            lines = list(fh)
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", file=path, field="items") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            raise _bad(path, n, "not a JSON object", "line") from None
        if not isinstance(obj, dict):
            raise _bad(path, n, "not a JSON object", "line")
        ident = str(obj.get("id", f"line{n}"))
        query, cands, answer = obj.get("query"), obj.get("candidates"), obj.get("answer")
        if not isinstance(query, str):
            raise _bad(path, n, "'query' must be a string", "query")
        if not isinstance(cands, list) or len(cands) < 2 or not all(isinstance(c, str) for c in cands):
            raise _bad(path, n, "'candidates' must be a list of at least two strings", "candidates")
        if isinstance(answer, str):
            if answer not in cands:
                raise _bad(path, n, "'answer' is a text that is not one of the candidates", "answer")
            answer = cands.index(answer)
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(cands):
            raise _bad(path, n, f"'answer' must index one of the {len(cands)} candidates", "answer")
        if not query.strip() or not all(c.strip() for c in cands):
            empty.append(ident)
            continue
        kind = obj.get("kind", "external")
        items.append(ChoiceItem(ident, query, tuple(cands), answer, str(kind)))
    if empty:
        log.warning("%d items of %s have an empty query or candidate (listed in the JSON)", len(empty), path)
    return items, empty


def _cosine(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (torch.nn.functional.normalize(a.float(), dim=-1) * torch.nn.functional.normalize(b.float(), dim=-1)).sum(-1)


def score_items(embedder, items: Sequence[ChoiceItem], by: str = "kind") -> dict:
    """Accuracy per kind over ``items`` (cosine similarity of the query to each candidate)."""
    if not items:
        return {}
    texts = list(dict.fromkeys([t for it in items for t in (it.query, *it.candidates)]))
    emb = embedder.embed(texts)
    row = {t: i for i, t in enumerate(texts)}
    width = max(len(it.candidates) for it in items)
    scores = torch.full((len(items), width), float("-inf"), dtype=torch.float64)
    for q, it in enumerate(items):
        cand = emb[[row[c] for c in it.candidates]]
        scores[q, : len(it.candidates)] = _cosine(emb[row[it.query]].expand_as(cand), cand).double()
    answer = torch.tensor([it.answer for it in items])
    kinds = [getattr(it, by) for it in items]
    out = {}
    for kind in dict.fromkeys(kinds):
        sel = torch.tensor([k == kind for k in kinds])
        out[kind] = choice_accuracy(scores[sel], answer[sel])
    return out


def style_retrieval(embedder, reports: Sequence[HeldOutReport], queries: dict, progress: bool = True) -> dict:
    """Per kind: retrieval of each rewrite among the original reports (i2t metrics of ``retrieval_ranks``)."""
    originals = embedder.embed([r.text for r in reports])
    out = {}
    for kind, (texts, index, unchanged) in tqdm(queries.items(), desc="style kinds", disable=not progress):
        if not texts:
            out[kind] = {"queries": 0, "not_applicable": unchanged}
            continue
        ranks = retrieval_ranks(embedder.embed(texts), originals, torch.tensor(index))
        row = summarize_ranks(ranks, (1, 5, 10))["i2t"]
        row["not_applicable"] = unchanged
        out[kind] = row
    return out
