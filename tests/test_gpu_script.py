"""``benchmarks/gpu/run.sh``, the one command for a lent GPU, run here as its CPU dry run (``--device cpu --tiny``):
every part runs (doctor, corpus + model + export, the contrastive sweep, the mntp / supcon steps per attention
backend a CPU trains with, the clip frozen_cached step) and the entry it would append says so; plus the part
runner's rule that a failing part is recorded and the next still runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks" / "gpu"))

import run as gpu_run  # noqa: E402


@pytest.mark.slow
def test_the_gpu_script_dry_run_on_cpu_runs_every_part(tmp_path):
    results = REPO / "benchmarks" / "RESULTS.md"
    before = results.read_bytes()
    report = tmp_path / "report"
    proc = subprocess.run(
        ["bash", str(REPO / "benchmarks" / "gpu" / "run.sh"), "--device", "cpu", "--tiny"]
        + ["--out", str(tmp_path / "work"), "--no-write", "--report", str(report)],
        cwd=REPO,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, (proc.stdout[-3000:], proc.stderr[-3000:])
    assert results.read_bytes() == before, "--no-write appended to RESULTS.md"
    summary = json.loads((report / "summary.json").read_text())
    want = ["doctor", "corpus, model and export", "contrastive loss"]
    want += [f"profile {s} {b}" for s in ("mntp", "supcon") for b in ("sdpa", "eager")]
    assert list(summary) == want + ["profile clip frozen_cached"]
    assert all(part["ok"] for part in summary.values())
    assert summary["doctor"]["value"]["verdict"] == "ok"
    rows = summary["contrastive loss"]["value"]
    assert {(r["b_global"], r["method"]) for r in rows} == {
        (b, m) for b in (512, 2048) for m in ("reference", "chunked")
    }
    assert all(r["peak"] > 0 and r["times"][r["method"]] for r in rows)
    for name in want[3:] + ["profile clip frozen_cached"]:
        prof = summary[name]["value"]
        assert prof["per_rank"]["samples_per_s"] > 0 and prof["per_rank"]["tflops"] > 0, name
    clip = json.loads((report / "profile-clip.json").read_text())
    assert clip["stage"] == "clip" and clip["flops_per_step"]["vision_linear"] > 0
    entry = (report / "entry.md").read_text()
    assert (
        entry.startswith("## ") and "| profile clip frozen_cached | ok |" in entry and "doctor verdict **ok**" in entry
    )


def test_only_runs_the_parts_asked_for_and_refuses_unknown_ones(tmp_path, capsys):
    assert (
        gpu_run.main(["--device", "cpu", "--tiny", "--out", str(tmp_path), "--no-write", "--only", "contrastive"]) == 0
    )
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert list(summary) == ["contrastive loss"] and summary["contrastive loss"]["ok"]
    with pytest.raises(SystemExit):
        gpu_run.main(["--device", "cpu", "--only", "doctor,warp"])
    assert "unknown part(s) warp" in capsys.readouterr().err


def test_a_failing_part_is_recorded_and_the_next_one_runs():
    parts = gpu_run.Parts()

    def broken():
        raise RuntimeError("first line\nthe reason")

    assert parts.run("broken", broken) is None
    assert parts.run("fine", lambda: 3) == 3
    assert parts.results["broken"] == {
        "ok": False,
        "seconds": parts.results["broken"]["seconds"],
        "error": "RuntimeError: the reason",
    }
    assert parts.results["fine"]["ok"] and parts.results["fine"]["value"] == 3
    lines = gpu_run.entry(parts, "cpu", True, 1.0)
    assert any(line.startswith("| broken | failed: RuntimeError: the reason |") for line in lines)
