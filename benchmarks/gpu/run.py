"""Every GPU figure megacxr owes, from one command on one lent H100/H200 (``benchmarks/gpu/run.sh`` runs this).

In order, each part timed, and a part that fails recorded as failed (the others still run):

1. ``megacxr doctor``: the environment and every fast path against its reference on this device;
2. a synthetic MIMIC-CXR-layout corpus built into shards (the profiles read real tar shards), a random model of
   the Llama-3.2-1B shape (vocabulary 128,256 with a word-level tokenizer trained on the corpus) and its export;
3. the gathered contrastive loss, reference vs chunked vs Triton, at 16k to 256k global rows (one simulated rank of
   ``B / B_local``): peak memory and forward + backward time (``benchmarks/bench_contrastive.py``'s workers);
4. MNTP and supcon model steps (``megacxr profile --mode model``) at that shape, bf16, packed, ZeRO-3 (the 1B
   preset), once per attention backend present: tokens/s and MFU;
5. the clip model step with a ViT-L/14 at 336 px (random weights) and ``frozen_cached`` text: samples/s and MFU;

then one dated entry in ``benchmarks/RESULTS.md`` (``--no-write``: only ``<out>/entry.md``). ``--device cpu
--tiny`` runs the same parts at toy sizes on a CPU (the tiny preset, fp32, the backends a CPU trains with), so
the script is tested where no GPU is.

    python benchmarks/gpu/run.py [--device cuda|cpu] [--tiny] [--out DIR] [--record] [--report DIR]
                                 [--only doctor,gputests,contrastive,mntp,supcon,clip]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import traceback
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_contrastive  # noqa: E402
from bench_shards import append_results, git_commit  # noqa: E402

MIB = 1 << 20
LLAMA3_VOCAB = 128256
PARTS = ("doctor", "gputests", "contrastive", "mntp", "supcon", "clip")
# the tests that run only where CUDA is (skipped on every CPU machine, CI included)
GPU_TESTS = ["tests/test_encoder.py::test_real_flash_kernel_matches_sdpa_on_gpu", "tests/test_torch_varlen.py"]


def sizes(tiny: bool) -> dict:
    """Everything that differs between a GPU run and the CPU dry run."""
    if tiny:
        return {
            "studies": 40, "image_px": 64, "shape": "tiny", "vocab": None, "preset": "tiny", "precision": "fp32",
            "contrastive": {"b_local": 128, "globals_": [512, 2048], "d": 64, "repeats": 1},
            "micro": 8, "token_budget": None, "steps": 2, "warmup": 1, "vision": "tiny-clip", "vision_px": 128,
            "clip_micro": 8, "estimates": {"doctor": 0, "corpus": 0, "contrastive": 0, "profile": 0, "clip": 0},
        }  # fmt: skip
    return {
        "studies": 512, "image_px": 384, "shape": "llama-3.2-1b", "vocab": LLAMA3_VOCAB, "preset": "llama-3.2-1b",
        "precision": "bf16",
        "contrastive": {"b_local": 4096, "globals_": [16384, 65536, 262144], "d": 1280, "repeats": 2},
        "micro": 32, "micros": [32, 256], "token_budget": 512, "steps": 5, "warmup": 2, "vision": "clip-l14-336",
        "vision_px": 336, "clip_micro": 64,
        # seconds each part took on an H200 (2026-12-04, RESULTS.md): the budget skips what no longer fits
        "estimates": {"doctor": 45, "gputests": 30, "corpus": 80, "contrastive": 80, "profile": 50, "clip": 45},
    }  # fmt: skip


def attention_backends(device: str) -> list[str]:
    """The backends this device trains with: every one present on a GPU; eager and SDPA on a CPU (flex has no CPU
    backward and flash needs CUDA)."""
    from megacxr.kernels.attention.backends import varlen_kernel

    if device != "cuda":
        return ["sdpa", "eager"]
    out = ["sdpa", "eager"]
    if varlen_kernel("cuda") is not None:
        out.append("flash")
    try:
        import torch.nn.attention.flex_attention  # noqa: F401

        out.append("flex")
    except ImportError:
        pass
    return out


class Parts:
    """Runs the parts, each timed; an exception becomes that part's error, never the run's end. With a budget
    (seconds for the whole run) a part whose estimate no longer fits is recorded as skipped, and ``left()`` caps
    the subprocesses' timeouts, so the run ends, with its report written, inside a lease."""

    def __init__(self, budget: float | None = None, on_part=None):
        self.results: dict[str, dict] = {}
        self.t0 = time.perf_counter()
        self.budget = budget
        self.on_part = on_part  # called after every part (the report is rewritten each time)

    def left(self, cap: float) -> int:
        """Seconds a subprocess may take: ``cap``, or what is left of the budget when that is less."""
        if self.budget is None:
            return int(cap)
        return max(1, int(min(cap, self.budget - (time.perf_counter() - self.t0))))

    def run(self, name: str, fn, *args, estimate: float = 0.0, **kwargs):
        if self.budget is not None and self.budget - (time.perf_counter() - self.t0) < estimate:
            print(f"\n== {name}: skipped (under {estimate:.0f} s of the budget left)", flush=True)
            self.results[name] = {"ok": False, "seconds": 0.0, "error": "skipped: out of the time budget"}
            return None
        t0 = time.perf_counter()
        print(f"\n== {name}", flush=True)
        try:
            value = fn(*args, **kwargs)
            self.results[name] = {"ok": True, "seconds": time.perf_counter() - t0, "value": value}
        except Exception as exc:  # noqa: BLE001 - recorded and reported; the next part still runs
            traceback.print_exc()
            self.results[name] = {"ok": False, "seconds": time.perf_counter() - t0, "error": _one_line(exc)}
            value = None
        print(f"   {name}: {'ok' if self.results[name]['ok'] else 'FAILED'} in {self.results[name]['seconds']:.0f} s")
        if self.on_part:
            self.on_part()
        return value


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1][:200] if text else ''}"


