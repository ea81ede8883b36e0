"""Evaluation of image-report models: retrieval metrics, zero-shot label AUROC, tables and JSON output.

Pure functions over embeddings (``megacxr.eval.retrieval``, ``megacxr.eval.zeroshot``, ``megacxr.eval.intervals``)
and their output (``megacxr.eval.report``, ``megacxr.eval.retrieval_report``); embedding a shard split with a
checkpoint and the ``megacxr eval`` command live elsewhere and call these. ``eval text`` (``text_eval``,
``text_heldout``, ``heldout_rewrites``, ``references``, ``text_run``) and ``eval align`` (``align``,
``align_report``) evaluate the report encoder and the CXR-Align comparisons; ``clip_model`` (``load_clip``) is a
trained clip export as a model to use.
"""

from megacxr.eval.clip_model import ClipModel, load_clip
from megacxr.eval.report import format_table, format_zero_shot_table, to_jsonable, write_json, write_topk_jsonl
from megacxr.eval.retrieval import (
    TIE_MODES,
    RetrievalRanks,
    merge_reports,
    recall_chance,
    retrieval_metrics,
    retrieval_ranks,
    summarize_ranks,
    topk_reports,
)
from megacxr.eval.zeroshot import auroc, label_prompts, zero_shot_auroc, zero_shot_scores

__all__ = [
    "ClipModel",
    "TIE_MODES",
    "RetrievalRanks",
    "auroc",
    "format_table",
    "format_zero_shot_table",
    "label_prompts",
    "load_clip",
    "merge_reports",
    "recall_chance",
    "retrieval_metrics",
    "retrieval_ranks",
    "summarize_ranks",
    "to_jsonable",
    "topk_reports",
    "write_json",
    "write_topk_jsonl",
    "zero_shot_auroc",
    "zero_shot_scores",
]
