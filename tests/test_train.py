"""The training loop in one process (``python -m megacxr.train``, the real CLI): configs and the DeepSpeed JSON,
optional optimizers' fallbacks, MNTP learning on the synthetic corpus, exact resume, checkpoint rotation."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os

import pytest
import torch
from helpers.cli import read_metrics, run_cli, train_cli

from megacxr.errors import ConfigError
from megacxr.train.config import load_train_config
from megacxr.train.engine import arch_list_for_deepspeed, deepspeed_config, maybe_apex_rmsnorm, resolve_optimizer

CONFIGS = __import__("pathlib").Path(__file__).resolve().parent.parent / "configs"


# ------------------------------------------------------------------------------------------ config, JSON


def test_stage_configs_presets_and_overrides():
    cfg = load_train_config(CONFIGS / "mntp.yaml", ["run.max_steps=7", "optim.lr=3e-4"])
    assert cfg.stage == "mntp" and cfg.preset == "tiny" and cfg.run.init_model == "tiny"
    assert cfg.run.max_steps == 7 and cfg.optim.lr == 3e-4 and cfg.mntp.model.lora.r == 16
    big = load_train_config(CONFIGS / "supcon.yaml", ["preset=llama-3.2-1b"])
    assert big.preset == "llama-3.2-1b" and big.supcon.model.pooling.kind == "latent_attention"
    assert (
        big.supcon.model.pooling.latents == 512
        and big.supcon.model.dtype == "bfloat16"
        and big.supcon.model.gradient_checkpointing
    )
    assert big.supcon.model.path == "runs/mntp/export"  # the stage file wins over the preset
    assert big.run.init_model is None
    eight = load_train_config(CONFIGS / "mntp.yaml", ["preset=llama-3.1-8b"])
    assert eight.mntp.model.path.endswith("Llama-3.1-8B-Instruct") and eight.engine.zero_stage == 3
    with pytest.raises(ConfigError, match="optim.lrr"):
        load_train_config(CONFIGS / "mntp.yaml", ["optim.lrr=1"])
    with pytest.raises(ConfigError, match="preset"):
        load_train_config(CONFIGS / "mntp.yaml", ["preset=nope"])
    with pytest.raises(ConfigError, match="engine.zero_stage"):
        load_train_config(CONFIGS / "mntp.yaml", ["engine.zero_stage=4"])


def test_deepspeed_json_is_generated_from_the_config():
    cfg = load_train_config(
        CONFIGS / "supcon.yaml",
        [
            "data.micro_batch=6",
            "engine.grad_accum=3",
            "engine.zero_stage=3",
            "engine.precision=bf16",
            "optim.warmup_steps=10",
            "run.max_steps=100",
            "optim.grad_clip=2.5",
            "optim.min_lr_ratio=0.1",
            "engine.extra={zero_optimization: {stage3_prefetch_bucket_size: 1000}}",
        ],
    )
    ds = deepspeed_config(cfg, world_size=4)
    assert ds["train_batch_size"] == 6 * 3 * 4 and ds["train_micro_batch_size_per_gpu"] == 6
    assert ds["gradient_accumulation_steps"] == 3 and ds["gradient_clipping"] == 2.5
    assert ds["zero_optimization"]["stage"] == 3 and ds["zero_optimization"]["stage3_prefetch_bucket_size"] == 1000
    assert ds["bf16"]["enabled"] and not ds["fp16"]["enabled"]
    assert ds["optimizer"]["type"] == "AdamW" and ds["optimizer"]["params"]["lr"] == cfg.optim.lr
    sched = ds["scheduler"]
    assert sched["type"] == "WarmupCosineLR" and sched["params"]["total_num_steps"] == 101
    assert sched["params"]["warmup_num_steps"] == 10 and sched["params"]["cos_min_ratio"] == 0.1
    # the rate of updates 1..100 (update u runs at iteration u): no update at 0, the peak after the warmup, the
    # floor only at the last one
    from deepspeed.runtime.lr_schedules import WarmupCosineLR

    peak = float(cfg.optim.lr)
    sched_obj = WarmupCosineLR(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=peak), **sched["params"])
    lrs = []
    for update in range(1, 101):
        sched_obj.step(update)
        lrs.append(sched_obj.get_lr()[0])
    assert lrs[0] == pytest.approx(peak / 10) and min(lrs) == pytest.approx(0.1 * peak) == lrs[-1]
    assert lrs[-2] > lrs[-1] and max(lrs) == pytest.approx(peak, rel=1e-3) and lrs[9] == pytest.approx(max(lrs))
    flat = deepspeed_config(
        load_train_config(CONFIGS / "mntp.yaml", ["optim.warmup_steps=0", "optim.schedule=constant"]), 1
    )
    # no warmup: DeepSpeed needs one warmup step, which must already run at the full rate
    assert flat["scheduler"]["params"]["warmup_min_lr"] == flat["scheduler"]["params"]["warmup_max_lr"]
    torch_opt = deepspeed_config(load_train_config(CONFIGS / "mntp.yaml", ["optim.name=torch_adamw"]), 1)
    assert "optimizer" not in torch_opt and torch_opt["zero_allow_untested_optimizer"]


def test_zero_1_and_2_buckets_are_sized_to_the_trainable_parameters():
    """ZeRO-1/2 allocate their reduction bucket at every micro-step: as large as the trainable parameters, at most
    DeepSpeed's default; ZeRO-3 keeps its own settings, engine.extra wins, and no count means DeepSpeed's default."""
    for stage in (1, 2):
        cfg = load_train_config(CONFIGS / "mntp.yaml", [f"engine.zero_stage={stage}"])
        zero = deepspeed_config(cfg, 2, trainable=89_792)["zero_optimization"]
        assert zero["reduce_bucket_size"] == zero["allgather_bucket_size"] == 89_792
        assert deepspeed_config(cfg, 2, trainable=8 * 10**9)["zero_optimization"]["reduce_bucket_size"] == 5 * 10**8
        assert "reduce_bucket_size" not in deepspeed_config(cfg, 2)["zero_optimization"]
    zero3 = deepspeed_config(load_train_config(CONFIGS / "mntp.yaml", ["engine.zero_stage=3"]), 2, trainable=10)
    assert "reduce_bucket_size" not in zero3["zero_optimization"]
    extra = ["engine.zero_stage=2", "engine.extra={zero_optimization: {reduce_bucket_size: 12345}}"]
    zero = deepspeed_config(load_train_config(CONFIGS / "mntp.yaml", extra), 2, trainable=89_792)["zero_optimization"]
    assert zero["reduce_bucket_size"] == 12345 and zero["allgather_bucket_size"] == 89_792


@pytest.mark.skipif(importlib.util.find_spec("bitsandbytes") is not None, reason="bitsandbytes is installed")
def test_8bit_adam_falls_back_to_deepspeed_adamw_without_bitsandbytes(caplog):
    with caplog.at_level("WARNING", logger="megacxr.train"):
        assert resolve_optimizer("adamw_8bit") == "adamw"
    assert "bitsandbytes" in caplog.text
    cfg = load_train_config(CONFIGS / "mntp.yaml", ["optim.name=adamw_8bit"])
    assert deepspeed_config(cfg, 1)["optimizer"]["type"] == "AdamW"


@pytest.mark.parametrize(
    "value, fixed",
    [
        ("8.0;9.0a", "8.0;9.0"),  # what an H200 image set: DeepSpeed's fused Adam did not build
        ("9.0a+PTX", "9.0+PTX"),
        ("8.0 9.0a 10.0a 10.0f 12.0f", "8.0;9.0;10.0;12.0"),
        ("sm_90a;sm_100", "9.0;10.0"),
        ("8.0;8.6;9.0+PTX", None),  # already readable: left alone
        ("Hopper", None),  # not a list of architectures: left to DeepSpeed
    ],
)
def test_an_arch_list_deepspeed_cannot_read_is_rewritten_before_its_fused_adam_builds(
    monkeypatch, caplog, value, fixed
):
    from deepspeed.ops.op_builder.fused_adam import FusedAdamBuilder  # the CUDA builder, whatever the accelerator

    assert arch_list_for_deepspeed(value) == fixed
    builder = FusedAdamBuilder()
    builder.jit_mode = True
    monkeypatch.setenv("TORCH_CUDA_ARCH_LIST", value)
    if fixed is not None and "sm_" not in value:  # DeepSpeed's own parser fails on the raw list
        with pytest.raises(ValueError, match="invalid literal for int"):
            builder.compute_capability_args()
    with caplog.at_level("WARNING", logger="megacxr.train"):
        assert resolve_optimizer("adamw") == "adamw"
    assert os.environ["TORCH_CUDA_ARCH_LIST"] == (fixed or value)
    assert ("cannot read" in caplog.text) == (fixed is not None)
    if fixed is not None:
        builder.compute_capability_args()  # and reads the rewritten one


def test_apex_paths_fall_back_without_nvidia_apex(caplog):
    try:
        importlib.import_module("apex.optimizers")
        pytest.skip("NVIDIA apex is installed")
    except ImportError:
        pass
    with caplog.at_level("WARNING", logger="megacxr.train"):
        assert resolve_optimizer("apex_fused_adam") == "adamw"
    assert "apex" in caplog.text
    from transformers import LlamaConfig, LlamaForCausalLM

    model = LlamaForCausalLM(
        LlamaConfig(
            hidden_size=16,
            intermediate_size=32,
            num_hidden_layers=1,
            num_attention_heads=2,
            num_key_value_heads=1,
            vocab_size=50,
        )
    )
    before = [type(m).__name__ for m in model.modules()]
    assert maybe_apex_rmsnorm(model) == 0 and [type(m).__name__ for m in model.modules()] == before
    assert resolve_optimizer("adamw") == "adamw" and resolve_optimizer("torch_adamw") == "torch_adamw"


# ------------------------------------------------------------------------------------------- real runs


def _args(corpus, out, *extra):
    shards, model = corpus
    return [
        "--config",
        str(CONFIGS / "mntp.yaml"),
        f"mntp.model.path={model}",
        f"data.stream.manifests=[{shards}]",
        f"run.out_dir={out}",
        "data.num_workers=1",
        "logging.wandb=disabled",
        *extra,
    ]


@pytest.mark.slow
def test_mntp_loss_falls_on_the_demo_corpus(train_corpus, tmp_path):
    train_cli(
        _args(
            train_corpus,
            tmp_path / "run",
            "run.max_steps=60",
            "run.log_every=5",
            "optim.lr=2e-3",
            "optim.warmup_steps=5",
            "mntp.model.lora.enabled=false",
            "engine.precision=fp32",
        )
    )
    m = read_metrics(tmp_path / "run")
    assert [r["step"] for r in m] == [1] + list(range(5, 61, 5))  # step 1 at once, then every log_every
    assert [r["window_steps"] for r in m] == [1, 4] + [5] * 11
    first, last = m[0]["loss"], sum(r["loss"] for r in m[-2:]) / 2
    assert last < first - 0.5, f"MNTP loss did not fall: {first:.3f} -> {last:.3f}"
    assert all(r["tokens_per_s"] > 0 and r["masked_tokens"] > 0 and r["grad_norm"] is not None for r in m)
    export = tmp_path / "run" / "export"
    assert (export / "model.safetensors").is_file() and (export / "tokenizer.json").is_file()
    card = (export / "README.md").read_text()  # the model card: what, from what, how to load, what not for
    assert card.startswith("---\nlibrary_name: sentence-transformers") and "# megacxr mntp export" in card
    assert "trained to step 60 of 60" in card and "SentenceTransformer(" in card and "Not a medical device" in card
    assert "`shards`" in card  # the shard folder's name, nothing of its reports


@pytest.mark.slow
def test_resume_continues_with_identical_losses(train_corpus, tmp_path):
    """ZeRO-3, one process: 8 steps straight vs 4 steps, exit, resume to 8: the same losses at steps 5-8."""
    common = [
        "run.max_steps=8",
        "run.log_every=1",
        "engine.zero_stage=3",
        "engine.precision=fp32",
        "run.deterministic=true",
        "optim.warmup_steps=2",
        "run.export=false",
        "run.keep_last=2",
    ]
    train_cli(_args(train_corpus, tmp_path / "straight", *common))
    train_cli(_args(train_corpus, tmp_path / "resumed", *common, "run.stop_after=4"))
    ckpts = tmp_path / "resumed" / "checkpoints"
    assert (ckpts / "latest").read_text().strip() == "step00000004"
    res = run_cli("train", *_args(train_corpus, tmp_path / "resumed", *common), "--resume", check=True)
    assert "resumed from" in res.stderr and " eta " in res.stderr  # the time left, in every progress line
    straight = {r["step"]: r for r in read_metrics(tmp_path / "straight")}
    resumed = {r["step"]: r for r in read_metrics(tmp_path / "resumed")}
    peak = load_train_config(CONFIGS / "mntp.yaml", []).optim.lr
    assert straight[1]["lr"] == pytest.approx(peak / 2, rel=1e-9)  # warmup 2: no update at lr 0
    assert sorted(resumed) == list(range(1, 9))
    for step in range(1, 9):
        assert resumed[step]["loss"] == pytest.approx(straight[step]["loss"], rel=1e-6, abs=1e-7), step
        assert resumed[step]["lr"] == pytest.approx(straight[step]["lr"], rel=1e-9)
    # keep_last=2: the end-of-run checkpoint and the one before; nothing partial left behind
    assert sorted(p.name for p in ckpts.glob("step*")) == ["step00000004", "step00000008"]
    meta = json.loads((ckpts / "step00000008" / "meta.json").read_text())
    assert meta["step"] == 8 and meta["stage"] == "mntp" and meta["max_steps"] == 8
    # another max_steps on resume would reshape the schedule: one line naming the setting, unless meant
    longer = [*common[1:], "run.max_steps=11"]
    res = run_cli("train", *_args(train_corpus, tmp_path / "resumed", *longer), "--resume")
    assert res.returncode != 0 and "run.max_steps" in res.stderr and "run.reschedule" in res.stderr
    assert "Traceback" not in res.stderr
    again = _args(train_corpus, tmp_path / "resumed", *longer, "run.reschedule=true", "run.stop_after_steps=2")
    run_cli("train", *again, "--resume", check=True)
    assert (ckpts / "latest").read_text().strip() == "step00000010"  # two steps from where it resumed, not 11
    assert max(r["step"] for r in read_metrics(tmp_path / "resumed")) == 10
    assert (tmp_path / "resumed" / "metrics.png").is_file()  # drawn at the end of every invocation


def _signal_after_three_steps(cmd: list[str], out, sig, group: bool = False):
    """Start ``cmd`` (in a process group of its own), send ``sig`` once 3 metric lines exist (to the whole group
    with ``group``, as a scheduler does), and return (returncode, stdout, stderr)."""
    import os
    import subprocess
    import time

    from helpers.cli import REPO

    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "WANDB_MODE": "disabled"}
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None:
            if (out / "metrics.jsonl").is_file() and len(read_metrics(out)) >= 3:
                break
            time.sleep(0.2)
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        os.killpg(proc.pid, sig) if group else proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
    return proc.returncode, stdout, stderr


@pytest.mark.slow
def test_sigterm_checkpoints_exits_zero_and_the_same_command_resumes(train_corpus, tmp_path):
    import signal
    import sys

    out = tmp_path / "run"
    args = _args(train_corpus, out, "run.max_steps=400", "run.log_every=1", "run.export=false", "engine.precision=fp32")
    code, stdout, stderr = _signal_after_three_steps(
        [sys.executable, "-m", "megacxr.train", *args], out, signal.SIGTERM
    )
    assert code == 0, stderr[-3000:]
    assert "SIGTERM" in stderr and "stopped at step" in stdout
    stopped = int((out / "checkpoints" / "latest").read_text().strip().removeprefix("step"))
    assert 3 <= stopped < 400 and read_metrics(out)[-1]["step"] == stopped
    # a stop file does the same, and is removed once the checkpoint is written
    (out / "STOP").touch()
    res = train_cli(args)
    assert "resumed from" in res.stderr and "stop file" in res.stderr and not (out / "STOP").exists()
    assert int((out / "checkpoints" / "latest").read_text().strip().removeprefix("step")) == stopped + 1
    train_cli(
        args[:-3]
        + [
            "run.max_steps=12" if stopped < 12 else f"run.max_steps={stopped + 2}",
            "run.reschedule=true",  # a shorter run than the interrupted one: the schedule is meant to change
            "run.export=false",
            "engine.precision=fp32",
        ]
    )


class Payload:
    """Stands for an arbitrary pickled object planted in a checkpoint."""

    def __reduce__(self):
        return (print, ("this must never run",))


def test_checkpoint_loading_unpickles_no_arbitrary_objects(tmp_path, capsys):
    from deepspeed.runtime.zero.config import ZeroStageEnum

    from megacxr.train.checkpoint import weights_only_loading

    good, bad = tmp_path / "good.pt", tmp_path / "bad.pt"
    torch.save({"w": torch.ones(2), "stage": ZeroStageEnum.weights}, good)
    torch.save({"w": torch.ones(2), "x": Payload()}, bad)
    with weights_only_loading():
        assert torch.load(good, weights_only=False)["stage"] == ZeroStageEnum.weights  # DeepSpeed passes False
        with pytest.raises(Exception, match="print|Unsupported global"):
            torch.load(bad, weights_only=False)
    assert "this must never run" not in capsys.readouterr().out


def test_metrics_go_to_wandb_offline_by_default(tmp_path):
    """wandb is in the ``train`` extra: the default logging config writes an offline run (no network)."""
    from megacxr.train.config import LoggingConfig
    from megacxr.train.metrics import MetricsLogger

    logger = MetricsLogger(tmp_path, True, LoggingConfig(), {"stage": "mntp"})
    logger.log({"step": 1, "loss": 2.5})
    logger.close()
    runs = list((tmp_path / "wandb").glob("offline-run-*"))
    assert len(runs) == 1 and list(runs[0].glob("*.wandb"))
    assert json.loads((tmp_path / "metrics.jsonl").read_text())["loss"] == 2.5


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_megacxr_plot_draws_a_runs_curves_and_names_a_folder_without_metrics(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    rows = [{"step": s, "loss": 4.0 - s / 10, "lr": 1e-4, "samples_per_s": 100.0 + s} for s in range(1, 21)]
    rows[5]["loss_label"], rows[9]["val_R@1"] = 3.0, 0.2
    (run / "metrics.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + '\n{"step": 21, "lo')  # cut short
    res = run_cli("plot", str(run), check=True)
    assert "metrics.png" in res.stdout and (run / "metrics.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    res = run_cli("plot", str(tmp_path))
    assert res.returncode != 0 and "metrics.jsonl" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.slow
def test_megacxr_export_writes_any_kept_checkpoint(train_corpus, tmp_path):
    """``megacxr export RUN --checkpoint best|latest|stepN``: latest equals the run's own end export bit for bit;
    best is the one validation chose, named in its card with the validation logged there; a step not kept is
    refused with the kept ones listed."""
    from safetensors.torch import load_file

    run = tmp_path / "run"
    extra = ["run.max_steps=6", "run.save_every=2", "run.keep_last=5", "eval.every=2", "eval.split=train"]
    train_cli(_args(train_corpus, run, *extra, "eval.max_batches=2", "engine.precision=fp32", "optim.lr=2e-3"))

    def export(*args):
        return run_cli("export", str(run), *args, env={"OMP_NUM_THREADS": "1", "WANDB_MODE": "disabled"})

    res = export("--checkpoint", "latest", "--out", str(tmp_path / "latest"))
    assert res.returncode == 0, res.stderr[-3000:]
    end, latest = load_file(run / "export" / "model.safetensors"), load_file(tmp_path / "latest" / "model.safetensors")
    assert end.keys() == latest.keys() and all(torch.equal(end[k], latest[k]) for k in end)
    best = json.loads((run / "checkpoints" / "best.json").read_text())
    res = export()  # --checkpoint best, into <run>/export-<tag>
    assert res.returncode == 0, res.stderr[-3000:]
    card = (run / f"export-{best['tag']}" / "README.md").read_text()
    assert f"trained to step {best['step']} of 6" in card and f"validation's best checkpoint ({best['tag']}" in card
    assert f"val_loss {best['value']:.4f}" in card
    res = export("--checkpoint", "step3")
    assert res.returncode == 2 and "no checkpoint at step 3; kept: step00000002" in res.stderr, res.stderr[-2000:]


@pytest.mark.slow
def test_the_launch_wrapper_exits_zero_without_a_traceback_on_a_group_sigterm(train_corpus, tmp_path):
    """``python -m megacxr.train.launch`` (torchrun's arguments): SIGTERM to the whole process group, as a
    scheduler sends it, ends with every rank's checkpoint, exit status 0 and no traceback (plain torchrun prints
    a SignalException traceback and exits 1)."""
    import signal
    import sys

    from helpers.cli import free_port

    out = tmp_path / "run"
    args = _args(train_corpus, out, "run.max_steps=400", "run.log_every=1", "run.export=false", "engine.precision=fp32")
    cmd = [sys.executable, "-m", "megacxr.train.launch", "--nproc_per_node", "2", "--master_port", str(free_port())]
    code, stdout, stderr = _signal_after_three_steps([*cmd, "-m", "megacxr.train", *args], out, signal.SIGTERM, True)
    assert code == 0, stderr[-3000:]
    assert "Traceback" not in stderr and "SignalException" not in stderr, stderr[-3000:]
    assert "SIGTERM received; every rank checkpointed and exited 0" in stdout
    stopped = int((out / "checkpoints" / "latest").read_text().strip().removeprefix("step"))
    assert 3 <= stopped < 400 and read_metrics(out)[-1]["step"] == stopped


def test_the_small_preset_is_a_real_architecture_of_tens_of_millions_of_parameters():
    from megacxr.models.shapes import parameter_count, shape_config
    from megacxr.models.vision import vision_parameter_count

    for stage in ("mntp", "supcon", "clip"):
        cfg = load_train_config(CONFIGS / f"{stage}.yaml", ["preset=small"])
        assert cfg.preset == "small" and cfg.stage_config is not None
    clip = load_train_config(CONFIGS / "clip.yaml", ["preset=small"]).clip.tower
    assert clip.vision.shape == "small-vit" and not clip.vision.path
    mntp = load_train_config(CONFIGS / "mntp.yaml", ["preset=small"])
    assert (
        mntp.run.init_model == "small" and not mntp.mntp.model.lora.enabled
    )  # built at mntp.model.path, nothing to fetch
    text = parameter_count(shape_config("small", vocab_size=8000))
    assert 10e6 < text < 100e6 and 10e6 < vision_parameter_count("small-vit") < 100e6


@pytest.mark.slow
def test_the_small_preset_trains_from_nothing_but_the_shards(train_corpus, tmp_path):
    shards, _ = train_corpus
    args = [
        "--config", str(CONFIGS / "mntp.yaml"), "preset=small", f"mntp.model.path={tmp_path / 'small-model'}",
        f"data.stream.manifests=[{shards}]", f"run.out_dir={tmp_path / 'run'}", "data.num_workers=1",
        "logging.wandb=disabled", "run.max_steps=2", "engine.precision=fp32", "data.micro_batch=4",
        "data.text.max_length=64", "run.export=false",
    ]  # fmt: skip
    train_cli(args)
    m = read_metrics(tmp_path / "run")
    assert m[-1]["step"] == 2 and all(r["loss"] == r["loss"] for r in m)
    config = json.loads((tmp_path / "small-model" / "config.json").read_text())
    assert (config["hidden_size"], config["num_hidden_layers"]) == (512, 8)