def _cli(args: list[str], env: dict, timeout: int, log: Path | None = None) -> subprocess.CompletedProcess:
    """``megacxr ARGS`` in a subprocess; its whole output goes to ``log`` and, when it fails, its last 40 lines
    are printed (on a lent machine the printed log is what comes back)."""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "megacxr", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"megacxr {args[0]} timed out after {timeout} s") from exc
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"$ megacxr {' '.join(args)}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and args[0] != "doctor"):
        tail = (proc.stderr or proc.stdout).strip().splitlines()
        print("\n".join("   | " + line for line in tail[-40:]), flush=True)
        raise RuntimeError(f"megacxr {args[0]} exited {proc.returncode}: {(tail or [''])[-1][-300:]}")
    return proc


# ------------------------------------------------------------------------------------------------------ parts


def run_doctor(device: str, out: Path, env: dict, parts: Parts) -> dict:
    proc = _cli(
        ["doctor", "--device", device, "--json", str(out / "doctor.json")],
        env,
        parts.left(600),
        out / "logs" / "doctor.log",
    )
    print(proc.stdout[-3000:])
    report = json.loads((out / "doctor.json").read_text())
    return {"verdict": report["verdict"], "checks": report["checks"], "exit": proc.returncode}


def run_gpu_tests(out: Path, env: dict, parts: Parts) -> dict:
    """pytest on the tests that need CUDA (a skip counts as a failure here: the point is that they ran)."""
    log = out / "logs" / "gpu-tests.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", *GPU_TESTS]
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=parts.left(300))
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError("the GPU tests timed out") from exc
    log.write_text(proc.stdout + "\n--- stderr\n" + proc.stderr)
    summary = (proc.stdout.strip().splitlines() or [""])[-1]
    print("   | " + summary, flush=True)
    if proc.returncode != 0 or "skipped" in summary:
        raise RuntimeError(f"GPU tests: {summary}")
    return {"summary": summary}


