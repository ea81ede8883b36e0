"""Activation (gradient) checkpointing of a Hugging Face model, across transformers versions: one place for the
text and the vision towers."""

from __future__ import annotations

from torch import nn

__all__ = ["enable_activation_checkpointing"]


def enable_activation_checkpointing(model: nn.Module) -> None:
    """Non-reentrant activation checkpointing: ``activation_checkpointing_enable`` (the transformers 5.x name) where
    the model has it, else ``gradient_checkpointing_enable``."""
    enable = getattr(model, "activation_checkpointing_enable", None)
    if enable is not None:
        enable(activation_checkpointing_kwargs={"use_reentrant": False})
    else:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
