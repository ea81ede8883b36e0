"""``evaluate_text``: the text-encoder evaluation of ``megacxr.eval.text_eval`` for one encoder and its baselines,
with its outputs: a console table, strict JSON, a markdown report and a PNG (MRR per style kind; accuracy per
error kind), side by side for every encoder evaluated.

Beside the encoders asked for, two references are always scored (``megacxr.eval.references``): a random-init
twin of the first encoder and a TF-IDF baseline. Every metric carries a 95% bootstrap interval (``ci``), and a
metric where the random-init encoder reaches the lower end of the interval of the best encoder asked for is flagged
"not discriminative" (``*`` in the tables): on this data it cannot tell a trained encoder from an untrained one.

JSON layout: ``{"split", "seed", "reports", "skipped": {"no_text": [keys]}, "error_item_counts", "external":
{"file", "items", "empty": [ids]}, "encoders": {name: {"path", "kind", "style": {kind: metrics}, "errors": {kind:
accuracy}, "external": {kind: accuracy}}}, "not_discriminative": {"style" | "errors" | "external": {kind:
bool}}}``; ``kind`` is ``megacxr``, ``hf``, ``random`` or ``lexical``. Keys are the shards' opaque keys; no
report text is written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from megacxr.eval.embedders import load_text_embedder
from megacxr.eval.heldout_rewrites import HELDOUT_KINDS
from megacxr.eval.intervals import not_discriminative
from megacxr.eval.references import LexicalEmbedder, RandomInitEmbedder
from megacxr.eval.report import pyplot, save_figure, write_json
from megacxr.eval.text_eval import (
    ERROR_ROWS,
    STYLE_KINDS,
    error_items,
    held_out_reports,
    read_items,
    score_items,
    style_queries,
    style_retrieval,
)
from megacxr.eval.text_heldout import error_pairs, heldout_queries, near_miss_retrieval

log = logging.getLogger("megacxr.eval")

__all__ = ["evaluate_text", "format_text_tables", "text_markdown", "write_text_png"]


def evaluate_text(
    encoder: str | Path,
    shards: Sequence[str],
    split: str = "test",
    *,
    baselines: Sequence[str | Path] = (),
    pooling: str = "auto",
    items: str | Path | None = None,
    seed: int = 0,
    limit: int | None = None,
    batch_size: int = 32,
    device: str | None = None,
    json_out: str | Path | None = None,
    progress: bool = True,
    references: bool = True,
) -> dict:
    """Evaluate ``encoder`` and every baseline on the same queries; returns the JSON dict (module docstring).
    ``references``: also score the random-init twin of ``encoder`` and the lexical baseline
    (``megacxr.eval.references``) and flag the metrics they reach (``not_discriminative``)."""
    embedders = [load_text_embedder(p, pooling, device, batch_size) for p in (encoder, *baselines)]
    paths = [str(p) for p in (encoder, *baselines)]
    reports, skipped = held_out_reports(shards, split, limit)
    if references:
        embedders += [RandomInitEmbedder(embedders[0], seed), LexicalEmbedder([r.text for r in reports])]
        paths += [f"{encoder} (weights re-drawn, seed {seed})", "tf-idf over the evaluated reports"]
    queries = style_queries(reports, seed)
    choices, counts = error_items(reports, seed)
    heldout_q, pairs = heldout_queries(reports), error_pairs(reports)
    external, empty = read_items(items) if items else ([], [])
    result: dict = {
        "split": split,
        "seed": seed,
        "shards": [str(s) for s in shards],
        "reports": len(reports),
        "skipped": skipped,
        "error_item_counts": {**counts, "items": {k: sum(it.kind == k for it in choices) for k in ERROR_ROWS}},
        "error_pair_counts": {k: sum(it.kind == k for it in pairs) for k in ERROR_ROWS[1:]},
        "external": {"file": str(items), "items": len(external), "empty": empty} if items else None,
        "encoders": {},
    }
    names = _unique_names([e.name for e in embedders])
    for name, emb, path in zip(names, embedders, paths, strict=True):
        log.info("evaluating %s", name)
        result["encoders"][name] = {
            "path": str(path),
            "kind": emb.kind,
            "style": style_retrieval(emb, reports, queries, progress),
            "errors": score_items(emb, choices),
            "heldout": {
                **style_retrieval(emb, reports, heldout_q, progress),
                "near_miss": near_miss_retrieval(emb, reports, progress),
            },
            "error_pairs": score_items(emb, pairs),
            "external": score_items(emb, external) if external else None,
        }
    result["not_discriminative"] = flag_metrics(result) if references else None
    if json_out:
        write_json(json_out, result)
    return result


REFERENCE_KINDS = ("random", "lexical")
# metric per part whose interval decides: MRR of the style retrieval, tie-aware accuracy of the choice items
FLAGGED = {
    "style": "MRR",
    "heldout": "MRR",
    "errors": "tie_aware",
    "error_pairs": "tie_aware",
    "external": "tie_aware",
}


def flag_metrics(result: dict) -> dict:
    """``{part: {kind: True/False}}``: True where the random-init encoder reaches the lower end of the 95%
    interval of the best encoder asked for (not the references): on this data the metric cannot tell that
    encoder from an untrained one."""
    encs = result["encoders"]
    random = next(n for n, e in encs.items() if e["kind"] == "random")
    others = [n for n, e in encs.items() if e["kind"] not in REFERENCE_KINDS]
    out: dict = {}
    for part, metric in FLAGGED.items():
        rows = encs[random].get(part) or {}
        out[part] = {}
        for kind, ref in rows.items():
            if ref.get(metric) is None:
                continue
            best = max(others, key=lambda n: _value(encs[n][part][kind].get(metric)))
            interval = (encs[best][part][kind].get("ci") or {}).get(metric)
            out[part][kind] = not_discriminative(ref[metric], interval)
    return out


def _value(v) -> float:
    return float("-inf") if v is None or v != v else float(v)


def _unique_names(names: list[str]) -> list[str]:
    out, seen = [], {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} #{seen[n]}")
    return out


def _cell(value, spec: str = ".3f") -> str:
    return "-" if value is None or value != value else format(value, spec)


def format_text_tables(result: dict) -> str:
    """The style-robustness table (MRR and R@1 per kind), then error discrimination (tie-aware / strict)."""
    names = list(result["encoders"])
    width = max(18, *(len(n) + 2 for n in names))
    lines = [f"style-robust retrieval, {result['reports']} reports of split {result['split']} (MRR | R@1)"]
    lines += _retrieval_rows(result, "style", STYLE_KINDS, width)
    lines.append("")
    lines.append("held-out rewrites (other words, same facts; near_miss: among one-error rewrites too) (MRR | R@1)")
    lines += _retrieval_rows(result, "heldout", (*HELDOUT_KINDS, "near_miss"), width)
    lines.append("")
    lines.append("error discrimination: findings -> true impression vs one-error rewrites (tie-aware | strict)")
    lines += _choice_rows(result, "errors", ERROR_ROWS, width)
    lines.append("")
    lines.append("error pairs: findings -> true impression vs ONE rewrite, every rewrite (tie-aware | strict)")
    lines += _choice_rows(result, "error_pairs", ERROR_ROWS[1:], width)
    if result.get("external"):
        lines.append("")
        lines.append(f"external items ({result['external']['file']}; {len(result['external']['empty'])} empty)")
        lines += _choice_rows(result, "external", list(result["encoders"][names[0]]["external"] or {}), width)
    if result.get("not_discriminative"):
        lines.append("")
        lines.append(
            "* not discriminative: the random-init encoder reaches the 95% interval of the best encoder asked for "
            "(intervals: the JSON's ci)"
        )
    return "\n".join(lines)


def _retrieval_rows(result: dict, part: str, kinds, width: int) -> list[str]:
    names = list(result["encoders"])
    lines = [f"{'kind':<18}{'queries':>8}  " + "".join(f"{n:>{width}}" for n in names)]
    for kind in kinds:
        rows = [result["encoders"][n][part][kind] for n in names]
        cells = [f"{_cell(row.get('MRR'))} | {_cell(row.get('R@1'))}".rjust(width) for row in rows]
        lines.append(f"{_flagged(result, part, kind):<18}{rows[0].get('queries', 0):>8}  " + "".join(cells))
    return lines


def _flagged(result: dict, part: str, kind: str) -> str:
    flags = (result.get("not_discriminative") or {}).get(part) or {}
    return f"{kind} *" if flags.get(kind) else kind


def _with_ci(row: dict, metric: str) -> str:
    ci = (row.get("ci") or {}).get(metric)
    value = _cell(row.get(metric))
    return value if not ci else f"{value} [{_cell(ci[0])}, {_cell(ci[1])}]"


def _choice_rows(result: dict, part: str, kinds, width: int) -> list[str]:
    names = list(result["encoders"])
    lines = [f"{'kind':<18}{'items':>8}{'chance':>8}  " + "".join(f"{n:>{width}}" for n in names)]
    for kind in kinds:
        first = (result["encoders"][names[0]][part] or {}).get(kind)
        if not first:
            continue
        accs = [result["encoders"][n][part][kind] for n in names]
        cells = [f"{_cell(a['tie_aware'])} | {_cell(a['strict'])}".rjust(width) for a in accs]
        lines.append(
            f"{_flagged(result, part, kind):<18}{first['items']:>8}{_cell(first['chance'], '.2f'):>8}  "
            + "".join(cells)
        )
    return lines


def text_markdown(result: dict) -> str:
    """A short markdown report: what was evaluated, then one table per part, every value with its interval."""
    out = [
        "# Report-encoder evaluation",
        "",
        f"Split `{result['split']}` of {', '.join(f'`{s}`' for s in result['shards'])}: {result['reports']} reports "
        f"(seed {result['seed']}; {len(result['skipped']['no_text'])} without text). Values with their 95% "
        "bootstrap interval. A kind marked * is not discriminative: the random-init encoder reaches the interval "
        "of the best encoder asked for.",
    ]
    out += _md_retrieval(result, "style", STYLE_KINDS, "Style-robust retrieval (MRR)")
    out += _md_retrieval(
        result, "heldout", (*HELDOUT_KINDS, "near_miss"), "Held-out rewrites and near-miss retrieval (MRR)"
    )
    out += _md_choice(result, "errors", ERROR_ROWS, "Error discrimination, four candidates (tie-aware accuracy)")
    out += _md_choice(result, "error_pairs", ERROR_ROWS[1:], "Error pairs, two candidates (tie-aware accuracy)")
    return "\n".join(out) + "\n"


def _md_retrieval(result: dict, part: str, kinds, title: str) -> list[str]:
    names = list(result["encoders"])
    out = ["", f"## {title}", "", "| kind | queries | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for kind in kinds:
        q = result["encoders"][names[0]][part][kind].get("queries", 0)
        cells = [_with_ci(result["encoders"][n][part][kind], "MRR") for n in names]
        out.append(f"| {_flagged(result, part, kind)} | {q} | " + " | ".join(cells) + " |")
    return out


def _md_choice(result: dict, part: str, kinds, title: str) -> list[str]:
    names = list(result["encoders"])
    out = ["", f"## {title}", "", "| kind | items | chance | " + " | ".join(names) + " |"]
    out.append("|---|---:|---:|" + "---:|" * len(names))
    for kind in kinds:
        first = result["encoders"][names[0]][part].get(kind)
        if first:
            cells = [_with_ci(result["encoders"][n][part][kind], "tie_aware") for n in names]
            head = f"| {_flagged(result, part, kind)} | {first['items']} | {_cell(first['chance'], '.2f')} | "
            out.append(head + " | ".join(cells) + " |")
    return out


def write_text_png(result: dict, path: str | Path) -> Path | None:
    """Four bar panels (MRR per style kind and per held-out kind; tie-aware accuracy per error kind, four
    candidates and pairs, chance dashed), one bar per encoder with its 95% interval as an error bar. Returns None
    (with a warning) where matplotlib is not installed."""
    plt = pyplot()
    if plt is None:
        return None
    names = list(result["encoders"])
    first = result["encoders"][names[0]]
    panels = [
        ("style", list(STYLE_KINDS), "MRR", "style-robust retrieval: MRR"),
        ("heldout", [*HELDOUT_KINDS, "near_miss"], "MRR", "held-out rewrites, near misses: MRR"),
        ("errors", [k for k in ERROR_ROWS if first["errors"].get(k)], "tie_aware", "error discrimination (4)"),
        ("error_pairs", [k for k in ERROR_ROWS if first["error_pairs"].get(k)], "tie_aware", "error pairs (2)"),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(13, 8))
    bar = 0.8 / max(1, len(names))
    for ax, (part, kinds, metric, title) in zip(axes.flat, panels, strict=True):
        for j, n in enumerate(names):
            rows = [result["encoders"][n][part][k] for k in kinds]
            values = [r.get(metric) or 0.0 for r in rows]
            spans = [(r.get("ci") or {}).get(metric) or [v, v] for r, v in zip(rows, values, strict=True)]
            err = [[max(0.0, v - lo) for v, (lo, _) in zip(values, spans, strict=True)]]
            err.append([max(0.0, hi - v) for v, (_, hi) in zip(values, spans, strict=True)])
            ax.bar([i + j * bar for i in range(len(kinds))], values, bar, yerr=err, capsize=2, label=n)
        if metric == "tie_aware":
            for i, k in enumerate(kinds):
                chance = first[part][k]["chance"]
                ax.hlines(chance, i - bar / 2, i + 0.8 - bar / 2, colors="black", linestyles="dashed")
        flags = (result.get("not_discriminative") or {}).get(part) or {}
        labels = [f"{k} *" if flags.get(k) else k for k in kinds]
        ax.set_xticks([i + 0.4 - bar / 2 for i in range(len(kinds))], labels, rotation=30, ha="right")
        ax.set_title(title)
        ax.set_ylim(0, 1.05)
    axes[0][0].legend(fontsize=8)
    fig.suptitle("95% bootstrap intervals; * not discriminative (the random-init encoder reaches the best's interval)")
    return save_figure(plt, fig, path)
