"""The seeds' evaluations over several training seeds on the demo corpus: is a difference larger than the
run-to-run spread?

Two questions, each answered per seed and then as mean, standard deviation and range over the seeds:

* the report encoder: the supcon export (stage 2) against the mntp export (stage 1) and the untrained model on
  ``megacxr eval text`` (style-robust retrieval: MRR averaged over the rewrite kinds, and per kind; error
  discrimination: tie-aware top-1 accuracy over all items);
* the clip model trained with ``clip.loss.negation_negatives: true`` against one trained without, from the same
  supcon export, on ``megacxr eval align`` (report > negation, tie-aware) and image->report retrieval R@1.

Every seed trains its own random ``tiny`` model (``run.init_model=tiny`` with ``run.seed``), then mntp, supcon
and the two clip runs from the demo's configs (``configs/*.yaml``), each through ``python -m megacxr.train`` as
a user runs it; only ``run.seed`` differs between seeds. The corpus is the one ``make demo`` writes (its shards
and its CXR-Align file), so run the demo first:

    make demo && .venv/bin/python benchmarks/eval_seeds.py --demo demo_out [--seeds 0 1 2] [--record] [--smoke]

A difference is called larger than the spread only when the two arms' seed ranges do not overlap and every
seed's paired difference has the same sign; otherwise the entry says it is not. Beside it, on how many seeds the
two arms' 95% bootstrap intervals (``megacxr.eval.intervals``) lie apart. Appends one dated entry to
``benchmarks/RESULTS.md`` with ``--record``; per-seed JSON stays under ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_shards import append_results, git_commit  # noqa: E402

from megacxr.eval.align import evaluate_align  # noqa: E402
from megacxr.eval.run import evaluate_retrieval  # noqa: E402
from megacxr.eval.text_eval import STYLE_KINDS  # noqa: E402
from megacxr.eval.text_run import evaluate_text  # noqa: E402
from megacxr.models import PoolingConfig, ReportEncoder, TextModelConfig, export_encoder  # noqa: E402

CONFIGS = REPO / "configs"


def train(stage: str, run_dir: Path, overrides: list[str], log: Path) -> float:
    """One training run as a user starts it; returns its wall time. Output goes to ``log``."""
    if (run_dir / "export" / "config.json").is_file():
        return 0.0  # done by an earlier invocation (the script resumes seed by seed)
    args = [sys.executable, "-m", "megacxr.train", "--config", str(CONFIGS / f"{stage}.yaml")]
    args += [f"run.out_dir={run_dir}", "run.resume=never", "logging.wandb=disabled", *overrides]
    t0 = time.time()
    with open(log, "a") as fh:
        fh.write(f"\n$ {' '.join(args)}\n")
        fh.flush()
        rc = subprocess.call(args, stdout=fh, stderr=subprocess.STDOUT, cwd=REPO)
    if rc != 0:
        raise SystemExit(f"training {stage} failed (exit {rc}); its output is in {log}")
    return time.time() - t0


def untrained_export(model_dir: Path, out: Path) -> Path:
    """The random model before training, exported as an encoder with mean pooling (the floor)."""
    if (out / "config.json").is_file():
        return out
    cfg = TextModelConfig(path=str(model_dir), pooling=PoolingConfig(kind="mean"), lora={"enabled": False})
    return export_encoder(ReportEncoder.from_config(cfg), out)


def run_seed(demo: Path, out: Path, seed: int, steps: list[str]) -> dict:
    """Train every arm with ``seed`` and evaluate them; returns the figures (also written as JSON)."""
    done = out / "figures.json"
    if done.is_file():
        return json.loads(done.read_text())
    out.mkdir(parents=True, exist_ok=True)
    log = out / "train.log"
    mimic, csv = demo / "shards" / "mimic-cxr", demo / "shards" / "csv"
    both = f"data.stream.manifests=[{mimic},{csv}]"
    common = [f"run.seed={seed}", *steps]
    runs, times = out / "runs", {}
    model = out / "models" / "tiny"
    times["mntp"] = train(
        "mntp", runs / "mntp", [*common, both, f"mntp.model.path={model}", "run.init_model=tiny"], log
    )
    times["supcon"] = train(
        "supcon", runs / "supcon", [*common, both, f"supcon.model.path={runs / 'mntp' / 'export'}"], log
    )
    clip_common = [*common, f"data.stream.manifests=[{mimic}]", f"clip.tower.text_path={runs / 'supcon' / 'export'}"]
    for name, flag in (("clip", "false"), ("clip-negation", "true")):
        times[name] = train("clip", runs / name, [*clip_common, f"clip.loss.negation_negatives={flag}"], log)

    untrained = untrained_export(model, runs / "untrained" / "export")
    encoders = {"supcon": runs / "supcon" / "export", "mntp": runs / "mntp" / "export", "untrained": untrained}
    text = evaluate_text(
        encoders["supcon"],
        [str(mimic)],
        "test",
        baselines=[encoders["mntp"], encoders["untrained"]],
        json_out=out / "eval-text.json",
        progress=False,
    )
    figures: dict = {"seed": seed, "train_s": times, "text": {}, "clip": {}}
    for arm, enc in zip(encoders, text["encoders"].values(), strict=False):
        style = {k: enc["style"][k].get("MRR") for k in STYLE_KINDS if enc["style"][k].get("queries")}
        figures["text"][arm] = {
            "style_MRR": statistics.fmean(style.values()),
            "style_MRR_per_kind": style,
            "errors_tie_aware": enc["errors"]["all"]["tie_aware"],
            "errors_tie_aware_ci": enc["errors"]["all"]["ci"]["tie_aware"],
            "errors_strict": enc["errors"]["all"]["strict"],
            "error_items": enc["errors"]["all"]["items"],
        }
    items = demo / "data" / "mimic-cxr" / "cxr-align.json"
    for name in ("clip", "clip-negation"):
        export = runs / name / "export"
        align = evaluate_align(
            export, items, shards=[str(mimic)], json_out=out / f"eval-align-{name}.json", progress=False
        )
        retr = evaluate_retrieval(export, [str(mimic)], "test", zero_shot=False, progress=False)
        figures["clip"][name] = {
            "report_over_negation": align["overall"]["report_over_negation"]["tie_aware"],
            "report_over_negation_ci": align["overall"]["report_over_negation"]["ci"]["tie_aware"],
            "omitted_over_negation": align["overall"]["omitted_over_negation"]["tie_aware"],
            "align_items": align["scored"],
            "i2t_R@1": retr["i2t"]["R@1"],
            "i2t_R@1_ci": retr["i2t"]["ci"]["R@1"],
            "t2i_R@1": retr["t2i"]["R@1"],
        }
    done.write_text(json.dumps(figures, indent=1))
    return figures


def spread(values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.fmean(values):.3f} ± {sd:.3f} [{min(values):.3f}-{max(values):.3f}]"


def verdict(a: list[float], b: list[float], a_ci: list | None = None, b_ci: list | None = None) -> str:
    """Is ``a`` above or below ``b`` by more than the run-to-run spread, and (given each seed's 95% bootstrap
    intervals) by more than the interval on how many seeds (see the module docstring)?"""
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    mean = statistics.fmean(diffs)
    apart = min(a) > max(b) or max(a) < min(b)
    same_sign = all(d > 0 for d in diffs) or all(d < 0 for d in diffs)
    said = "larger than the seed spread" if apart and same_sign else "not larger than the seed spread"
    if a_ci is not None and b_ci is not None:
        beyond = sum(x[0] > y[1] or x[1] < y[0] for x, y in zip(a_ci, b_ci, strict=True))
        said += f"; intervals apart on {beyond} of {len(diffs)} seeds"
    return f"{mean:+.3f}, {said}"


def entry(figures: list[dict], demo: Path, total_s: float) -> list[str]:
    seeds = [f["seed"] for f in figures]
    cores = os.cpu_count()
    text = {arm: [f["text"][arm] for f in figures] for arm in ("supcon", "mntp", "untrained")}
    clip = {arm: [f["clip"][arm] for f in figures] for arm in ("clip", "clip-negation")}
    lines = [
        f"## {dt.date.today().isoformat()} Seeds' evaluations over {len(seeds)} training seeds "
        "(`benchmarks/eval_seeds.py`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {cores} CPUs; Python {platform.python_version()}",
        f"- commit: {git_commit()}",
        f"- corpus: the `make demo` corpus ({demo}): shards of 1000 synthetic MIMIC-CXR-layout and 400 hospital-export "
        "studies; evaluated on the MIMIC layout's test split "
        f"({figures[0]['text']['supcon']['error_items']} error-discrimination items, "
        f"{figures[0]['clip']['clip']['align_items']} CXR-Align items from `synth --cxr-align`)",
        f"- seeds {seeds}: each trains its own random tiny model, then mntp, supcon and the two clip runs with the "
        "demo's configs (`configs/*.yaml`; only `run.seed` differs); figures are mean ± sd [min-max] over the seeds",
        f"- run time {total_s:.0f} s",
        "",
        "Report encoder (`megacxr eval text`): style-robust retrieval MRR (mean over the rewrite kinds) and error "
        "discrimination (findings -> true impression among 4, tie-aware top-1; chance 0.25)",
        "",
        "| encoder | style MRR | error discrimination | per seed (MRR / accuracy) |",
        "| --- | ---: | ---: | --- |",
    ]
    for arm, rows in text.items():
        per = ", ".join(f"{r['style_MRR']:.3f} / {r['errors_tie_aware']:.3f}" for r in rows)
        mrr, acc = [r["style_MRR"] for r in rows], [r["errors_tie_aware"] for r in rows]
        lines.append(f"| {arm} | {spread(mrr)} | {spread(acc)} | {per} |")
    lines += ["", "Per rewrite kind, style MRR (mean over seeds):", "", "| kind | supcon | mntp | untrained |"]
    lines.append("| --- | ---: | ---: | ---: |")
    for kind in figures[0]["text"]["supcon"]["style_MRR_per_kind"]:
        cells = [statistics.fmean(r["style_MRR_per_kind"][kind] for r in text[arm]) for arm in text]
        lines.append(f"| {kind} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    lines += [
        "",
        "CLIP with and without negated reports as extra text negatives (`megacxr eval align` on the synthetic "
        "CXR-Align file, tie-aware; retrieval on the test split)",
        "",
        "| clip run | report > negation | omitted > negation | image->report R@1 | report->image R@1 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    names = {"clip": "negation_negatives: false", "clip-negation": "negation_negatives: true"}
    for arm, rows in clip.items():
        cells = [
            spread([r[k] for r in rows])
            for k in ("report_over_negation", "omitted_over_negation", "i2t_R@1", "t2i_R@1")
        ]
        lines.append(f"| {names[arm]} | " + " | ".join(cells) + " |")

    def col(arm, part, key):
        return [r[key] for r in (text if part == "text" else clip)[arm]]

    def paired(a, b, part, key):
        rows = text if part == "text" else clip
        intervals = all(f"{key}_ci" in r for r in rows[a] + rows[b])  # seeds recorded before intervals: none
        cis = (col(a, part, f"{key}_ci"), col(b, part, f"{key}_ci")) if intervals else (None, None)
        return verdict(col(a, part, key), col(b, part, key), *cis)

    lines += [
        "",
        "Differences (mean of the per-seed paired differences; larger than the spread only when the seed ranges do "
        "not overlap and every seed agrees in sign):",
        "",
        f"- style MRR, supcon - mntp: {verdict(col('supcon', 'text', 'style_MRR'), col('mntp', 'text', 'style_MRR'))}",
        f"- style MRR, supcon - untrained: "
        f"{verdict(col('supcon', 'text', 'style_MRR'), col('untrained', 'text', 'style_MRR'))}",
        f"- error discrimination, supcon - mntp: {paired('supcon', 'mntp', 'text', 'errors_tie_aware')}",
        f"- error discrimination, supcon - untrained: {paired('supcon', 'untrained', 'text', 'errors_tie_aware')}",
        "- report > negation, with - without negation negatives: "
        f"{paired('clip-negation', 'clip', 'clip', 'report_over_negation')}",
        f"- image->report R@1, with - without negation negatives: {paired('clip-negation', 'clip', 'clip', 'i2t_R@1')}",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--demo", type=Path, default=REPO / "demo_out", help="the folder `make demo` wrote")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--out", type=Path, default=REPO / "bench_out" / "eval_seeds", help="runs and per-seed JSON")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    ap.add_argument("--smoke", action="store_true", help="10 steps per run, nothing written: checks the script runs")
    args = ap.parse_args(argv)
    for need in (args.demo / "shards" / "mimic-cxr", args.demo / "data" / "mimic-cxr" / "cxr-align.json"):
        if not need.exists():
            raise SystemExit(f"{need} is missing: run `make demo` first (or pass --demo DIR)")
    steps = ["run.max_steps=10", "run.save_every=0", "optim.warmup_steps=2"] if args.smoke else []
    if args.smoke:
        args.no_write, args.out = True, args.out.with_name(args.out.name + "-smoke")
    t0 = time.time()
    figures = []
    for seed in args.seeds:
        print(f"== seed {seed}", flush=True)
        figures.append(run_seed(args.demo, args.out / f"seed{seed}", seed, steps))
        print(json.dumps({k: figures[-1][k] for k in ("text", "clip")}, indent=1), flush=True)
    lines = entry(figures, args.demo, time.time() - t0)
    print("\n".join(lines))
    if args.record and not args.no_write:
        append_results(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
