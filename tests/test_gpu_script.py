"""``benchmarks/gpu/run.sh``, the one command for a lent GPU, run here as its CPU dry run (``--device cpu --tiny``):
every part runs (doctor, corpus + model + export, the contrastive sweep, the mntp / supcon steps per attention
backend a CPU trains with, the clip frozen_cached step) and the entry it would append says so; plus the part
runner's rule that a failing part is recorded and the next still runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
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
    # in the order of their value: one backend of each step and clip before the other backends
    want = ["doctor", "corpus, model and export", "contrastive loss", "profile mntp sdpa", "profile supcon sdpa"]
    want += ["profile clip frozen_cached", "profile mntp eager", "profile supcon eager"]
    assert list(summary) == want
    assert all(part["ok"] for part in summary.values())
    assert summary["doctor"]["value"]["verdict"] == "ok"
    rows = summary["contrastive loss"]["value"]
    assert {(r["b_global"], r["method"]) for r in rows} == {
        (b, m) for b in (512, 2048) for m in ("reference", "chunked")
    }
    assert all(r["peak"] > 0 and r["times"][r["method"]] for r in rows)
    for name in want[3:]:
        prof = summary[name]["value"]
        assert prof["per_rank"]["samples_per_s"] > 0 and prof["per_rank"]["tflops"] > 0, name
    # what travels back from a lent machine: six files at most, every profile in one, every launch's log
    assert sorted(p.name for p in report.iterdir()) == sorted(
        ["entry.md", "summary.json", "doctor.json", "profiles.json", "logs.tar.gz"]
    )
    profiles = json.loads((report / "profiles.json").read_text())
    assert sorted(profiles) == ["clip", "mntp-eager", "mntp-sdpa", "supcon-eager", "supcon-sdpa"]
    with tarfile.open(report / "logs.tar.gz") as tar:
        assert "logs/profile-clip.log" in tar.getnames() and "logs/doctor.log" in tar.getnames()
    clip = profiles["clip"]
    assert clip["stage"] == "clip" and clip["flops_per_step"]["vision_linear"] > 0
    entry = (report / "entry.md").read_text()
    assert (
        entry.startswith("## ") and "| profile clip frozen_cached | ok |" in entry and "doctor verdict **ok**" in entry
    )


@pytest.mark.slow  # over 7 s: `make test` and CI run it, `make test-fast` does not
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


def test_a_budget_skips_the_parts_that_no_longer_fit_and_caps_the_subprocesses():
    seen = []
    parts = gpu_run.Parts(budget=100.0, on_part=lambda: seen.append(len(parts.results)))
    assert parts.run("fits", lambda: 1, estimate=50) == 1
    assert 95 <= parts.left(600) <= 100 and parts.left(30) == 30
    parts.t0 -= 80  # 80 s of the lease spent
    assert parts.run("too long", lambda: 2, estimate=50) is None
    assert parts.results["too long"] == {"ok": False, "seconds": 0.0, "error": "skipped: out of the time budget"}
    assert parts.left(600) <= 20
    assert parts.run("short", lambda: 3, estimate=10) == 3
    assert seen == [1, 3]  # the report is rewritten after each part that ran
    assert gpu_run.Parts().left(600) == 600  # no budget: the part's own cap


@pytest.mark.slow  # over 7 s: `make test` and CI run it, `make test-fast` does not
def test_the_gpu_tests_part_counts_a_skip_as_a_failure(tmp_path):
    # on this CPU the flash test skips: on the lent GPU that would mean the check did not run
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with pytest.raises(RuntimeError, match="skipped"):
        gpu_run.run_gpu_tests(tmp_path, env, gpu_run.Parts())
    assert "passed" in (tmp_path / "logs" / "gpu-tests.log").read_text()  # the varlen signatures ran
