"""The model card (``README.md``) written into every export: what was trained, from what, how to load it, and what
it must not be used for. Built from the run's typed config only (folder names, settings, step, final loss): no
report text and no sample key goes into it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from megacxr import __version__

__all__ = ["write_model_card"]

_LOAD = {
    "clip": (
        "```python\nfrom megacxr.eval import load_clip\n\nmodel = load_clip({folder!r})\n"
        'img = model.encode_image(["pa.dcm"])\ntxt = model.encode_text(["No acute cardiopulmonary process."])\n'
        "probs = model.logits(img, txt).softmax(dim=1)\n```"
    ),
    "text": (
        "```python\nfrom sentence_transformers import SentenceTransformer\n\n"
        "model = SentenceTransformer({folder!r}, trust_remote_code=True, local_files_only=True)\n"
        'emb = model.encode(["No acute cardiopulmonary process."])\n```\n\n'
        "or plain transformers: `AutoModel.from_pretrained(folder, trust_remote_code=True)`."
    ),
}


def _sources(cfg) -> list[str]:
    return [Path(m).name or str(m) for m in (cfg.data.stream.manifests or [])]


def _validation(metrics: dict) -> list[str]:
    """The validation line of the card: every ``val_*`` value logged at the exported step."""
    vals = {k: v for k, v in metrics.items() if k.startswith("val_") and isinstance(v, (int, float))}
    if not vals:
        return []
    return ["- Validation at that step: " + ", ".join(f"{k} {v:.4f}" for k, v in sorted(vals.items()))]


def write_model_card(folder: str | Path, cfg, stage, step: int, metrics: dict, checkpoint: str | None = None) -> Path:
    """Write ``<folder>/README.md`` for the export of ``stage`` (a run of ``cfg``) at ``step`` (the run's end, or
    ``checkpoint``, a description of the checkpoint ``megacxr export`` took); ``metrics``: the metrics logged
    at that step (its loss; validation's ``val_*`` values when validation ran there)."""
    folder = Path(folder)
    clip = stage.export_kind == "clip"
    base = stage.describe()
    loss = metrics.get("loss")
    lines = [
        "---",
        f"library_name: {'megacxr' if clip else 'sentence-transformers'}",
        "tags: [megacxr, chest-x-ray, radiology, " + ("clip" if clip else "sentence-embeddings") + "]",
        "---",
        "",
        f"# megacxr {cfg.stage} export",
        "",
        f"- Stage: `{cfg.stage}`, trained to step {step} of {cfg.run.max_steps}"
        + (f", logged loss {loss:.4f}" if isinstance(loss, (int, float)) else "")
        + (f"; exported from {checkpoint}" if checkpoint else ""),
        *_validation(metrics),
        f"- Base: {base}",
        f"- Data: shard folders {', '.join(f'`{s}`' for s in _sources(cfg)) or '(none listed)'}, split "
        f"`{cfg.data.stream.split or 'all'}`",
        f"- Precision {cfg.engine.precision}, ZeRO-{cfg.engine.zero_stage}, micro-batch {cfg.data.micro_batch}, "
        f"seed {cfg.run.seed}",
        f"- Written by megacxr {__version__} on {dt.date.today().isoformat()}; the full settings are the run's "
        "`config.yaml` and `deepspeed.json`",
        "",
        "## Loading",
        "",
        _LOAD[stage.export_kind].format(folder=str(folder)),
        "",
        "## Intended use and limits",
        "",
        "- Research on chest radiograph image-report models. Not a medical device; not for diagnosis or any "
        "clinical decision.",
        "- The report text it was trained on passed megacxr's PHI screen, which is a screen, not certified "
        "de-identification: treat this model and its outputs under your institution's data-use rules.",
        "- Its evaluations (`megacxr eval text`, `eval retrieval`, `eval align`) report intervals and random-init "
        "and lexical references: read them before trusting a difference.",
        "",
    ]
    out = folder / "README.md"
    out.write_text("\n".join(lines))
    return out
