"""Can our evaluations tell a trained encoder from an untrained one? The demo's encoders against the two
references of ``megacxr eval text`` on the held-out items, and the clip model with and without identical-text
masking.

On the ``make demo`` corpus (run it first) this evaluates, on the test split of each synthetic layout the demo
built (MIMIC-CXR and the hospital CSV export):

* the report encoders (supcon export, mntp export, the untrained model) with ``megacxr eval text``, which adds a
  random-init twin of the supcon encoder and a TF-IDF baseline: held-out rewrites (lay terms, clause order,
  units, hedging), near-miss retrieval, error pairs per kind and the four-candidate test, every value with its
  95% bootstrap interval; supcon counts as above a reference only where its interval lies wholly above the
  reference's (``lo_supcon > hi_reference``);
* with ``--clip``: a second clip run from the demo's supcon export with ``clip.loss.identical_text=negative`` (the
  demo's own clip run masks identical texts, the default), both evaluated with ``megacxr eval retrieval`` on the
  MIMIC test split (R@1/5/10 with intervals) and the masked-pair counts of their training metrics.

    make demo && .venv/bin/python benchmarks/eval_references.py --demo demo_out [--clip] [--record]

Writes the evaluation JSON under ``--out``; appends one dated entry to ``benchmarks/RESULTS.md`` with
``--record`` only (without it, prints the entry).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_shards import append_results, git_commit  # noqa: E402

from megacxr.eval.heldout_rewrites import HELDOUT_KINDS  # noqa: E402
from megacxr.eval.run import evaluate_retrieval  # noqa: E402
from megacxr.eval.text_eval import ERROR_ROWS  # noqa: E402
from megacxr.eval.text_run import evaluate_text  # noqa: E402

ROWS = [("heldout", k, "MRR") for k in (*HELDOUT_KINDS, "near_miss")]
ROWS += [("errors", "all", "tie_aware")] + [("error_pairs", k, "tie_aware") for k in ERROR_ROWS[1:]]


def _cell(row: dict | None, metric: str) -> str:
    if not row or row.get(metric) is None:
        return "-"
    lo, hi = (row.get("ci") or {}).get(metric) or (float("nan"), float("nan"))
    return f"{row[metric]:.3f} [{lo:.3f}, {hi:.3f}]"


def _above(a: dict | None, b: dict | None, metric: str) -> bool | None:
    """a's interval wholly above b's: None where either is missing."""
    if not a or not b or a.get(metric) is None or b.get(metric) is None:
        return None
    return a["ci"][metric][0] > b["ci"][metric][1]


def text_table(result: dict) -> tuple[list[str], dict]:
    names = list(result["encoders"])
    encs = result["encoders"]
    supcon = names[0]
    refs = [n for n in names if encs[n]["kind"] in ("random", "lexical")]
    lines = ["| part | kind | n | " + " | ".join(names) + " | supcon above random / lexical |"]
    lines.append("| --- | --- | ---: |" + " ---: |" * len(names) + " --- |")
    wins: dict = {}
    for part, kind, metric in ROWS:
        rows = {n: (encs[n].get(part) or {}).get(kind) for n in names}
        if not rows[supcon]:
            continue
        n_items = rows[supcon].get("queries", rows[supcon].get("items", 0))
        verdict = [_above(rows[supcon], rows[r], metric) for r in refs]
        wins[f"{part}/{kind}"] = verdict
        said = " / ".join("yes" if v else ("no" if v is not None else "-") for v in verdict)
        cells = " | ".join(_cell(rows[n], metric) for n in names)
        lines.append(f"| {part} | {kind} | {n_items} | {cells} | {said} |")
    return lines, wins


def train_clip_negative(demo: Path, out: Path) -> Path:
    run = out / "clip-identical-negative"
    if (run / "export" / "dual_tower.json").is_file():
        return run
    args = [sys.executable, "-m", "megacxr.train", "--config", str(REPO / "configs" / "clip.yaml")]
    args += [
        f"data.stream.manifests=[{demo / 'shards' / 'mimic-cxr'}]",
        f"run.out_dir={run}",
        "run.resume=never",
        "logging.wandb=disabled",
        f"clip.tower.text_path={demo / 'runs' / 'supcon' / 'export'}",
        "clip.loss.identical_text=negative",
    ]
    with open(out / "clip-negative.log", "w") as fh:
        rc = subprocess.call(args, stdout=fh, stderr=subprocess.STDOUT, cwd=REPO)
    if rc != 0:
        raise SystemExit(f"the clip run failed (exit {rc}); see {out / 'clip-negative.log'}")
    return run


def masked_counts(run: Path) -> tuple[float, float]:
    """Mean identical-text and masked pairs per logged step of a run's metrics."""
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines() if line.strip()]
    rows = [r for r in rows if "identical_texts" in r]
    if not rows:
        return 0.0, 0.0
    return (sum(r["identical_texts"] for r in rows) / len(rows), sum(r["masked_duplicates"] for r in rows) / len(rows))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--demo", type=Path, default=REPO / "demo_out", help="the folder `make demo` wrote")
    ap.add_argument("--out", type=Path, default=Path("/tmp/eval_references"), help="evaluation JSON and runs")
    ap.add_argument("--clip", action="store_true", help="also train the clip arm without identical-text masking")
    ap.add_argument("--record", action="store_true", help="append the entry to benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    demo, out = args.demo.resolve(), args.out.resolve()
    runs = demo / "runs"
    if not (runs / "supcon" / "export").is_dir():
        raise SystemExit(f"no demo runs under {demo}: run `make demo` first")
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    lines = [
        f"## {dt.date.today().isoformat()} Evaluations against a random-init and a lexical reference "
        "(`benchmarks/eval_references.py`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}; Python {platform.python_version()}",
        f"- commit: {git_commit()}",
        f"- corpus: the `make demo` corpus ({demo}); the demo's supcon, mntp and untrained exports; test splits",
        "- every value with its 95% percentile-bootstrap interval; 'supcon above' only where supcon's interval lies"
        " wholly above the reference's",
    ]
    all_wins = {}
    for layout in ("mimic-cxr", "csv"):
        shards = demo / "shards" / layout
        result = evaluate_text(
            runs / "supcon" / "export",
            [str(shards)],
            "test",
            baselines=[runs / "mntp" / "export", runs / "untrained" / "export"],
            json_out=out / f"eval-text-{layout}.json",
            progress=False,
        )
        table, wins = text_table(result)
        all_wins[layout] = wins
        lines += ["", f"Report encoders, `{layout}` layout, {result['reports']} test reports:", "", *table]
    lines += ["", "Supcon above both references (random / lexical) by more than the interval, per layout:", ""]
    for layout, wins in all_wins.items():
        both = [k for k, v in wins.items() if all(v)]
        over_random = [k for k, v in wins.items() if v and v[0]]
        lines.append(
            f"- {layout}: above random on {len(over_random)} of {len(wins)} rows ({', '.join(over_random) or 'none'});"
            f" above random and lexical on {', '.join(both) or 'none'}"
        )
    if args.clip:
        neg = train_clip_negative(demo, out)
        lines += ["", "CLIP with and without identical-text masking (MIMIC test split, image->report):", ""]
        lines += ["| clip run | identical pairs / step | masked pairs / step | R@1 | R@5 | R@10 |"]
        lines += ["| --- | ---: | ---: | ---: | ---: | ---: |"]
        for name, run in (("identical_text: mask (demo)", runs / "clip"), ("identical_text: negative", neg)):
            m = evaluate_retrieval(run / "export", [str(demo / "shards" / "mimic-cxr")], "test", progress=False)
            ident, masked = masked_counts(run)
            i2t = m["i2t"]
            cells = " | ".join(_cell(i2t, f"R@{k}") for k in (1, 5, 10))
            lines.append(f"| {name} | {ident:.2f} | {masked:.2f} | {cells} |")
    lines += ["", f"- run time {time.time() - t0:.0f} s"]
    print("\n".join(lines))
    if args.record:
        append_results(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
