"""Stage 1, ``mntp``: masked next-token prediction on reports (llm2vec's MNTP).

Token i is predicted from the hidden state at i-1 of the bidirectional encoder; the LM head runs only at the masked
positions, and the loss is the mean over every masked token of the global batch. Its config, ``mntp.*``
(``MntpConfig``): ``model`` (the report encoder), ``masking`` (ratio, mask token) and ``head`` (reference logits,
or the fused chunked head).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from torch import nn

from megacxr.data.batches import BatchRecipe, mntp_batches
from megacxr.data.masking import MaskingConfig
from megacxr.data.recipes import prepare_mntp
from megacxr.losses import mntp_loss
from megacxr.losses.linear_ce import mntp_loss_fused
from megacxr.train.stages.base import ReportEncoderConfig, ReportEncoderStage, StepOutput, text_tokens

__all__ = ["MntpConfig", "MntpHeadLoss", "MntpModule", "MntpStage"]


@dataclass
class MntpConfig(ReportEncoderConfig):
    """``mntp.*``: the report encoder (``model``), what is masked, and how the LM head's loss is computed."""

    masking: MaskingConfig = field(default_factory=MaskingConfig)
    # the LM head + cross-entropy: fused (chunked over rows and vocabulary, liger-kernel on CUDA when installed),
    # reference, auto (fused on CUDA, reference on CPU where it is faster)
    head: Literal["auto", "reference", "fused"] = "auto"


class MntpHeadLoss(nn.Module):
    """The LM head + cross-entropy at the masked positions, run as a module of its own (it has no parameters).

    Why a module: the fused head reads ``lm_head.weight`` directly, outside the head's own forward. Under ZeRO-3
    that weight is partitioned, and DeepSpeed gathers a parameter read inside a forward and makes it an external
    parameter of the module running then: whole from that module's pre-forward to its post-forward, and
    re-gathered by its backward hooks while its gradient forms, as for any layer's own weight. Run here, that
    module is this one, so the 128k x H head is whole for the loss alone, not across the whole encoder (as it
    would be if the top module read it) and not missing in the backward (an untied head's gradient would
    otherwise meet an empty parameter). Without ZeRO-3 this is a plain call.
    """

    def forward(self, hidden, labels, lm_head: nn.Module, cu_seqlens, logit_softcap, fused: bool):
        return (mntp_loss_fused if fused else mntp_loss)(
            hidden, labels, lm_head, cu_seqlens=cu_seqlens, logit_softcap=logit_softcap, global_mean=True
        )


class MntpModule(nn.Module):
    def __init__(self, encoder: nn.Module, head: str = "auto"):
        super().__init__()
        self.encoder = encoder
        self.head = head
        self.head_loss = MntpHeadLoss()

    def forward(self, batch: dict) -> dict:
        device = next(self.encoder.parameters()).device
        b = prepare_mntp(batch, device)
        hidden = self.encoder.hidden_states(b.text)
        fused = self.head == "fused" or (self.head == "auto" and device.type == "cuda")
        out = self.head_loss(hidden, b.labels, self.encoder.lm_head, b.cu_seqlens, self.encoder.logit_softcap, fused)
        return StepOutput(out.loss, out.global_loss, {"masked_tokens": int(out.info["global_num_masked"])})


class MntpStage(ReportEncoderStage):
    name = "mntp"
    config_class = MntpConfig
    config: MntpConfig
    moved_keys = {"model": "model", "data.masking": "masking", "loss.mntp_head": "head"}

    def batches(self) -> BatchRecipe:
        return mntp_batches(self.config.masking)

    def build_model(self) -> nn.Module:
        return MntpModule(self.build_encoder(), self.config.head)

    def tokens(self, batch: dict) -> int:
        return text_tokens(batch)

    def flops(self, module: nn.Module, batch: dict) -> dict:
        # the LM head runs on the masked tokens only
        return self.encoder_flops(module, [batch], head_rows=int((batch["labels"] != -100).sum()))
