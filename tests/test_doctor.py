"""``megacxr doctor`` on CPU: every CPU-capable fast path is checked against its reference (Triton through its
interpreter), the JSON has the documented shape, and a deliberately wrong fast path makes it exit 1."""

from __future__ import annotations

import json

import pytest
import torch
from helpers.cli import run_cli

from megacxr import doctor
from megacxr.kernels.attention.backends import flex_cpu_compiles

CHECK_FIELDS = {"name", "status", "max_error", "tolerance", "ms_reference", "ms_fast", "note"}
ENV_FIELDS = {
    "python", "versions", "cuda", "nccl", "gpus", "accelerators", "deepspeed_ops", "dev_shm_gib",
    "open_files_limit", "cpu_cores", "planned_loader_workers", "threads", "nccl_env",
}  # fmt: skip


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_doctor_on_cpu_checks_every_cpu_path_and_writes_the_json(tmp_path):
    out = tmp_path / "doctor.json"
    res = run_cli("doctor", "--device", "cpu", "--json", str(out), env={"TRITON_INTERPRET": "1"}, timeout=240)
    assert res.returncode == 0, res.stderr[-2000:]
    report = json.loads(out.read_text())
    assert report["device"] == "cpu" and report["verdict"] == "ok" and set(report["environment"]) == ENV_FIELDS
    assert report["environment"]["accelerators"]["triton"]["installed"] is True
    checks = {c["name"]: c for c in report["checks"]}
    assert all(set(c) == CHECK_FIELDS for c in checks.values())
    cpu_paths = [
        "attention: sdpa packed (fp32)", "attention: sdpa padded (fp32)", "attention: sdpa packed (bf16)",
        "attention: sdpa padded (bf16)", "contrastive loss: chunked (fp32)", "contrastive loss: chunked (bf16)",
        "contrastive loss: triton (fp32)", "contrastive loss: triton (bf16)", "linear cross-entropy: chunked (fp32)",
    ]  # fmt: skip
    for name in cpu_paths:
        c = checks[name]
        assert c["status"] == "ok" and 0 <= c["max_error"] <= c["tolerance"] and c["ms_fast"] > 0, c
    if flex_cpu_compiles():
        flex = checks["attention: flex (fp32, 2 lengths)"]  # compiled, two shapes in one process, forward on CPU
        assert flex["status"] == "ok" and flex["max_error"] <= flex["tolerance"] and "forward only" in flex["note"]
    else:  # a CPU without AVX-512: the compiled kernel is wrong there, the encoder refuses flex, doctor says why
        assert checks["attention: flex"]["status"] == "skipped" and "AVX-512" in checks["attention: flex"]["note"]
    if not torch.cuda.is_available():
        assert checks["attention: flash varlen"]["status"] in ("not installed", "unusable")
    assert "every installed fast path usable here agrees" in res.stdout and "verdict" in res.stdout


def test_a_wrong_fast_path_makes_doctor_exit_1(monkeypatch, tmp_path, capsys):
    real = doctor.linear_cross_entropy

    def off_by_one_percent(*args, impl="auto", **kwargs):
        loss = real(*args, impl=impl, **kwargs)
        return loss if impl == "reference" else loss * 1.01

    monkeypatch.setattr(doctor, "linear_cross_entropy", off_by_one_percent)
    assert doctor.main(["--device", "cpu", "--json", str(tmp_path / "d.json")]) == 1
    report = json.loads((tmp_path / "d.json").read_text())
    bad = [c for c in report["checks"] if c["status"] == "wrong"]
    assert report["verdict"] == "wrong" and [c["name"] for c in bad] == ["linear cross-entropy: chunked (fp32)"]
    assert bad[0]["max_error"] > bad[0]["tolerance"]
    assert "disagree with their reference" in capsys.readouterr().err


def test_a_fast_path_that_raises_is_reported_wrong_and_the_other_checks_still_run(monkeypatch, tmp_path):
    def raises(*args, **kwargs):
        raise TypeError("varlen_attn() got an unexpected keyword argument 'enable_gqa'")

    # the flash kernel as it first ran on a GPU (a torch of another signature), and a whole group that raises
    monkeypatch.setattr(doctor, "varlen_kernel", lambda device="cuda": raises)
    monkeypatch.setattr(doctor, "_bnb_check", raises)
    assert doctor.main(["--device", "cpu", "--json", str(tmp_path / "d.json")]) == 1
    report = json.loads((tmp_path / "d.json").read_text())
    checks = {c["name"]: c for c in report["checks"]}
    assert report["verdict"] == "wrong"
    for name in ("attention: flash varlen (bf16)", "bitsandbytes AdamW8bit step"):
        assert checks[name]["status"] == "wrong" and "raised TypeError: varlen_attn()" in checks[name]["note"]
    assert checks["contrastive loss: chunked (fp32)"]["status"] == "ok"  # the next groups ran
    assert checks["apex fused RMSNorm"]["status"] in ("not installed", "unusable")
