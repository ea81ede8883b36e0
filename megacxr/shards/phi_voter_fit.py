"""Fit the PHI screen's learned voter (``phi_voter``) on the written sets and write its weight table.

    python -m megacxr.shards.phi_voter_fit                      # every set under tests/data/phi (and pending/)
    python -m megacxr.shards.phi_voter_fit --sets dev heldout1  # some of them; --out elsewhere to try a table

Each written set is report snippets with their identifying strings marked (``{"text", "secrets"}``) and report
text without any (``{"text"}``). Every candidate token (``phi_voter.candidate``) is one example: identifying
when it lies inside a marked secret; titles and function words inside a secret ("Dr", "of") are left out, and
so is an unmarked token the rules mask in an identifier snippet (the writer may have left a town unmarked: the
model should not learn that towns are safe). Every snippet also counts in lower and in upper case: exports come
in both, and a writer's capitals are not what makes a name.

The model is scikit-learn's L2 logistic regression (liblinear, fixed seed: the same sets give the same table)
over the string features of ``phi_voter.features``, seen twice or more; weights under ``--prune`` are dropped.
The table's header records the sets and a fingerprint of their files, which ``tests/test_phi_voter.py`` checks:
a set that changed after the fit is stale. scikit-learn is needed here only, never to screen.

The table holds words of the text it was fitted on ("w=okonkwo"): the written sets are invented, but a table
fitted on real reports holds their patients' names and must be kept with that data, never shipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from megacxr.shards.phi import PhiScreen, cleaned, reading
from megacxr.shards.phi_eval import NOT_IDENTIFYING, load_set
from megacxr.shards.phi_voter import GROW, SEED, TOKEN, WEIGHTS, candidate, features, glued

SETS = Path(__file__).resolve().parents[2] / "tests" / "data" / "phi"
TABLE = Path(__file__).resolve().parent / "tables" / WEIGHTS


def set_files(root: Path, names: list[str] | None = None) -> list[tuple[Path, Path]]:
    """(identifiers, clinical) file pairs of the sets under ``root`` and ``root/pending``, by name order."""
    pairs = []
    for ids in sorted([*root.glob("*_identifiers.jsonl"), *root.glob("pending/*_identifiers.jsonl")]):
        name = ids.name.removesuffix("_identifiers.jsonl")
        if names is None or name in names:
            pairs.append((ids, ids.with_name(f"{name}_clinical.jsonl")))
    return pairs


def fingerprint(pairs: list[tuple[Path, Path]]) -> str:
    """SHA-256 over the sets' names and bytes, in order."""
    h = hashlib.sha256()
    for ids, clinical in pairs:
        for path in (ids, clinical):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def examples(screen: PhiScreen, text: str, secrets: list[str]) -> list[tuple[list[str], int]]:
    """(features, label) of every candidate token of ``text`` as the screen reads it."""
    base = reading(cleaned(text))
    marked = bytearray(len(base))
    loose: set[str] = set()  # a secret the cleaning changed (invisible characters inside): its words, anywhere
    for secret in secrets:
        s = reading(cleaned(secret))
        at = base.find(s) if s else -1
        if at < 0:
            loose |= {w.lower() for w in TOKEN.findall(s)}
        while at >= 0:
            marked[at : at + len(s)] = b"\x01" * len(s)
            at = base.find(s, at + 1)
    masked = screen.rule_mask(base) if secrets else base
    spans = [m.span() for m in TOKEN.finditer(base)]
    out = []
    for i, (a, b) in enumerate(spans):
        word = base[a:b]
        if not candidate(word) or glued(base, a, b):
            continue
        label = int(any(marked[a:b]) or word.lower() in loose)
        if label and word.lower() in NOT_IDENTIFYING:
            continue  # "Dr", "of" inside a secret: what a person is, not who
        if not label and masked[a] == "_":
            continue  # the rules call it identifying and the writer did not mark it: no lesson either way
        out.append((features(base, spans, i), label))
    return out


def case_variants(text: str, secrets: list[str]):
    yield text, secrets
    yield text.lower(), [s.lower() for s in secrets]
    yield text.upper(), [s.upper() for s in secrets]


def collect(pairs: list[tuple[Path, Path]]) -> tuple[list[list[str]], np.ndarray]:
    screen = PhiScreen(voter=False)
    rows, labels = [], []
    for ids, clinical in pairs:
        for item in load_set(ids) + load_set(clinical):
            for text, secrets in case_variants(item["text"], item.get("secrets", [])):
                for f, y in examples(screen, text, secrets):
                    rows.append(f)
                    labels.append(y)
    return rows, np.asarray(labels)


def fit(pairs: list[tuple[Path, Path]], c: float = 3.0, prune: float = 0.1) -> tuple[dict[str, float], float, int]:
    """(weights, bias, examples) of the logistic model fitted on ``pairs``."""
    rows, labels = collect(pairs)
    return fit_rows(rows, labels, c, prune)


def fit_rows(
    rows: list[list[str]], labels: np.ndarray, c: float = 3.0, prune: float = 0.1
) -> tuple[dict[str, float], float, int]:
    """``fit`` on examples already collected (the fold script collects each set once for all its folds)."""
    vec = CountVectorizer(analyzer=lambda f: f, min_df=2, binary=True)
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=3000, random_state=0).fit(x, labels)
    weights = {k: float(w) for k, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True) if abs(w) >= prune}
    return weights, float(model.intercept_[0]), len(labels)


def write_table(path: Path, weights: dict[str, float], bias: float, header: list[str]) -> None:
    lines = [f"# {h}" for h in header]
    lines += [f"<bias>\t{bias:.3f}", f"<seed>\t{SEED}", f"<grow>\t{GROW}"]
    lines += [f"{k}\t{w:.3f}" for k, w in sorted(weights.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=SETS, help="folder of the written sets (and pending/)")
    ap.add_argument("--sets", nargs="*", help="set names (default: all)")
    ap.add_argument("--out", type=Path, default=TABLE)
    ap.add_argument("--c", type=float, default=3.0, help="inverse L2 strength")
    ap.add_argument("--prune", type=float, default=0.1, help="drop weights smaller than this")
    args = ap.parse_args(argv)
    pairs = set_files(args.root, args.sets)
    if not pairs:
        raise SystemExit(f"no written sets under {args.root}")
    weights, bias, n = fit(pairs, args.c, args.prune)
    header = [
        "megacxr PHI voter: feature<TAB>weight (log-odds); written by python -m megacxr.shards.phi_voter_fit",
        f"fitted {dt.date.today().isoformat()} on {n} candidate tokens, C={args.c}, prune={args.prune}",
        "sets: " + " ".join(ids.name.removesuffix("_identifiers.jsonl") for ids, _ in pairs),
        f"fingerprint: {fingerprint(pairs)}",
    ]
    write_table(args.out, weights, bias, header)
    print(f"{len(weights)} weights from {n} examples of {len(pairs)} sets -> {args.out}")


if __name__ == "__main__":
    main()