def build_corpus(out: Path, s: dict) -> dict:
    from megacxr.data.plan import StreamConfig
    from megacxr.models import PoolingConfig, ReportEncoder, TextModelConfig, export_encoder, init_model
    from megacxr.shards.build import build_shards
    from megacxr.shards.config import ShardBuildConfig
    from megacxr.synth import generate
    from megacxr.train.loop import report_texts

    info = generate("mimic-cxr", out / "data", studies=s["studies"], seed=0, image_size=s["image_px"])
    shards = out / "shards"
    build_shards(
        ShardBuildConfig(
            source="mimic-cxr",  # a public source: its PHI screen is off (the corpus is synthetic)
            images=str(out / "data" / info["images"]),
            reports=str(out / "data" / info["reports"]),
            out=str(shards),
            workers=max(1, min(8, (os.cpu_count() or 2) - 1)),
            progress=False,
            shard_samples=64,
        )
    )
    texts = report_texts(StreamConfig(manifests=[str(shards)]), limit=20000)
    extra = {"vocab_size": s["vocab"]} if s["vocab"] else {}
    dtype = "bfloat16" if s["precision"] == "bf16" else "float32"
    model = init_model(s["shape"], out / "model", texts=texts, seed=0, dtype=dtype, **extra)
    cfg = TextModelConfig(
        path=str(model), attention="sdpa", dtype=dtype, lora={"enabled": False}, pooling=PoolingConfig(kind="mean")
    )
    export_encoder(ReportEncoder.from_config(cfg), out / "export")
    return {"shards": str(shards), "model": str(model), "export": str(out / "export"), "reports": len(texts)}


def contrastive_sweep(device: str, s: dict, parts: Parts) -> list[dict]:
    c = s["contrastive"]
    rows = []
    for b in c["globals_"]:
        for method in bench_contrastive.methods(device):
            spec = {
                "method": method, "device": device, "b_local": c["b_local"], "b_global": b, "d": c["d"], "memory": True,
                "time": [method], "repeats": c["repeats"],
            }  # fmt: skip
            r = bench_contrastive.run_worker(spec, timeout=parts.left(600))
            rows.append({"b_global": b, "b_local": c["b_local"], "d": c["d"], "method": method, **r})
            print(f"   B={b} {method}: {r.get('peak', r.get('error'))}", flush=True)
            if r.get("stderr"):
                print("\n".join("   | " + line for line in r["stderr"].splitlines()[-8:]), flush=True)
    return rows


# DeepSpeed builds its fused Adam just in time (ninja + nvcc) at the first step on a GPU. Should that build fail on
# a lent machine, the profiles are still worth having: they are rerun with torch's AdamW, and the entry says so.
_BUILD_FAILURE = re.compile(r"(?i)fused_adam|op_builder|torch_extensions|ninja|nvcc|CUDA_HOME")
FALLBACK: dict[str, str] = {}


def profile(stage: str, overrides: list[str], out: Path, env: dict, s: dict, tag: str, parts: Parts) -> dict:
    path = out / f"profile-{tag}.json"
    args = ["profile", "--config", str(REPO / "configs" / f"{stage}.yaml"), "--mode", "model"]
    args += ["--steps", str(s["steps"]), "--warmup", str(s["warmup"]), "--json", str(path)]
    log = out / "logs" / f"profile-{tag}.log"
    extra = ["optim.name=torch_adamw"] if "optim" in FALLBACK else []
    try:
        _cli(args + overrides + extra, env, parts.left(1200), log)
    except RuntimeError as exc:
        if extra or not log.is_file() or not _BUILD_FAILURE.search(log.read_text()):
            raise
        FALLBACK["optim"] = f"torch_adamw (DeepSpeed's fused Adam failed: {exc})"
        print(f"   retrying with optim.name=torch_adamw: {exc}", flush=True)
        _cli(args + overrides + ["optim.name=torch_adamw"], env, parts.left(1200), log)
    result = json.loads(path.read_text())
    if "optim" in FALLBACK:
        result["optimizer_fallback"] = FALLBACK["optim"]
    return result


