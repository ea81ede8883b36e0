"""Output of the evaluation: console tables, strict JSON, and the top-k retrieved reports as JSON lines.

* ``format_table(metrics)``: the table ``megacxr eval retrieval`` (and the demo) ends with: one row per
  direction (``i2t``, ``t2i``) with Recall@k, mean and median rank, then the chance level of each direction; a
  zero-shot AUROC table follows when ``metrics`` has a ``"zero_shot"`` entry (``zero_shot_auroc``'s dict).
* ``to_jsonable`` / ``write_json``: metrics dicts as strict JSON (tensors and numpy values become numbers and
  lists, NaN and infinities become null), written atomically.
* ``write_topk_jsonl``: one line per image with its key, its ground-truth report and its top-k retrieved reports
  with scores and ranks: the input of report-level metrics such as GREEN, computed elsewhere. Keys are the opaque
  shard keys; nothing else identifies a study or a patient.
"""

from __future__ import annotations

import json
import logging
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

log = logging.getLogger("megacxr.eval")

__all__ = [
    "pyplot",
    "save_figure",
    "format_per_source",
    "format_table",
    "format_zero_shot_table",
    "to_jsonable",
    "write_json",
    "write_topk_jsonl",
]


def _num(x: Any, spec: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return format(float(x), spec)


def _ks(metrics: dict) -> list[int]:
    if metrics.get("ks"):
        return [int(k) for k in metrics["ks"]]
    return sorted(int(k[2:]) for k in metrics["i2t"] if k.startswith("R@"))


def format_table(metrics: dict) -> str:
    """The console table of a ``retrieval_metrics`` dict (plus the zero-shot table when present)."""
    lines: list[str] = []
    if "i2t" in metrics:
        ks = _ks(metrics)
        head = (
            f"{'':<11}{'queries':>8}{'cands':>8}"
            + "".join(f"{'R@' + str(k):>8}" for k in ks)
            + f"{'mean rank':>11}{'median rank':>13}"
        )
        merged = metrics.get("merged")
        title = f"retrieval, study level: {metrics.get('images', '?')} images, {metrics.get('reports', '?')} reports"
        if merged is not None:
            title += f" ({metrics.get('unique_reports', '?')} after merging identical ones)"
        title += f"; ties {metrics.get('ties', 'pessimistic')}"
        lines += [title, head]
        for d in ("i2t", "t2i"):
            m = metrics[d]
            lines.append(
                f"{d:<11}{m['queries']:>8}{m['candidates']:>8}"
                + "".join(f"{_num(m[f'R@{k}'], '.3f'):>8}" for k in ks)
                + f"{_num(m['mean_rank'], '.2f'):>11}{_num(m['median_rank'], '.1f'):>13}"
            )
        for d in ("i2t", "t2i"):
            m = metrics[d]
            lines.append(
                f"{'chance ' + d:<11}{'':>8}{'':>8}"
                + "".join(f"{_num(m['chance'][f'R@{k}'], '.3f'):>8}" for k in ks)
                + f"{_num(m.get('chance_mean_rank'), '.2f'):>11}{'-':>13}"
            )
        for d in ("i2t", "t2i"):
            ci = metrics[d].get("ci") or {}
            spans = [
                f"R@{k} [{_num(ci[f'R@{k}'][0], '.3f')}, {_num(ci[f'R@{k}'][1], '.3f')}]" for k in ks if f"R@{k}" in ci
            ]
            if spans:
                lines.append(f"95% interval {d}: " + ", ".join(spans))
    if "zero_shot" in metrics:
        if lines:
            lines.append("")
        lines.append(format_zero_shot_table(metrics["zero_shot"]))
    if not lines:
        raise ValueError("metrics hold neither retrieval ('i2t', 't2i') nor 'zero_shot' results")
    return "\n".join(lines)


def format_zero_shot_table(zs: dict) -> str:
    """The per-label AUROC table of a ``zero_shot_auroc`` dict."""
    names = list(zs["auroc"])
    width = max([len(n) for n in names] + [len("macro (00 labels)")]) + 2
    score = zs.get("score", "difference")
    if zs.get("temperature") is not None:
        score += f", T={zs['temperature']:g}"
    lines = [f"zero-shot AUROC ({score} score)", f"{'label':<{width}}{'AUROC':>7}{'pos':>7}{'neg':>7}{'excluded':>10}"]
    for n in names:
        c = zs.get("counts", {}).get(n, {})
        lines.append(
            f"{n:<{width}}{_num(zs['auroc'][n], '.3f'):>7}{c.get('positive', ''):>7}"
            f"{c.get('negative', ''):>7}{c.get('excluded', ''):>10}"
        )
    lines.append(
        f"{'macro (' + str(zs.get('labels_scored', 0)) + ' labels)':<{width}}{_num(zs.get('macro_auroc'), '.3f'):>7}"
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- JSON


def to_jsonable(obj: Any) -> Any:
    """A structure ``json.dumps(..., allow_nan=False)`` accepts: tensors and arrays as lists or numbers,
    non-finite floats as None, tuples as lists, paths as strings, keys as strings."""
    if isinstance(obj, torch.Tensor):
        obj = obj.detach().cpu()
        return to_jsonable(obj.item() if obj.dim() == 0 else obj.tolist())
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    return obj


def _atomic_write(path: str | Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_json(path: str | Path, obj: Any) -> Path:
    """Write ``obj`` as indented strict JSON (see ``to_jsonable``), atomically."""
    return _atomic_write(path, json.dumps(to_jsonable(obj), indent=2, allow_nan=False) + "\n")


def write_topk_jsonl(
    path: str | Path,
    image_keys: Sequence[str],
    true_reports: Sequence[str],
    candidate_reports: Sequence[str],
    indices,
    scores,
    *,
    true_ranks: Sequence[int] | None = None,
) -> int:
    """One JSON line per image: ``{"key", "ground_truth", "retrieved": [{"rank", "index", "score", "report",
    "exact_match"}, ...], "true_rank"?}``, retrieved best first (``rank`` 1-based). ``indices`` / ``scores``
    ``[N, k]`` come from ``topk_reports`` and index ``candidate_reports``; ``exact_match`` says the retrieved
    text equals the ground truth. ``true_ranks`` (e.g. ``RetrievalRanks.i2t``) adds each image's rank of its
    own report. Written atomically; returns the number of lines."""
    idx = torch.as_tensor(indices).detach().cpu().long()
    val = torch.as_tensor(scores).detach().cpu().double()
    n = len(image_keys)
    if idx.dim() != 2 or idx.shape != val.shape or idx.shape[0] != n or len(true_reports) != n:
        raise ValueError(
            f"need {n} keys, {n} true reports and indices/scores [{n}, k]; got {len(true_reports)} "
            f"reports, indices {tuple(idx.shape)}, scores {tuple(val.shape)}"
        )
    if idx.numel() and (int(idx.min()) < 0 or int(idx.max()) >= len(candidate_reports)):
        raise ValueError(f"indices outside the {len(candidate_reports)} candidate reports")
    if true_ranks is not None and len(true_ranks) != n:
        raise ValueError(f"true_ranks has {len(true_ranks)} entries for {n} images")
    ranks = None if true_ranks is None else torch.as_tensor(true_ranks).tolist()
    lines = []
    for i, key in enumerate(image_keys):
        truth = true_reports[i]
        row = {
            "key": str(key),
            "ground_truth": truth,
            "retrieved": [
                {
                    "rank": r + 1,
                    "index": j,
                    "score": to_jsonable(s),
                    "report": candidate_reports[j],
                    "exact_match": candidate_reports[j] == truth,
                }
                for r, (j, s) in enumerate(zip(idx[i].tolist(), val[i].tolist(), strict=False))
            ],
        }
        if ranks is not None:
            row["true_rank"] = int(ranks[i])
        lines.append(json.dumps(row, ensure_ascii=False, allow_nan=False))
    _atomic_write(path, "".join(line + "\n" for line in lines))
    return len(lines)


def format_per_source(metrics: dict) -> str:
    """One row per shard folder (retrieval within its own studies) when several were evaluated together."""
    per = metrics.get("per_source") or {}
    if not per:
        return ""
    ks = _ks(metrics)
    width = max(12, max(len(n) for n in per) + 2)
    head = (
        f"{'source':<{width}}{'images':>8}"
        + "".join(f"{'i2t R@' + str(k):>10}" for k in ks)
        + "".join(f"{'t2i R@' + str(k):>10}" for k in ks)
        + f"{'i2t chance R@' + str(ks[-1]):>17}"
    )
    lines = ["per source (queries and candidates within each folder):", head]
    for name, m in per.items():
        lines.append(
            f"{name:<{width}}{m['images']:>8}"
            + "".join(f"{_num(m['i2t'][f'R@{k}'], '.3f'):>10}" for k in ks)
            + "".join(f"{_num(m['t2i'][f'R@{k}'], '.3f'):>10}" for k in ks)
            + f"{_num(m['i2t']['chance'][f'R@{ks[-1]}'], '.3f'):>17}"
        )
    return "\n".join(lines)


def pyplot():
    """matplotlib's pyplot on the Agg backend, or None (with a warning) where matplotlib is not installed: the
    tables and JSON never need it."""
    try:
        import matplotlib  # optional: only the figures need it

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log.warning("matplotlib is not installed: no PNG written (pip install matplotlib)")
        return None
    return plt


def save_figure(plt, fig, path: str | Path) -> Path:
    """Write ``fig`` as a PNG (its folder created) and close it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
