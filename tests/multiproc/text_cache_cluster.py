"""torchrun script: the clip stage's frozen text cache built by every rank of every node (``cluster_text_cache``).

    torchrun --nnodes N --nproc_per_node L --node_rank K ... text_cache_cluster.py TEXT_EXPORT SHARDS OUT

Each rank writes ``OUT/counts/<rank>.json``: how many reports its encoder embedded, and the cache's size."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch
import torch.distributed as dist


def main() -> None:
    text, shards, out = (Path(a) for a in sys.argv[1:4])
    torch.set_num_threads(1)
    dist.init_process_group("gloo")
    from megacxr.models import load_encoder
    from megacxr.train.cache_build import cluster_text_cache
    from megacxr.train.config import load_train_config

    repo = Path(__file__).resolve().parents[2]
    cfg = load_train_config(
        repo / "configs" / "clip.yaml", [f"data.stream.manifests=[{shards}]", "data.text.sentence_shuffle=0"]
    )
    rows = [0]

    def encoder():
        enc = load_encoder(text, attention="sdpa")
        embed = enc.embed

        def counting(batch):
            emb = embed(batch)
            rows[0] += int(emb.shape[0])
            return emb

        enc.embed = counting
        return enc

    cache = cluster_text_cache(out / "text_cache", encoder, cfg.data.stream, cfg.data.text)
    (out / "counts").mkdir(parents=True, exist_ok=True)
    (out / "counts" / f"{dist.get_rank()}.json").write_text(json.dumps({"embedded": rows[0], "cache": len(cache)}))
    dist.barrier()  # every rank done before any tears the group down
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
