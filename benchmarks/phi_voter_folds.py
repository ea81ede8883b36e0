"""Leave-fold-out figures of the PHI screen on the pending written sets: the figure that moves a set up.

The learned voter (``megacxr.shards.phi_voter``) is fitted on every written set, pending ones too, so a pending
set's figure with the shipped table is a training figure. This script splits the pending sets
(``tests/data/phi/pending/``) into folds, refits the voter on every set but the fold
(``phi_voter_fit.fit``), and measures the fold's sets with that voter and the rules as they are: recall and
clinical sentences altered per set, and the misses per class. It prints counts only, never the sets' text.

    python benchmarks/phi_voter_folds.py [--folds 4] [--json out.json]
    python benchmarks/phi_voter_folds.py --thresholds 0.95/0.5,0.7/0.3   # a sweep of the voter's thresholds

``--thresholds`` measures every fold's voter at each ``seed/grow`` pair (``phi_voter.SEED`` and ``GROW``: the
probabilities above which a candidate is masked alone and beside a masked token); the first pair gives the
per-set figures, every pair a pooled line (recall over every pending identifier, altered over every clinical
sentence) and, with ``--json``, its per-set figures under ``by_threshold``. The shipped pair is chosen on it.

The rules' pass over every set's items for the fits once (about ten minutes on one core for 261 sets), then a
minute per fold for the fit and the measurement, once per pair.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from megacxr.shards import phi_voter
from megacxr.shards.phi import PhiScreen
from megacxr.shards.phi_eval import evaluate_set, load_set
from megacxr.shards.phi_voter_fit import collect, fit_rows, set_files

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi"


def _names(folder: Path) -> list[str]:
    return sorted(p.name.removesuffix("_identifiers.jsonl") for p in folder.glob("*_identifiers.jsonl"))


def _figures(res: dict, k: int) -> dict:
    return {
        "fold": k,
        "recall": round(100 * res["recall"], 1),
        "altered": round(100 * res["altered"], 2),
        "missed_by_class": res["missed_by_class"],
        "identifiers": res["identifiers"],
        "missed": len(res["missed"]),
        "clinical": res["clinical"],
        "changed": len(res["changed"]),
    }


def fold_figures(root: Path, folds: int, thresholds: list[tuple[float, float]] | None = None) -> dict[str, dict]:
    """{pending set: its figures with a voter fitted on every set but its fold}, at the first ``(seed, grow)`` pair
    (default: the shipped ones), and at every pair under ``by_threshold``."""
    pairs = thresholds or [(phi_voter.SEED, phi_voter.GROW)]
    pending = _names(root / "pending")
    # each set's training examples once, for every fold (the rules' pass over every item is most of a fit's time)
    examples = {ids.name.removesuffix("_identifiers.jsonl"): collect([(ids, c)]) for ids, c in set_files(root)}
    out: dict[str, dict] = {}
    for k in range(folds):
        fold = pending[k::folds]
        if not fold:
            continue
        train = [name for name in examples if name not in fold]  # in the fit's own order (set_files)
        rows = [row for name in train for row in examples[name][0]]
        labels = np.concatenate([examples[name][1] for name in train])
        weights, bias, _ = fit_rows(rows, labels)
        screen = PhiScreen()
        previous = phi_voter.voter
        try:
            for seed, grow in pairs:
                table = phi_voter.Voter(weights, bias, seed, grow)
                phi_voter.voter = lambda table=table: table  # the screen asks the module for its voter per window
                for name in fold:
                    ids = load_set(root / "pending" / f"{name}_identifiers.jsonl")
                    clinical = load_set(root / "pending" / f"{name}_clinical.jsonl")

                    def run(text: str, screen: PhiScreen = screen) -> tuple[str, bool]:
                        r = screen.screen(text)
                        return r.text, r.residual > 0

                    figures = _figures(evaluate_set(run, ids, clinical), k)
                    if name not in out:
                        out[name] = dict(figures, by_threshold={})
                        print(f"{name}: fold {k}, {figures['recall']}% / {figures['altered']}%", flush=True)
                    out[name]["by_threshold"][f"{seed}/{grow}"] = figures
        finally:
            phi_voter.voter = previous
    return out


def pooled(figures: dict[str, dict]) -> dict[str, tuple[float, float]]:
    """{"seed/grow": (recall %, altered %)} over every pending identifier and clinical sentence."""
    out = {}
    for pair in next(iter(figures.values()))["by_threshold"] if figures else ():
        rows = [f["by_threshold"][pair] for f in figures.values()]
        n, c = sum(r["identifiers"] for r in rows), sum(r["clinical"] for r in rows)
        recall = 100 * (1 - sum(r["missed"] for r in rows) / n) if n else 100.0
        altered = 100 * sum(r["changed"] for r in rows) / c if c else 0.0
        out[pair] = (round(recall, 2), round(altered, 2))
    return out


def _thresholds(text: str) -> list[tuple[float, float]]:
    pairs = []
    for part in text.split(","):
        seed, _, grow = part.partition("/")
        try:
            s, g = float(seed), float(grow)
        except ValueError:
            raise SystemExit(f"--thresholds: expected seed/grow pairs like 0.95/0.5, got {part!r}") from None
        if not 0.0 < g <= s < 1.0:
            raise SystemExit(f"--thresholds: {part!r} must satisfy 0 < grow <= seed < 1")
        pairs.append((s, g))
    return pairs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=SETS, help="folder of the written sets (and pending/)")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--thresholds", type=_thresholds, help="seed/grow pairs to measure, comma-separated")
    args = ap.parse_args(argv)
    if not (args.root / "pending").is_dir():
        sys.exit(f"no pending/ folder under {args.root}")
    figures = fold_figures(args.root, args.folds, args.thresholds)
    for pair, (recall, altered) in pooled(figures).items():
        print(f"seed/grow {pair}: recall {recall}%, altered {altered}% (pooled over the pending sets)")
    ready = [n for n, f in figures.items() if f["recall"] >= 99.0 and f["altered"] <= 1.0]
    print(f"at 99% / 1% or better: {' '.join(ready) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
