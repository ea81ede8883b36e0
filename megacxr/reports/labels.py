"""The 14 CheXpert observation labels, in the order every shard's ``labels`` field and every evaluation use."""

from __future__ import annotations

__all__ = ["CHEXPERT_LABELS"]

CHEXPERT_LABELS = (
    "No Finding",
    "Enlarged Cardiomediastinum",
    "Cardiomegaly",
    "Lung Opacity",
    "Lung Lesion",
    "Edema",
    "Consolidation",
    "Pneumonia",
    "Atelectasis",
    "Pneumothorax",
    "Pleural Effusion",
    "Pleural Other",
    "Fracture",
    "Support Devices",
)
