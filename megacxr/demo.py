"""``make demo``: the main job end to end on bundled synthetic data, on a CPU machine, in minutes.

The chain: synthesize a MIMIC-CXR-layout dataset and a hospital CSV/DICOM export, build WebDataset shards from both
through the recipes a user starts from (``shards/mimic-cxr.yaml``, ``shards/hospital-template.yaml``) and verify
them against their manifests; then train the report encoder on their reports with the ``tiny`` preset: stage 1
``mntp`` (``configs/mntp.yaml``) and stage 2 ``supcon`` (``configs/supcon.yaml``, starting from the stage-1 export,
with three instruction tasks: paraphrase, findings -> impression, label), then stage 3 ``clip``
(``configs/clip.yaml``: a tiny ViT and the stage-2 encoder) on the MIMIC-CXR shards, each through ``python -m
megacxr.train`` as a user runs it; finally the evaluations on the held-out split: ``megacxr eval retrieval`` (a
pooled row, one row per source: the clip model trained on the MIMIC layout, evaluated on the hospital export's
layout too), ``megacxr eval text`` (the supcon export against the mntp export and the untrained encoder) and
``megacxr eval align`` (the CXR-Align comparisons on the file ``synth --cxr-align`` writes for the MIMIC corpus),
ending with their tables.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from megacxr.config import load_config
from megacxr.eval.align import evaluate_align
from megacxr.eval.align_report import align_markdown, format_align_table, write_align_png
from megacxr.eval.report import format_per_source, format_table
from megacxr.eval.run import evaluate_retrieval
from megacxr.eval.text_run import evaluate_text, format_text_tables, text_markdown, write_text_png
from megacxr.models import PoolingConfig, ReportEncoder, TextModelConfig, export_encoder
from megacxr.shards.build import build_shards
from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.verify import format_summary, verify_shards
from megacxr.synth import generate
from megacxr.synth.cxr_align import write_cxr_align

CONFIGS = Path(__file__).resolve().parent.parent / "configs"
SHARDS = Path(__file__).resolve().parent.parent / "shards"
DEMO_TASKS = ("paraphrase", "findings_to_impression", "label")  # megacxr.data.tasks
RECIPES = {"mimic-cxr": SHARDS / "mimic-cxr.yaml", "csv": SHARDS / "hospital-template.yaml"}


def run_demo(out: Path, studies: int = 1000) -> int:
    """``studies`` MIMIC-CXR-layout studies (the clip stage trains and is evaluated on them) and up to 400
    hospital-export studies (their reports join the text stages)."""
    out = Path(out)
    t0 = time.time()
    for source in ("mimic-cxr", "csv"):
        data_dir = out / "data" / source
        n = studies if source == "mimic-cxr" else min(studies, 400)
        print(f"\n== synth {source}: {n} studies -> {data_dir}")
        info = generate(source, data_dir, studies=n, seed=0, progress=True)
        if source == "mimic-cxr":
            align_file, n_align = write_cxr_align(data_dir)
            print(f"CXR-Align file for the test split: {n_align} items -> {align_file}")
        # through the recipe a user starts from (shards/*.yaml), with this demo's folders
        cfg = load_config(ShardBuildConfig, RECIPES[source], ["shard_samples=100"])
        cfg.images = str(data_dir / info["images"])
        cfg.reports = str(data_dir / info["reports"]) if info.get("reports") else None
        cfg.out = str(out / "shards" / source)
        print(f"\n== shards build {source} -> {cfg.out}")
        manifest = build_shards(cfg)
        print("\n".join(format_summary(manifest)))
        print(f"\n== shards verify {cfg.out}")
        res = verify_shards(cfg.out)
        if res["problems"]:
            for p in res["problems"]:
                print("MISMATCH", p)
            return 1
        print(f"verify OK: {res['shards']} shards, {res['samples']} samples")
    manifests = f"data.stream.manifests=[{out / 'shards' / 'mimic-cxr'},{out / 'shards' / 'csv'}]"
    stages = [
        ("mntp", [f"mntp.model.path={out / 'models' / 'tiny'}"]),
        # multi-task, as the published encoder recipe trains: one instruction task per optimizer step
        ("supcon", [f"supcon.model.path={out / 'runs' / 'mntp' / 'export'}", f"supcon.tasks=[{','.join(DEMO_TASKS)}]"]),
        (
            "clip",
            [
                f"clip.tower.text_path={out / 'runs' / 'supcon' / 'export'}",
                f"data.stream.manifests=[{out / 'shards' / 'mimic-cxr'}]",
            ],
        ),
    ]
    for stage, extra in stages:
        run_dir = out / "runs" / stage
        args = [
            "--config",
            str(CONFIGS / f"{stage}.yaml"),
            manifests,
            f"run.out_dir={run_dir}",
            "run.resume=never",
            "logging.wandb=disabled",
            *extra,
        ]
        print(f"\n== train {stage}: python -m megacxr.train {' '.join(args)}")
        if subprocess.call([sys.executable, "-m", "megacxr.train", *args]) != 0:
            print(f"demo: stage {stage} failed", file=sys.stderr)
            return 1
        last = json.loads((run_dir / "metrics.jsonl").read_text().splitlines()[-1])
        print(
            f"{stage}: step {last['step']}, loss {last['loss']:.3f}, {last['samples_per_s']:.0f} samples/s, "
            f"export {run_dir / 'export'}"
        )
    return _evaluate(out, t0)


def _untrained_export(out: Path) -> Path:
    """The tiny model before training, exported as an encoder (mean pooling): the text evaluation's floor."""
    model = TextModelConfig(
        path=str(out / "models" / "tiny"), pooling=PoolingConfig(kind="mean"), lora={"enabled": False}
    )
    return export_encoder(ReportEncoder.from_config(model), out / "runs" / "untrained" / "export")


