"""``make demo``: the main job end to end on bundled synthetic data, on a CPU machine, in minutes.

The chain: synthesize a MIMIC-CXR-layout dataset and a hospital CSV/DICOM export, build WebDataset shards from
both and verify them against their manifests; then train the report encoder on their reports with the ``tiny``
preset: stage 1 ``mntp`` (``configs/mntp.yaml``) and stage 2 ``supcon`` (``configs/supcon.yaml``, starting from
the stage-1 export), each through ``python -m megacxr.train`` as a user runs it. Later stages (clip, eval,
profile) append themselves here as they land.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from megacxr.shards.config import ShardBuildConfig

CONFIGS = Path(__file__).resolve().parent.parent / "configs"


def run_demo(out: Path, studies: int = 400) -> int:
    from megacxr.shards.build import build_shards
    from megacxr.shards.verify import format_summary, verify_shards
    from megacxr.synth import generate

    out = Path(out)
    t0 = time.time()
    for source in ("mimic-cxr", "csv"):
        data_dir = out / "data" / source
        print(f"\n== synth {source}: {studies} studies -> {data_dir}")
        info = generate(source, data_dir, studies=studies, seed=0, progress=True)
        cfg = ShardBuildConfig(source=source, images=str(data_dir / info["images"]),
                               reports=str(data_dir / info["reports"]) if info.get("reports") else None,
                               out=str(out / "shards" / source), shard_samples=100)
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
    stages = [("mntp", [f"model.path={out / 'models' / 'tiny'}"]),
              ("supcon", [f"model.path={out / 'runs' / 'mntp' / 'export'}"])]
    for stage, extra in stages:
        run_dir = out / "runs" / stage
        args = ["--config", str(CONFIGS / f"{stage}.yaml"), manifests, f"run.out_dir={run_dir}",
                "run.resume=never", *extra]
        print(f"\n== train {stage}: python -m megacxr.train {' '.join(args)}")
        if subprocess.call([sys.executable, "-m", "megacxr.train", *args]) != 0:
            print(f"demo: stage {stage} failed", file=sys.stderr)
            return 1
        last = json.loads((run_dir / "metrics.jsonl").read_text().splitlines()[-1])
        print(f"{stage}: step {last['step']}, loss {last['loss']:.3f}, {last['samples_per_s']:.0f} samples/s, "
              f"export {run_dir / 'export'}")
    print(f"\ndemo finished in {time.time() - t0:.0f} s; shards under {out / 'shards'}, runs under {out / 'runs'}")
    return 0
