"""Validation during training (``eval.every``): the stage loss and retrieval on the validation split, computed by
every rank on its share and equal to one process, and the ``best`` checkpoint chosen by ``eval.metric``.

``Validator.run(engine, step)``:

* each rank reads its share of ``eval.split`` (epoch mode, in order, no augmentation, no worker processes): every
  sample of the split once over all ranks, unless ``eval.max_batches`` caps each rank; a sample's random choices
  (supcon's variant, MNTP's masks) are seeded by its key, so they do not depend on the rank that reads it;
* the ranks run the same number of forward passes (ZeRO-3 gathers parameters collectively, and the losses gather
  embeddings from every rank): a rank with fewer batches repeats its last one, and those repeats count nowhere;
* ``val_loss``: the mean over the passes where every rank had a real batch of the stage module's global loss
  (the one-process loss over the global batch); contrastive losses depend on which samples share a batch, so
  this value moves with the world size and batch size;
* retrieval, for a stage whose ``validation_pairs`` gives (query, candidate) embeddings (clip: image -> report;
  supcon: report -> its variant): every rank's embeddings are gathered, ordered by sample key and ranked among all
  the split's candidates (pessimistic ties): ``val_R@1``, ``val_R@5``, ``val_MRR`` and ``val_t2i_R@1``. The same
  split embedded by one process gives the same numbers.

``BestCheckpoint`` keeps ``checkpoints/best.json`` (tag, step, metric, value) beside ``latest``: a validation that
improves on it saves a checkpoint at that step (unless one exists) and names it; ``Checkpointer`` never prunes
the tag ``best.json`` names, and a resumed run reads the value back, so "best" means best over the whole run.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import torch

from megacxr.data.pipeline import make_loader
from megacxr.eval.retrieval import retrieval_ranks, summarize_ranks
from megacxr.train.collectives import all_gather_objects, all_reduce

log = logging.getLogger("megacxr.train")

__all__ = ["BEST_FILE", "BestCheckpoint", "Validator"]

BEST_FILE = "best.json"


class Validator:
    """Runs the validation of one run; see the module docstring."""

    def __init__(self, cfg, stage, rank: int, world: int):
        self.cfg, self.stage, self.rank, self.world = cfg, stage, int(rank), int(world)
        self.stream = dataclasses.replace(cfg.data.stream, split=cfg.eval.split, mode="epoch", shuffle=False)
        self.batch_size = int(cfg.eval.batch_size or cfg.data.micro_batch)

    def due(self, step: int, last_step: int) -> bool:
        every = int(self.cfg.eval.every)
        return every > 0 and (step % every == 0 or step == last_step)

    def _batches(self) -> list[dict]:
        cfg = self.cfg
        loader = make_loader(
            self.stage.batches(),
            self.stream,
            cfg.data.text,
            cfg.data.tokenizer or self.stage.tokenizer(),
            batch_size=self.batch_size,
            token_budget=cfg.data.token_budget,
            rank=self.rank,
            world_size=self.world,
            num_workers=0,
            train=False,
            key_seeded=True,  # a sample's variant / masks do not depend on which rank reads it
        )
        out = []
        for batch in loader:
            out.append(self.stage.for_step(batch, None))  # several tasks: the first one
            if cfg.eval.max_batches is not None and len(out) >= int(cfg.eval.max_batches):
                break
        return out

    @torch.no_grad()
    def run(self, engine, step: int) -> dict:
        batches = self._batches()
        passes = int(all_reduce([len(batches)], "max")[0])
        full = int(all_reduce([len(batches)], "min")[0])
        if passes == 0:
            raise RuntimeError(f"validation split {self.cfg.eval.split!r} gave no batch on any rank")
        module = engine.module
        engine.eval()
        losses, keys, queries, candidates = [], [], [], []
        try:
            for i in range(passes):
                real = i < len(batches)
                batch = batches[i] if real else batches[-1] if batches else None
                if batch is None:
                    raise RuntimeError("a rank without any validation batch cannot join the collective passes")
                result = engine(batch)
                if i < full:
                    losses.append(float(result["global_loss"]))
                pairs = self.stage.validation_pairs(module, batch)
                if pairs is not None and real:
                    keys.extend(batch["keys"])
                    queries.append(pairs[0].float().cpu())
                    candidates.append(pairs[1].float().cpu())
        finally:
            engine.train()
        out = {"step": step, "val_loss": sum(losses) / len(losses) if losses else float("nan")}
        gathered = all_gather_objects(
            (keys, torch.cat(queries) if queries else None, torch.cat(candidates) if candidates else None)
        )
        if any(g[1] is not None for g in gathered):
            out.update(self._retrieval(gathered))
        return out

    @staticmethod
    def _retrieval(gathered: list) -> dict:
        keys = [k for g in gathered for k in g[0]]
        q = torch.cat([g[1] for g in gathered if g[1] is not None])
        c = torch.cat([g[2] for g in gathered if g[2] is not None])
        order = sorted(range(len(keys)), key=keys.__getitem__)  # the same order whatever the world size
        q, c = q[order], c[order]
        metrics = summarize_ranks(retrieval_ranks(q, c, torch.arange(len(order))), (1, 5))
        i2t, t2i = metrics["i2t"], metrics["t2i"]
        return {
            "val_R@1": i2t["R@1"],
            "val_R@5": i2t["R@5"],
            "val_MRR": i2t["MRR"],
            "val_t2i_R@1": t2i["R@1"],
            "val_samples": len(order),
            "val_chance_R@1": i2t["chance"]["R@1"],
        }


class BestCheckpoint:
    """``checkpoints/best.json``: the best validation so far and the checkpoint holding it."""

    def __init__(self, root: str | Path, metric: str, lower_is_better: bool, rank: int):
        self.path = Path(root) / BEST_FILE
        self.metric, self.lower, self.rank = metric, bool(lower_is_better), int(rank)
        self.record: dict | None = None
        if self.path.is_file():
            record = json.loads(self.path.read_text())
            if record.get("metric") == metric:
                self.record = record
            else:
                log.warning("best.json ranks by %s, this run by %s: starting a new best", record.get("metric"), metric)

    def improves(self, values: dict) -> bool:
        value = values.get(self.metric)
        if value is None:
            raise KeyError(f"eval.metric {self.metric!r} is not computed for this stage; it has {sorted(values)}")
        if value != value:  # NaN never improves
            return False
        if self.record is None:
            return True
        best = self.record["value"]
        return value < best if self.lower else value > best

    def mark(self, tag: str, step: int, value: float) -> None:
        self.record = {"tag": tag, "step": int(step), "metric": self.metric, "value": float(value)}
        if self.rank == 0:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.record, indent=1) + "\n")
            tmp.replace(self.path)