def text_overrides(corpus: dict, out: Path, s: dict, backend: str, stage: str) -> list[str]:
    return [
        f"preset={s['preset']}",
        f"{stage}.model.path={corpus['model']}",
        f"{stage}.model.attention={backend}",
        f"engine.precision={s['precision']}",
        f"data.stream.manifests=[{corpus['shards']}]",
        f"data.micro_batch={s['micro']}",
        f"data.token_budget={s['token_budget'] if s['token_budget'] else 'null'}",
        "data.num_workers=1",
        f"run.out_dir={out / 'runs'}",
        "run.init_model=null",
        "logging.wandb=disabled",
    ]


def clip_overrides(corpus: dict, out: Path, s: dict) -> list[str]:
    return [
        f"preset={s['preset']}",
        f"clip.tower.text_path={corpus['export']}",
        "clip.tower.text_mode=frozen_cached",
        "data.text.sentence_shuffle=0",  # one cached embedding per report
        "clip.tower.vision.kind=clip",
        "clip.tower.vision.path=",
        f"clip.tower.vision.shape={s['vision']}",
        f"clip.tower.vision.image_size={s['vision_px']}",
        f"clip.image.size={s['vision_px']}",
        f"engine.precision={s['precision']}",
        f"data.stream.manifests=[{corpus['shards']}]",
        f"data.micro_batch={s['clip_micro']}",
        "data.num_workers=2",
        f"run.out_dir={out / 'runs-clip'}",
        "logging.wandb=disabled",
    ]


# ----------------------------------------------------------------------------------------------------- report


def _mib(x) -> str:
    return f"{x / MIB:,.0f}" if isinstance(x, (int, float)) else "-"


