"""Stage 1, ``mntp``: masked next-token prediction on reports (llm2vec's MNTP).

Token i is predicted from the hidden state at i-1 of the bidirectional encoder; the LM head runs only at the masked
positions, and the loss is the mean over every masked token of the global batch. Config it owns: ``data.masking``
(ratio, mask token) and ``loss.mntp_head`` (reference logits, or the fused chunked head).
"""

from __future__ import annotations

from torch import nn

from megacxr.data.batches import BatchRecipe, mntp_batches
from megacxr.data.recipes import prepare_mntp
from megacxr.losses import mntp_loss
from megacxr.losses.linear_ce import mntp_loss_fused
from megacxr.train.stages.base import ReportEncoderStage, StepOutput, text_tokens

__all__ = ["MntpHeadLoss", "MntpModule", "MntpStage"]


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
    owns = ("data.masking", "loss.mntp_head")

    def batches(self, cfg) -> BatchRecipe:
        return mntp_batches(cfg.data.masking)

    def build_model(self, cfg) -> nn.Module:
        return MntpModule(self.build_encoder(cfg), cfg.loss.mntp_head)

    def tokens(self, batch: dict) -> int:
        return text_tokens(batch)

    def flops(self, module: nn.Module, batch: dict) -> dict:
        # the LM head runs on the masked tokens only
        return self.encoder_flops(module, [batch], head_rows=int((batch["labels"] != -100).sum()))
