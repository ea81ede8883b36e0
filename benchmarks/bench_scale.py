"""How the shard build grows with the number of studies, fitted and extrapolated to 1.6 million (DESIGN.md, Scale).

Builds hospital-CSV exports of ``--sizes`` studies (default 1k, 4k, 16k, 64k): patients of 1-5 studies, three
images per study hard-linked to a pool of tiny distinct JPEGs (so the figures show the builder's bookkeeping,
not decode), a share of reports repeating a few common texts (``--dup-text``, as "No acute cardiopulmonary
process." does in real exports), re-exported studies (``--dup-studies``: the same text and image files under
another study id, true duplicates) and identifiers in 5% of the reports (the PHI screen's work). For each size
every stage runs in a fresh process:

- plan: ``make_plan`` alone: seconds, peak RSS of the planning process, image files it opened (audit hook);
- build: the whole build with ``--workers`` processes: seconds; the largest private memory (USS, sampled
  with psutil) of any worker;
- resume: the same build again, nothing to do: seconds; image files, tables and shards it opened;
- partition: partition 0 of ``--partitions`` K into a fresh folder: seconds (the others follow, untimed);
- merge: ``finalize`` of the K partitions (duplicates settled across them);
- verify: ``verify_shards`` of the single build (decode on).

Then it fits each stage's growth exponent (least squares of log seconds on log N), extrapolates to 1.6M
studies, and appends a table to ``benchmarks/RESULTS.md`` with ``--record``. ``--baseline REF`` runs the same
stages on another commit (a git worktree, deleted afterwards) in the same run, side by side.

``--streaming`` adds the streaming side (``bench_scale_stream.py``): loader states, the re-deal 2048 -> 1024 on a
hard-linked 1.6M-sample shard set, a text-only pass's bytes, and the text cache's split and merge peak.

    python benchmarks/bench_scale.py [--sizes 1000 4000 16000 64000] [--baseline REF] [--streaming [--no-build]]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "RESULTS.md"
TARGET = 1_600_000
POOL = 256  # distinct tiny JPEGs every image links to
COMMON = [
    "IMPRESSION: No acute cardiopulmonary process.",
    "IMPRESSION: No acute cardiopulmonary abnormality.",
    "FINDINGS: Lungs are clear. Heart size is normal. IMPRESSION: Normal chest.",
    "IMPRESSION: No acute intrathoracic process.",
    "IMPRESSION: Stable chest radiograph.",
]
FINDINGS = [
    "Mild cardiomegaly.",
    "Small left pleural effusion.",
    "Right basilar atelectasis.",
    "No pneumothorax.",
    "Stable mediastinal contours.",
    "Mild pulmonary vascular congestion.",
    "Endotracheal tube in standard position.",
    "Degenerative changes of the thoracic spine.",
    "Left lower lobe opacity may represent pneumonia.",
    "Interval removal of the right internal jugular line.",
]
STAGES = ("plan", "build", "resume", "partition", "merge", "verify")


# ------------------------------------------------------------------------------------------------ export


def make_export(root: Path, n: int, dup_text: float, dup_studies: float, seed: int = 0) -> Path:
    """A hospital CSV export of ``n`` studies (3 image rows each) under ``root``; returns the table."""
    from PIL import Image

    rng = random.Random(seed)
    pool = root / "pool"
    pool.mkdir(parents=True, exist_ok=True)
    gen = np.random.default_rng(seed)
    for i in range(POOL):
        arr = gen.integers(0, 255, size=(56, 48), dtype=np.uint8)
        Image.fromarray(arr, "L").save(pool / f"{i}.jpg", quality=90)
    rows, made, patient, left = [], [], 0, 0
    for s in range(n):
        if left == 0:
            patient, left = patient + 1, rng.randint(1, 5)
        left -= 1
        if made and rng.random() < dup_studies:  # a re-exported study: same patient, text and files
            src = made[rng.randrange(len(made))]
            for r in src:
                rows.append({**r, "study_id": f"RX{s:08d}"})
            continue
        if rng.random() < dup_text:
            report = rng.choice(COMMON)
        else:
            picked = rng.sample(FINDINGS, 3)
            report = f"FINDINGS: {' '.join(picked)} IMPRESSION: {picked[0]} Study {s}."
        if rng.random() < 0.05:
            report += " Discussed with Dr. Hargreaves at 617-555-0134."
        group = []
        for v, view in enumerate(("PA", "LATERAL", "AP")):
            rel = f"images/{patient % 512:03d}/ST{s:08d}_{v}.jpg"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(pool / f"{rng.randrange(POOL)}.jpg", root / rel)
            group.append(
                {
                    "patient_id": f"MRN{patient:08d}",
                    "study_id": f"ST{s:08d}",
                    "image_path": rel,
                    "report": report,
                    "study_date": "2023-01-01",
                    "view": view,
                }
            )
        rows.extend(group)
        made.append(group)
    table = root / "reports.csv"
    with open(table, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return table


# ------------------------------------------------------------------------------------------------- child


def _child(args) -> int:
    """One stage in this fresh process (code from ``args.code``); prints one JSON line."""
    sys.path.insert(0, args.code)
    from megacxr.shards.config import ShardBuildConfig

    opened = {"image": 0, "tar": 0, "table": 0}
    pid = os.getpid()

    def hook(event, hook_args):
        if event == "open" and os.getpid() == pid and hook_args and isinstance(hook_args[0], (str, bytes, Path)):
            name = os.fsdecode(hook_args[0])
            if name.endswith(".jpg"):
                opened["image"] += 1
            elif name.endswith(".tar"):
                opened["tar"] += 1
            elif name.endswith(".csv"):
                opened["table"] += 1

    root = Path(args.root)

    def cfg(out: Path, **kw) -> ShardBuildConfig:
        c = ShardBuildConfig(
            source="csv",
            images=str(root / "export"),
            reports=str(root / "export" / "reports.csv"),
            out=str(out),
            workers=args.workers,
            progress=False,
            salt_file=str(root / "salt"),
        )
        for k, v in kw.items():
            setattr(c, k, v)
        return c

    from megacxr.shards.build import build_shards, finalize
    from megacxr.shards.ids import load_or_create_salt
    from megacxr.shards.plan import make_plan
    from megacxr.shards.verify import verify_shards

    extra = {}
    sys.addaudithook(hook)
    t0 = time.perf_counter()
    if args.stage == "plan":
        plan = make_plan(cfg(root / "single"), load_or_create_salt(root, str(root / "salt")))
        extra["units"] = len(plan.units)
    elif args.stage in ("build", "resume"):
        m = build_shards(cfg(root / "single"))
        extra = {"samples": m["totals"]["samples"], "duplicates": m["totals"]["duplicates_removed"]}
    elif args.stage == "partition":
        build_shards(cfg(root / "parts", num_partitions=args.partitions, partition=args.partition))
    elif args.stage == "merge":
        m = finalize(root / "parts")
        extra = {"samples": m["totals"]["samples"], "duplicates": m["totals"]["duplicates_removed"]}
        single = json.loads((root / "single" / "manifest.json").read_text())
        extra["identical"] = [s["sha256"] for s in m["shards"]] == [s["sha256"] for s in single["shards"]]
    elif args.stage == "verify":
        extra["problems"] = len(verify_shards(root / "single", progress=False)["problems"])
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "rss_mib": _peak_rss_mib(), "opened": opened, **extra}))
    return 0


def _peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM: per address space, unlike ``ru_maxrss``, which a process
    started by fork and exec inherits from its parent on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_stage(stage: str, root: Path, code: str, workers: int, partitions: int, partition: int = 0) -> dict:
    """Run one stage in a fresh process; while it runs, sample the private memory of its worker processes."""
    import psutil

    cmd = [
        sys.executable,
        __file__,
        "child",
        stage,
        "--root",
        str(root),
        "--code",
        code,
        "--workers",
        str(workers),
        "--partitions",
        str(partitions),
        "--partition",
        str(partition),
    ]
    env = {**os.environ, "PYTHONPATH": code, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=code, env=env)
    peak = {"uss": 0}
    done = threading.Event()

    def sample():
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                for child in parent.children(recursive=True):
                    try:
                        peak["uss"] = max(peak["uss"], child.memory_full_info().uss)
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            except psutil.NoSuchProcess:
                return
            done.wait(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    done.set()
    t.join()
    if proc.returncode != 0:
        raise RuntimeError(f"stage {stage} failed ({proc.returncode}):\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["worker_uss_mib"] = peak["uss"] / 2**20
    return result


def measure(n: int, code: str, args, work: Path) -> dict[str, dict]:
    root = work / f"n{n}"
    if root.exists():
        shutil.rmtree(root)
    (root / "export").mkdir(parents=True)
    (root / "salt").write_text("5a" * 32)
    t0 = time.time()
    make_export(root / "export", n, args.dup_text, args.dup_studies)
    print(f"  export of {n} studies in {time.time() - t0:.1f} s", flush=True)
    res = {}
    for stage in STAGES:
        if stage == "partition":
            res[stage] = run_stage(stage, root, code, args.workers, args.partitions, 0)
            for p in range(1, args.partitions):
                run_stage(stage, root, code, args.workers, args.partitions, p)
        else:
            res[stage] = run_stage(stage, root, code, args.workers, args.partitions)
        r = res[stage]
        rest = {k: v for k, v in r.items() if k not in ("seconds", "rss_mib", "worker_uss_mib", "opened")}
        print(
            f"  {stage:9s} {r['seconds']:8.2f} s  rss {r['rss_mib']:7.0f} MiB  worker uss {r['worker_uss_mib']:6.0f} "
            f"MiB  opened {r['opened']}  {rest}",
            flush=True,
        )
    shutil.rmtree(root)
    return res


# ------------------------------------------------------------------------------------------------ report


def exponent(sizes: list[int], values: list[float]) -> float:
    xs, ys = np.log(np.array(sizes, float)), np.log(np.maximum(np.array(values, float), 1e-6))
    return float(np.polyfit(xs, ys, 1)[0])


def extrapolate(sizes: list[int], values: list[float]) -> float:
    """Value at TARGET from the largest measurement, grown by the fitted exponent."""
    return values[-1] * (TARGET / sizes[-1]) ** exponent(sizes, values)


def _fmt_s(s: float) -> str:
    if s >= 3600:
        return f"{s / 3600:.1f} h"
    if s >= 60:
        return f"{s / 60:.1f} min"
    return f"{s:.2f} s"


def table(label: str, sizes: list[int], runs: dict[int, dict]) -> list[str]:
    head = "| code | stage | " + " | ".join(f"N={n:,}" for n in sizes) + " | exponent | at 1.6M |"
    lines = [head, "| --- | --- |" + " ---: |" * (len(sizes) + 2)]
    for stage in STAGES:
        vals = [runs[n][stage]["seconds"] for n in sizes]
        cells = " | ".join(f"{v:.2f} s" for v in vals)
        lines.append(
            f"| {label} | {stage} (s) | {cells} | {exponent(sizes, vals):.2f} | {_fmt_s(extrapolate(sizes, vals))} |"
        )
    for stage, key, name in (("plan", "rss_mib", "planner peak RSS"), ("build", "worker_uss_mib", "worker USS")):
        vals = [runs[n][stage][key] for n in sizes]
        cells = " | ".join(f"{v:.0f} MiB" for v in vals)
        grow = exponent(sizes, vals)
        per_study = max(0.0, (vals[-1] - vals[-2]) / (sizes[-1] - sizes[-2]) * 2**20)  # between the two largest
        at_target = vals[-1] + per_study * (TARGET - sizes[-1]) / 2**20
        lines.append(
            f"| {label} | {name} | {cells} | {grow:.2f} | {at_target / 1024:.1f} GiB ({per_study:,.0f} B/study) |"
        )
    for key, name in (("image", "planner image opens"),):
        cells = " | ".join(str(runs[n]["plan"]["opened"][key]) for n in sizes)
        lines.append(f"| {label} | {name} | {cells} | | |")
    cells = " | ".join(
        f"{runs[n]['resume']['opened']['image']} / {runs[n]['resume']['opened']['tar']} / "
        f"{runs[n]['resume']['opened']['table']}"
        for n in sizes
    )
    lines.append(f"| {label} | no-op resume opens: images / shards / tables | {cells} | | |")
    cells = " | ".join(f"{100 * runs[n]['resume']['seconds'] / runs[n]['build']['seconds']:.1f}%" for n in sizes)
    lines.append(f"| {label} | no-op resume / first build | {cells} | | |")
    cells = " | ".join(f"{100 * runs[n]['partition']['seconds'] / runs[n]['build']['seconds']:.0f}%" for n in sizes)
    lines.append(f"| {label} | one partition / whole build | {cells} | | |")
    return lines


def git(*args, cwd=REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def commit_label() -> str:
    try:
        dirty = git("status", "--porcelain", "--untracked-files=no")
        return git("rev-parse", "--short", "HEAD") + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000, 64000])
    ap.add_argument("--baseline", help="also measure this git commit (e.g. 299bd6c), side by side")
    ap.add_argument("--baseline-sizes", type=int, nargs="+", help="sizes for the baseline (default: --sizes)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--dup-text", type=float, default=0.2, help="share of reports that repeat a common text")
    ap.add_argument("--dup-studies", type=float, default=0.01, help="share of re-exported (duplicate) studies")
    ap.add_argument("--quick", action="store_true", help="smoke run: sizes 300 and 900, nothing written")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    ap.add_argument(
        "--streaming", action="store_true", help="also the streaming side: 1.6M samples, 2048 -> 1024 slots"
    )
    ap.add_argument("--no-build", action="store_true", help="skip the build-growth stages (with --streaming)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.no_write = [300, 900], True
    work = Path(args.work or tempfile.mkdtemp(prefix="bench_scale_"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    load = os.getloadavg()[0]
    codes = [("ours", str(REPO), args.sizes)]
    worktree = None
    if args.baseline:
        worktree = Path(tempfile.mkdtemp(prefix="baseline_code_", dir=work))
        git("worktree", "prune")  # a run killed before its cleanup leaves a registration behind
        git("worktree", "add", "--detach", "--force", str(worktree), args.baseline)
        codes.append(
            (f"baseline {git('rev-parse', '--short', args.baseline)}", str(worktree), args.baseline_sizes or args.sizes)
        )
    results = {}
    stream_lines: list[str] = []
    try:
        for label, code, sizes in [] if args.no_build else codes:
            results[label] = {}
            for n in sizes:
                print(f"[{label}] N={n}", flush=True)
                results[label][n] = measure(n, code, args, work)
        if args.streaming:
            import bench_scale_stream

            base = codes[1] if len(codes) > 1 else (None, None, None)
            stream_lines = bench_scale_stream.run(work / "streaming", base[1], base[0])
    finally:
        if worktree is not None:
            git("worktree", "remove", "--force", str(worktree))
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if args.no_build:
        lines = [
            f"## {dt.date.today().isoformat()} shard streaming at 1.6M samples and 2048 slots "
            "(`benchmarks/bench_scale.py --streaming --no-build`)",
            "",
            f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs; Python "
            f"{platform.python_version()}; load average at start {load:.1f}",
            f"- commit: {commit_label()}; run time {(time.time() - started) / 60:.1f} min"
            + (f"; previous code: {codes[1][0]}" if len(codes) > 1 else ""),
            *stream_lines,
        ]
        print("\n".join(lines))
        if args.record and not args.no_write:
            with open(RESULTS, "a") as fh:
                fh.write("\n" + "\n".join(lines) + "\n")
        return 0
    lines = [
        f"## {dt.date.today().isoformat()} shard build growth, 1k-64k studies extrapolated to 1.6M "
        "(`benchmarks/bench_scale.py`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}; load average at start {load:.1f}",
        f"- commit: {commit_label()}; run time {(time.time() - started) / 60:.1f} min",
        f"- export: hospital CSV, patients of 1-5 studies, 3 images per study hard-linked to {POOL} tiny JPEGs "
        f"(56x48), {args.dup_text:.0%} of reports repeat one of {len(COMMON)} common texts, {args.dup_studies:.0%} "
        "re-exported studies (true duplicates), identifiers in 5% of reports; "
        f"{args.workers} workers; partitions: 1 of {args.partitions}; each stage a fresh process",
        "- seconds are wall time inside the process (interpreter start excluded); exponent: least-squares slope "
        "of log time on log N; at 1.6M: the largest measurement grown by that exponent; memory at 1.6M: the "
        "largest measurement plus the marginal bytes per study (between the two largest N) times the studies added; "
        "worker USS: the largest private memory (psutil USS) of any worker process of the build, sampled every "
        "0.2 s",
        "",
    ]
    for label, _, sizes in codes:
        lines += table(label, sizes, results[label]) + [""]
    ours = results["ours"]
    big = max(args.sizes)
    checks = {n: ours[n]["merge"].get("identical") for n in args.sizes}
    lines.append(f"- K partitions merged byte-identical to the single build: {checks}")
    if len(args.sizes) >= 2:
        mid = sorted(args.sizes)[-2]
        ratio = ours[big]["build"]["worker_uss_mib"] / max(ours[mid]["build"]["worker_uss_mib"], 1e-9)
        lines.append(f"- worker private memory at N={big:,} / at N={mid:,}: {ratio:.2f}")
    if stream_lines:
        lines += ["", "Streaming at 1.6M samples and 2048 slots:", *stream_lines]
    print("\n".join(lines))
    if args.record and not args.no_write:
        with open(RESULTS, "a") as fh:
            fh.write("\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        cp = argparse.ArgumentParser()
        cp.add_argument("child")
        cp.add_argument("stage", choices=STAGES)
        cp.add_argument("--root", required=True)
        cp.add_argument("--code", required=True)
        cp.add_argument("--workers", type=int, default=2)
        cp.add_argument("--partitions", type=int, default=4)
        cp.add_argument("--partition", type=int, default=0)
        sys.exit(_child(cp.parse_args()))
    sys.exit(main())
