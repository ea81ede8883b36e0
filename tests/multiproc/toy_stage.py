"""A fourth stage added the way README's "Adding a stage" says: its typed config (with a knob of its own), one class
behind the ``Stage`` interface and one registry entry, then trained by the unchanged loop and measured by the
unchanged profiler (argv: workdir shards model)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import torch
import yaml
from torch import nn

from megacxr.data.batches import BatchRecipe, mntp_batches
from megacxr.data.masking import MaskingConfig
from megacxr.data.recipes import text_inputs
from megacxr.models import ReportEncoder
from megacxr.profile import main as profile_main
from megacxr.train.__main__ import main as train_main
from megacxr.train.stages import STAGES
from megacxr.train.stages.base import ReportEncoderConfig, ReportEncoderStage, StepOutput, text_tokens


@dataclass
class NormConfig(ReportEncoderConfig):
    """``norm.*``: the report encoder (``model``) and the RMS the embeddings are pulled to."""

    target_rms: float = 1.0


class NormModule(nn.Module):
    """Pull the mean-pooled report embeddings towards unit RMS (a loss with no use but a clear optimum)."""

    def __init__(self, encoder: nn.Module, target_rms: float):
        super().__init__()
        self.encoder = encoder
        self.target = float(target_rms) ** 2

    def forward(self, batch: dict) -> dict:
        device = next(self.encoder.parameters()).device
        emb = self.encoder.embed(text_inputs(batch, device)).float()
        loss = (emb.pow(2).mean(dim=1) - self.target).pow(2).mean()
        return StepOutput(loss, loss.detach(), {"rms": float(emb.pow(2).mean().sqrt())})


class NormStage(ReportEncoderStage):
    name = "norm"
    config_class = NormConfig

    def batches(self) -> BatchRecipe:
        return mntp_batches(MaskingConfig())  # any text recipe serves

    def build_model(self) -> nn.Module:
        return NormModule(ReportEncoder.from_config(self.config.model), self.config.target_rms)

    def tokens(self, batch: dict) -> int:
        return text_tokens(batch)

    def flops(self, module: nn.Module, batch: dict) -> dict:
        return self.encoder_flops(module, [batch])


STAGES["norm"] = NormStage  # the one registry line


def main() -> int:
    workdir, shards, model = (Path(a) for a in sys.argv[1:4])
    common = [
        f"norm.model.path={model}",
        "norm.model.attention=sdpa",
        "norm.target_rms=0.5",  # the stage's own knob, in its own section
        f"data.stream.manifests=[{shards}]",
        "data.num_workers=0",
        "data.micro_batch=4",
        "engine.zero_stage=0",
        "engine.precision=fp32",
        "optim.name=torch_adamw",
        "logging.wandb=disabled",
        "run.log_every=1",
    ]
    (workdir / "norm.yaml").write_text("stage: norm\npreset: tiny\n")
    rc = train_main(
        [
            "--config",
            str(workdir / "norm.yaml"),
            *common,
            f"run.out_dir={workdir / 'run'}",
            "run.max_steps=3",
            "optim.lr=1e-3",
        ]
    )
    if rc:
        return rc
    rc = profile_main(
        [
            "--config",
            str(workdir / "norm.yaml"),
            *common,
            f"run.out_dir={workdir / 'prof'}",
            "--mode",
            "model",
            "--steps",
            "2",
            "--warmup",
            "1",
            "--json",
            str(workdir / "profile.json"),
        ]
    )
    lines = [json.loads(x) for x in (workdir / "run" / "metrics.jsonl").read_text().splitlines()]
    saved = yaml.safe_load((workdir / "run" / "config.yaml").read_text())
    print(
        json.dumps(
            {
                "steps": [x["step"] for x in lines],
                "rms": [x.get("rms") for x in lines],
                "torch": torch.__version__,
                "section": saved.get("norm"),
                "sections": sorted(k for k in saved if k in STAGES),
            }
        )
    )
    return rc


if __name__ == "__main__":
    sys.exit(main())
