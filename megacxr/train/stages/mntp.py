"""Stage 1, ``mntp``: masked next-token prediction on reports (llm2vec's MNTP).

Token i is predicted from the hidden state at i-1 of the bidirectional encoder; the LM head runs only at the masked
positions, and the loss is the mean over every masked token of the global batch. Config it owns: ``data.masking``
(ratio, mask token) and ``loss.mntp_head`` (reference logits, or the fused chunked head).
"""

from __future__ import annotations

from torch import nn

from megacxr.data.batches import TEXT_KEYS, BatchRecipe, mntp_batches
from megacxr.losses import mntp_loss
from megacxr.losses.linear_ce import mntp_loss_fused
from megacxr.models import ReportEncoder
from megacxr.train.stages.base import ReportEncoderStage, StepOutput, text_tokens, to_device

__all__ = ["MntpModule", "MntpStage"]


class MntpModule(nn.Module):
    def __init__(self, encoder: nn.Module, head: str = "auto"):
        super().__init__()
        self.encoder = encoder
        self.head = head

    def forward(self, batch: dict) -> dict:
        device = next(self.encoder.parameters()).device
        text = to_device({k: batch[k] for k in TEXT_KEYS if k in batch}, device)
        hidden = self.encoder.hidden_states(text)
        fused = self.head == "fused" or (self.head == "auto" and device.type == "cuda")
        out = (mntp_loss_fused if fused else mntp_loss)(
            hidden,
            batch["labels"].to(device),
            self.encoder.lm_head,
            cu_seqlens=text.get("cu_seqlens"),
            logit_softcap=self.encoder.logit_softcap,
            global_mean=True,
        )
        return StepOutput(out.loss, out.global_loss, {"masked_tokens": int(out.info["global_num_masked"])})


class MntpStage(ReportEncoderStage):
    name = "mntp"
    owns = ("data.masking", "loss.mntp_head")

    def batches(self, cfg) -> BatchRecipe:
        return mntp_batches(cfg.data.masking)

    def build_model(self, cfg) -> nn.Module:
        return MntpModule(ReportEncoder.from_config(cfg.model), cfg.loss.mntp_head)

    def tokens(self, batch: dict) -> int:
        return text_tokens(batch)

    def flops(self, module: nn.Module, batch: dict) -> dict:
        # the LM head runs on the masked tokens only
        return self.encoder_flops(module, [batch], head_rows=int((batch["labels"] != -100).sum()))
