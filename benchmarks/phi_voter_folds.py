"""Leave-fold-out figures of the PHI screen on the pending written sets: the figure that moves a set up.

The learned voter (``megacxr.shards.phi_voter``) is fitted on every written set, pending ones too, so a pending
set's figure with the shipped table is a training figure. This script splits the pending sets
(``tests/data/phi/pending/``) into folds, refits the voter on every set but the fold
(``phi_voter_fit.fit``), and measures the fold's sets with that voter and the rules as they are: recall and
clinical sentences altered per set, and the misses per class. It prints counts only, never the sets' text.

    python benchmarks/phi_voter_folds.py [--folds 4] [--json out.json]

About a minute per fold on one core (the fit) plus the measurement.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from megacxr.shards import phi_voter
from megacxr.shards.phi import PhiScreen
from megacxr.shards.phi_eval import evaluate_set, load_set
from megacxr.shards.phi_voter_fit import fit, set_files

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi"


def _names(folder: Path) -> list[str]:
    return sorted(p.name.removesuffix("_identifiers.jsonl") for p in folder.glob("*_identifiers.jsonl"))


def fold_figures(root: Path, folds: int) -> dict[str, dict]:
    """{pending set: its figures with a voter fitted on every set but its fold}."""
    held, pending = _names(root), _names(root / "pending")
    out: dict[str, dict] = {}
    for k in range(folds):
        fold = pending[k::folds]
        if not fold:
            continue
        weights, bias, _ = fit(set_files(root, [s for s in held + pending if s not in fold]))
        table = phi_voter.Voter(weights, bias)
        screen = PhiScreen()
        previous = phi_voter.voter
        phi_voter.voter = lambda table=table: table  # the screen asks the module for its voter on every window
        try:
            for name in fold:
                ids = load_set(root / "pending" / f"{name}_identifiers.jsonl")
                clinical = load_set(root / "pending" / f"{name}_clinical.jsonl")

                def run(text: str, screen: PhiScreen = screen) -> tuple[str, bool]:
                    r = screen.screen(text)
                    return r.text, r.residual > 0

                res = evaluate_set(run, ids, clinical)
                out[name] = {
                    "fold": k,
                    "recall": round(100 * res["recall"], 1),
                    "altered": round(100 * res["altered"], 2),
                    "missed_by_class": res["missed_by_class"],
                }
                print(f"{name}: fold {k}, {out[name]['recall']}% / {out[name]['altered']}%", flush=True)
        finally:
            phi_voter.voter = previous
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=SETS, help="folder of the written sets (and pending/)")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    if not (args.root / "pending").is_dir():
        sys.exit(f"no pending/ folder under {args.root}")
    figures = fold_figures(args.root, args.folds)
    ready = [n for n, f in figures.items() if f["recall"] >= 99.0 and f["altered"] <= 1.0]
    print(f"at 99% / 1% or better: {' '.join(ready) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