def _median(v) -> float | None:
    v = sorted(v or [])
    return v[len(v) // 2] if v else None


def entry(parts: Parts, device: str, tiny: bool, total: float) -> list[str]:
    r = parts.results
    gpu = torch.cuda.get_device_name() if device == "cuda" else "no GPU"
    lines = [
        f"## {dt.date.today().isoformat()} GPU figures "
        f"(`benchmarks/gpu/run.sh{' --device cpu --tiny' if tiny else ''}`)",
        "",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs, {gpu}; Python {platform.python_version()}, "
        f"torch {torch.__version__}" + (f", CUDA {torch.version.cuda}" if device == "cuda" else ""),
        f"- commit: {git_commit()}; total {total:.0f} s"
        + ("; CPU dry run at toy sizes (the script's test, not GPU figures)" if tiny else ""),
        "",
        "| part | result | seconds |",
        "| --- | --- | ---: |",
    ]
    for name, res in r.items():
        lines.append(f"| {name} | {'ok' if res['ok'] else 'failed: ' + res['error']} | {res['seconds']:.0f} |")
    doc = r.get("doctor", {}).get("value")
    if doc:
        counts: dict[str, int] = {}
        for c in doc["checks"]:
            counts[c["status"]] = counts.get(c["status"], 0) + 1
        lines += ["", f"- doctor verdict **{doc['verdict']}**: " + ", ".join(f"{v} {k}" for k, v in counts.items())]
        for c in doc["checks"]:
            if c["status"] in ("ok", "wrong"):
                err = f"{c['max_error']:.1e}" if c.get("max_error") is not None else "-"
                note = f"; {c['note']}" if c["status"] == "wrong" and c.get("note") else ""
                lines.append(f"  - {c['name']}: {c['status']} (max error {err}, tolerance {c.get('tolerance')}{note})")
    rows = r.get("contrastive loss", {}).get("value")
    if rows:
        lines += [
            "",
            "Contrastive loss, one simulated rank (B_local rows against the gathered B x D columns, both directions, "
            "fp32, forward + backward; peak = memory during the step minus before it):",
            "",
            "| B global (W) | D | method | peak MiB | fwd + bwd s (median) | peak vs reference |",
            "| ---: | ---: | --- | ---: | ---: | ---: |",
        ]
        ref = {x["b_global"]: x.get("peak") for x in rows if x["method"] == "reference"}
        for x in rows:
            t = _median(x.get("times", {}).get(x["method"]))
            ratio = ""
            if (
                x["method"] != "reference"
                and isinstance(x.get("peak"), int)
                and isinstance(ref.get(x["b_global"]), int)
            ):
                ratio = f"{ref[x['b_global']] / x['peak']:.1f}x below"
            peak = _mib(x["peak"]) if "peak" in x else x.get("error", "-")
            lines.append(
                f"| {x['b_global']} ({x['b_global'] // x['b_local']}) | {x['d']} | {x['method']} | {peak} | "
                f"{f'{t:.3f}' if t is not None else '-'} | {ratio} |"
            )
    profs = [(k, v["value"]) for k, v in r.items() if k.startswith("profile ") and v["ok"]]
    if profs:
        lines += [
            "",
            "Model steps (`megacxr profile --mode model`: the training step on one batch kept in memory):",
            "",
            "| run | attention | precision | micro-batch | samples/s | tokens/s | TFLOP/s | MFU | peak MiB |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, p in profs:
            pr = p["per_rank"]
            mfu = f"{pr['mfu']:.1%}" if pr.get("mfu") is not None else "-"
            peak = p.get("peak_memory_mib")
            lines.append(
                f"| {name[len('profile ') :]} | {p['attention']} | {p['precision']} | {p['micro_batch']} | "
                f"{pr['samples_per_s']:.1f} | {pr['tokens_per_s']:,.0f} | {pr['tflops']:.2f} | {mfu} | "
                f"{f'{peak:,.0f}' if isinstance(peak, (int, float)) else '-'} |"
            )
    return lines


# ------------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--device", choices=["cuda", "cpu"], default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--tiny", action="store_true", help="toy sizes (the CPU dry run)")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "gpu" / "out", help="work folder")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    ap.add_argument("--report", type=Path, help="also copy the small result files (entry.md, JSON) here, e.g. $OUT")
    ap.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma list of parts to run, for a second run in a short lease (default: all of {', '.join(PARTS)})",
    )
    ap.add_argument(
        "--backends", help="comma list of attention backends for the text steps (default: every one present)"
    )
    ap.add_argument(
        "--micro",
        help="comma list of text micro-batches (default: the size's one); the first runs with the first backend, "
        "the others after every backend (how the step's fixed costs amortise)",
    )
    ap.add_argument(
        "--budget",
        type=float,
        help="seconds for the whole run (a lease): parts that no longer fit are skipped, in the order of their value",
    )
    args = ap.parse_args(argv)
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    if only - set(PARTS):
        ap.error(f"unknown part(s) {', '.join(sorted(only - set(PARTS)))}; choose from {', '.join(PARTS)}")
    if args.device == "cuda" and not torch.cuda.is_available():
        print("--device cuda: no CUDA device here (use --device cpu --tiny for the dry run)", file=sys.stderr)
        return 2
    s = sizes(args.tiny)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    threads = "1" if args.device == "cpu" else str(max(1, (os.cpu_count() or 2) // 2))
    path = os.pathsep.join(x for x in (str(REPO), os.environ.get("PYTHONPATH", "")) if x)  # keep run.sh's site
    env = {**os.environ, "PYTHONPATH": path, "WANDB_MODE": "disabled", "OMP_NUM_THREADS": threads}
    env.setdefault("TRITON_INTERPRET", "1" if args.device == "cpu" else os.environ.get("TRITON_INTERPRET", "0"))
    parts = Parts(args.budget)
    parts.on_part = lambda: write_report(parts, args, out, time.perf_counter() - parts.t0)
    est = s["estimates"]
    # In the order of their value, so a short lease keeps the most: the fast paths' correctness, the loss's memory,
    # then one backend of each model step and the clip step, then the other attention backends.
    if "doctor" in only:
        parts.run("doctor", run_doctor, args.device, out, env, parts, estimate=est["doctor"])
    if "gputests" in only and args.device == "cuda":
        parts.run("GPU tests", run_gpu_tests, out, env, parts, estimate=est.get("gputests", 0))
    corpus = None
    if only & {"mntp", "supcon", "clip"}:  # the model steps read the corpus and the model
        corpus = parts.run("corpus, model and export", build_corpus, out, s, estimate=est["corpus"])
    if "contrastive" in only:
        parts.run("contrastive loss", contrastive_sweep, args.device, s, parts, estimate=est["contrastive"])
    if corpus:
        backends = attention_backends(args.device)
        if args.backends:
            backends = [b for b in args.backends.split(",") if b in backends] or backends[:1]
        micros = [int(x) for x in args.micro.split(",")] if args.micro else s.get("micros", [s["micro"]])
        order = [(stage, backends[0], micros[0]) for stage in ("mntp", "supcon")] + [("clip", None, None)]
        order += [(stage, b, micros[0]) for b in backends[1:] for stage in ("mntp", "supcon")]
        order += [(stage, backends[0], m) for m in micros[1:] for stage in ("mntp", "supcon")]
        for stage, backend, micro in order:
            if stage not in only:
                continue
            if stage == "clip":
                over, name, tag = clip_overrides(corpus, out, s), "profile clip frozen_cached", "clip"
            else:
                over = text_overrides(corpus, out, s, backend, stage) + [f"data.micro_batch={micro}"]
                name, tag = f"profile {stage} {backend}", f"{stage}-{backend}"
                if micro != s["micro"]:
                    name, tag = f"{name} micro {micro}", f"{tag}-{micro}"
            kind = "clip" if stage == "clip" else "profile"
            parts.run(name, profile, stage, over, out, env, s, tag, parts, estimate=est[kind])
    lines = write_report(parts, args, out, time.perf_counter() - parts.t0)
    print("\n".join(lines))
    if args.record and not args.no_write:
        append_results(lines)
    failed = [k for k, v in parts.results.items() if not v["ok"]]
    if failed:
        print(f"\n{len(failed)} part(s) failed: {', '.join(failed)} (see above and {out / 'summary.json'})")
    return 1 if failed else 0


def write_report(parts: Parts, args, out: Path, total: float) -> list[str]:
    """The entry and the summary so far, and their copies in ``--report`` (rewritten after every part, so a run
    cut short by its lease still brings back what it measured). At most six files travel back: entry.md,
    summary.json, doctor.json, profiles.json (every profile, by tag) and logs.tar.gz (each launch's output)."""
    lines = entry(parts, args.device, args.tiny, total)
    (out / "entry.md").write_text("\n".join(lines) + "\n")
    (out / "summary.json").write_text(json.dumps(parts.results, indent=1, default=str))
    profiles = {p.stem[len("profile-") :]: json.loads(p.read_text()) for p in sorted(out.glob("profile-*.json"))}
    (out / "profiles.json").write_text(json.dumps(profiles, indent=1))
    if (out / "logs").is_dir():
        with tarfile.open(out / "logs.tar.gz", "w:gz") as tar:
            tar.add(out / "logs", arcname="logs")
    if args.report:
        args.report.mkdir(parents=True, exist_ok=True)
        for f in ["entry.md", "summary.json", "doctor.json", "profiles.json", "logs.tar.gz"]:
            if (out / f).is_file():
                shutil.copy2(out / f, args.report / f)
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