def _evaluate(out: Path, t0: float) -> int:
    export = out / "runs" / "clip" / "export"
    shards = [str(out / "shards" / "mimic-cxr"), str(out / "shards" / "csv")]
    print(f"\n== eval retrieval: megacxr eval retrieval --checkpoint {export} --shards {' '.join(shards)} --split test")
    metrics = evaluate_retrieval(export, shards, "test", json_out=out / "eval.json", topk_out=out / "topk.jsonl")
    runs = out / "runs"
    encoders = [runs / "supcon" / "export", runs / "mntp" / "export", _untrained_export(out)]
    print(
        f"\n== eval text: megacxr eval text --encoder {encoders[0]} --baseline {encoders[1]} {encoders[2]} "
        f"--shards {shards[0]} --split test"
    )
    text = evaluate_text(encoders[0], shards[:1], "test", baselines=encoders[1:], json_out=out / "eval-text.json")
    (out / "eval-text.md").write_text(text_markdown(text))
    write_text_png(text, out / "eval-text.png")
    items = out / "data" / "mimic-cxr" / "cxr-align.json"
    print(f"\n== eval align: megacxr eval align --checkpoint {export} --items {items} --shards {shards[0]}")
    align = evaluate_align(export, items, shards=shards[:1], json_out=out / "eval-align.json")
    (out / "eval-align.md").write_text(align_markdown(align))
    write_align_png(align, out / "eval-align.png")
    print(
        f"\ndemo finished in {time.time() - t0:.0f} s; shards under {out / 'shards'}, runs under {out / 'runs'}, "
        f"metrics in {out}/eval*.json (markdown and figures beside them)\n"
    )
    print(f"retrieval on the held-out split ({metrics['images']} studies, pooled; then per source):")
    print(format_table(metrics))
    print(format_per_source(metrics))
    print()
    print(format_text_tables(text))
    print()
    print(format_align_table(align))
    return 0
