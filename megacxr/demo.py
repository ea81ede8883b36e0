"""``make demo``: the main job end to end on bundled synthetic data, on a CPU machine, in minutes.

Today the chain is: synthesize a MIMIC-CXR-layout dataset and a hospital CSV/DICOM export, build WebDataset
shards from both, verify them against their manifests, and print the summary. Later stages (mntp, supcon,
clip, eval, profile) append themselves here as they land.
"""

from __future__ import annotations

import time
from pathlib import Path

from megacxr.shards.config import ShardBuildConfig


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
    print(f"\ndemo finished in {time.time() - t0:.0f} s; shards under {out / 'shards'}")
    return 0
