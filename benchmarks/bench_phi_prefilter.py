"""PHI screen throughput with and without its pattern rewrites (``megacxr.shards.phi_rewrite``) and its prefilter
(``megacxr.shards.phi_prefilter``), side by side.

Each measurement is one process on one core (the parent pins itself and its children to one CPU): the synth
corpus's reports screened once to warm the vocabularies' caches, then timed over a second pass (studies/s, as
``bench_phi.py`` times it). Rounds alternate between the screens so that a noisy machine slows both alike; the
median of the rounds is reported, with the ratio.

* ``ours``: the screen as it is.
* ``as written``: the same screen with its patterns compiled as written (``MEGACXR_PHI_REWRITE=0``).
* ``ungated``: the same screen with the prefilter off (``prefilter.ungated()``: every pattern scans; the
  wrappers' own cost stays in).
* ``--baseline-tree DIR`` adds the screen of another checkout (``git worktree add DIR <commit>``), e.g. the
  commit before the prefilter: the screen as users had it.

The outputs are compared as well: the script fails when the screen's text, counts or residual differ between
``ours``, ``as written`` and ``ungated`` on any report.

    python -m megacxr synth --source csv --out /tmp/phi_corpus --studies 2000
    python benchmarks/bench_phi_prefilter.py --corpus /tmp/phi_corpus --rounds 3 [--baseline-tree /tmp/wt] --record
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _reports(corpus: Path) -> list[str]:
    with open(corpus / "reports.csv", newline="") as fh:
        return list({row["study_id"]: row["report"] for row in csv.DictReader(fh)}.values())


def worker(corpus: Path, mode: str) -> None:
    """Print one JSON line: studies/s of a second pass (``mode``: ours or ungated) and a digest of the output."""
    import contextlib
    import hashlib

    from megacxr.shards import phi
    from megacxr.shards.phi import PhiScreen, load_vocabularies

    reports = _reports(corpus)
    load_vocabularies()
    screen = PhiScreen()
    context = contextlib.nullcontext()
    if mode == "ungated":
        from megacxr.shards import phi_prefilter

        context = phi_prefilter.ungated()
    with context:
        for text in reports:
            screen.screen(text)
        t0 = time.perf_counter()
        results = [screen.screen(text) for text in reports]
        seconds = time.perf_counter() - t0
    digest = hashlib.sha256(
        json.dumps([(r.text, r.counts, r.residual) for r in results], sort_keys=True).encode()
    ).hexdigest()
    print(json.dumps({"studies_per_s": len(reports) / seconds, "digest": digest, "module": phi.__file__}))


def _run(corpus: Path, mode: str, tree: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree), OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if mode == "as_written":
        env["MEGACXR_PHI_REWRITE"] = "0"
        mode = "ours"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--corpus", str(corpus)]
    out = subprocess.run(cmd, env=env, cwd=tree, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _commit(tree: Path) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=tree, check=True, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, type=Path, help="a `megacxr synth --source csv` output folder")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline-tree", type=Path, help="another checkout whose screen is measured beside ours")
    ap.add_argument("--cpu", type=int, default=None, help="the CPU to pin to (default: the last one allowed)")
    ap.add_argument("--record", action="store_true", help="append the entry to benchmarks/RESULTS.md")
    ap.add_argument("--worker", choices=["ours", "ungated"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.corpus, args.worker)
        return 0
    if hasattr(os, "sched_setaffinity"):
        cpu = args.cpu if args.cpu is not None else max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})  # (children inherit it)
    screens = [("ours", "ours", REPO), ("as written", "as_written", REPO), ("ungated", "ungated", REPO)]
    if args.baseline_tree:
        screens.append((f"baseline {_commit(args.baseline_tree)}", "ours", args.baseline_tree.resolve()))
    rates: dict[str, list[float]] = {name: [] for name, _, _ in screens}
    digests: dict[str, set[str]] = {name: set() for name, _, _ in screens}
    for r in range(args.rounds):
        for name, mode, tree in screens:
            res = _run(args.corpus, mode, tree)
            rates[name].append(res["studies_per_s"])
            digests[name].add(res["digest"])
            print(f"round {r + 1}: {name}: {res['studies_per_s']:.0f} studies/s", flush=True)
    same = digests["ours"] == digests["as written"] == digests["ungated"] and len(digests["ours"]) == 1
    reference = screens[-1][0] if args.baseline_tree else "ungated"
    base = statistics.median(rates[reference])
    lines = [
        f"### {dt.date.today()} PHI screen rewrites and prefilter, side by side (`benchmarks/bench_phi_prefilter.py`)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, one pinned core; commit {_commit(REPO)}; "
        f"{len(_reports(args.corpus))} synth studies, second pass timed, {args.rounds} alternating rounds "
        "(median). Output of ours, as written and ungated identical on every report: "
        + ("yes" if same else "**NO**")
        + ".",
        "",
        f"| screen | studies/s (median) | rounds | vs {reference} |",
        "| --- | ---: | --- | ---: |",
    ]
    for name, _, _ in screens:
        med = statistics.median(rates[name])
        runs = ", ".join(f"{x:.0f}" for x in rates[name])
        lines.append(f"| {name} | {med:.0f} | {runs} | {med / base:.2f}x |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.record:
        with open(REPO / "benchmarks" / "RESULTS.md", "a") as fh:
            fh.write("\n" + text)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
