"""PHI screen: megacxr's regex screen against the de-identification libraries of the package index, one run.

Measured on one corpus written by ``megacxr synth --source csv`` (its planted identifiers: names after titles,
labels and contact verbs, Last, First, lower-case names, Hangul names, dates, MRNs, phones, e-mails, US and
Korean addresses, ages over 89, IP addresses; every one recorded in ``phi_planted.jsonl``):

* recall: share of planted identifiers with no identifying part left (``megacxr.shards.phi_eval.caught``);
* over-redaction: share of clinical-vocabulary sentences (eponyms, devices, signs, anatomy) the screen altered;
* studies/s over the corpus's reports, one process; ratio to megacxr's screen.

Candidates, each an optional import (this script runs wherever they are installed; nothing is downloaded):
``scrubadub`` (its default detectors) and ``philter-lite`` (UCSF Philter's maintained fork, with its bundled
``philter_delta.toml``). A candidate that cannot run offline is reported with the reason.

    python -m megacxr synth --source csv --out /tmp/phi_corpus --studies 2000
    python benchmarks/bench_phi.py --corpus /tmp/phi_corpus          # appends to benchmarks/RESULTS.md
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from megacxr.shards.phi import PhiScreen  # noqa: E402
from megacxr.shards.phi_eval import evaluate, over_redaction  # noqa: E402


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
        return head.stdout.strip() + (" (+ uncommitted changes)" if dirty.strip() else "")
    except OSError:
        return "no commit"


def candidates() -> dict:
    """name -> (screen function or None, note)."""
    out = {}
    ours = PhiScreen()
    out["megacxr PhiScreen (regex)"] = (lambda t: ours.screen(t).text, "")
    try:
        import scrubadub

        scrubber = scrubadub.Scrubber()
        out[f"scrubadub {scrubadub.__version__} (default detectors)"] = (scrubber.clean, "")
    except Exception as exc:
        out["scrubadub"] = (None, f"not usable here ({type(exc).__name__})")
    try:
        import philter_lite

        config = Path(philter_lite.__file__).parent / "configs" / "philter_delta.toml"
        filters = philter_lite.load_filters(str(config))

        def philter(text: str) -> str:
            include, _, _ = philter_lite.detect_phi(text, patterns=filters)
            return philter_lite.transform_text_asterisk(text, include)

        philter("Discussed with Dr. Smith.")  # fails here when its NLTK data is not on disk
        out["philter-lite (philter_delta.toml)"] = (philter, "")
    except Exception as exc:
        reason = (
            "its NLTK part-of-speech tagger data is not installed and cannot be downloaded offline"
            if "nltk" in repr(exc).lower() or "Resource" in str(exc)
            else type(exc).__name__
        )
        out["philter-lite"] = (None, f"does not run offline: {reason}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="a `megacxr synth --source csv` output folder")
    ap.add_argument("--no-write", action="store_true", help="print only; do not append to RESULTS.md")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    with open(corpus / "reports.csv", newline="") as fh:
        reports = {row["study_id"]: row["report"] for row in csv.DictReader(fh)}
    planted = [json.loads(line) for line in (corpus / "phi_planted.jsonl").read_text().splitlines()]
    rows, base = [], None
    for name, (fn, note) in candidates().items():
        if fn is None:
            rows.append(f"| {name} | - | - | - | {note} |")
            continue
        res, over = evaluate(fn, reports, planted), over_redaction(fn)
        base = base or res["studies_per_s"]
        missed = ", ".join(f"{k} {v}" for k, v in res["missed_by_kind"].items()) or "none"
        rows.append(
            f"| {name} | {100 * res['recall']:.2f}% | {100 * over['share']:.2f}% | "
            f"{res['studies_per_s']:.0f} ({res['studies_per_s'] / base:.2f}x) | missed: {missed} |"
        )
        print(name, json.dumps(res), json.dumps(over))
    kinds = sorted({p["kind"] for p in planted})
    entry = [
        f"## {dt.date.today().isoformat()} PHI screen vs de-identification libraries (`benchmarks/bench_phi.py`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}",
        f"- commit: {git_commit()}",
        f"- corpus: `megacxr synth --source csv`, {len(reports)} reports, {len(planted)} planted identifiers "
        f"({', '.join(kinds)}); over-redaction: {over_redaction(lambda t: t)['sentences']} "
        "clinical-vocabulary sentences (`phi_eval.CLINICAL_VOCABULARY` x 5 contexts)",
        "",
        "| screen | recall | over-redaction | studies/s (ratio) | notes |",
        "| --- | ---: | ---: | ---: | --- |",
        *rows,
        "",
    ]
    print("\n".join(entry))
    if not args.no_write:
        with open(REPO / "benchmarks" / "RESULTS.md", "a") as fh:
            fh.write("\n" + "\n".join(entry))
    return 0


if __name__ == "__main__":
    sys.exit(main())
