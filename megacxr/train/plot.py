"""``megacxr plot RUN_DIR``: the figure of a training run from its ``metrics.jsonl`` (``<run>/metrics.png``):
the loss (and each task's loss), the learning rate, throughput (samples/s) and, when the run validated, its
validation metrics, against the step. Training writes it at the end of every invocation on rank 0; the command
redraws it for a run in progress or one copied from a cluster. Needs matplotlib (optional: without it, one
warning and no figure)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from megacxr.errors import InputError
from megacxr.eval.report import pyplot, save_figure

log = logging.getLogger("megacxr.train")

__all__ = ["draw_run_figure", "plot_metrics", "read_metrics"]


def read_metrics(run_dir: str | Path) -> list[dict]:
    """The rows of ``<run_dir>/metrics.jsonl`` (a line cut short by a killed run is skipped, not an error)."""
    path = Path(run_dir) / "metrics.jsonl"
    if not path.is_file():
        raise InputError("no metrics.jsonl there (is it a run's out_dir?)", file=Path(run_dir), field="run")
    rows = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line of a run killed while writing it
            if isinstance(row, dict) and isinstance(row.get("step"), int):
                rows.append(row)
    return rows


def _series(rows: list[dict], key: str) -> tuple[list[int], list[float]]:
    pts = [(r["step"], float(r[key])) for r in rows if isinstance(r.get(key), (int, float))]
    return [p[0] for p in pts], [p[1] for p in pts]


def plot_metrics(run_dir: str | Path, out: str | Path | None = None) -> Path | None:
    """Draw the run's figure (see the module docstring); returns its path, or None without matplotlib or rows."""
    rows = read_metrics(run_dir)
    if not rows:
        log.warning("%s has no metrics rows yet: no figure", Path(run_dir) / "metrics.jsonl")
        return None
    plt = pyplot()
    if plt is None:
        return None
    val_keys = sorted({k for r in rows for k in r if k.startswith("val_")})
    task_keys = sorted({k for r in rows for k in r if k.startswith("loss_")})
    panels = [("loss", ["loss", *task_keys]), ("learning rate", ["lr"]), ("samples/s", ["samples_per_s"])]
    if val_keys:
        panels.append(("validation", val_keys))
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.6))
    for ax, (title, keys) in zip(axes, panels, strict=True):
        for key in keys:
            xs, ys = _series(rows, key)
            if xs:
                ax.plot(xs, ys, marker="." if len(xs) < 30 else None, label=key)
        ax.set_title(title)
        ax.set_xlabel("step")
        if len(keys) > 1:
            ax.legend(fontsize=7)
    return save_figure(plt, fig, out or Path(run_dir) / "metrics.png")


def draw_run_figure(run_dir: str | Path) -> Path | None:
    """``plot_metrics`` at the end of a training invocation: a figure that cannot be drawn is one warning, never
    a failed run."""
    try:
        return plot_metrics(run_dir)
    except Exception as exc:  # a convenience output must not fail a finished run
        log.warning("no metrics figure for %s: %s", run_dir, exc)
        return None
