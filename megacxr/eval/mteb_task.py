"""``megacxr eval mteb-task``: an offline MTEB retrieval task built from a shard split, evaluable with ``mteb`` in
any environment (megacxr need not be installed there; nothing is downloaded).

MTEB's own tasks download their data from the Hugging Face Hub, which hospital clusters cannot reach. This writes
one task into a folder:

* ``corpus.jsonl`` (``{"_id", "text"}``), ``queries.jsonl`` (``{"_id", "text"}``) and ``qrels/test.tsv``
  (``query-id``, ``corpus-id``, ``score``): the BEIR layout MTEB's retrieval tasks use, readable by any tool;
* ``mteb_task.py``: the task class (``CxrReportRetrieval``, an ``AbsTaskRetrieval`` whose data are these files),
  importing ``mteb`` and ``datasets`` only;
* ``task.json``: what it was built from (split, kind, counts; shard folders by name, no report text).

The queries are the held-out rewrites of ``megacxr.eval.heldout_rewrites`` (other words, the same facts), so a
model that only matches words is not rewarded: ``near_miss`` (the default) retrieves each report's lay-terms
rewrite among all originals plus every report's one-error rewrites in the same lay terms
(``megacxr.eval.text_heldout``); ``lay_terms``, ``clause_order``, ``units`` and ``hedging`` retrieve the rewrite's
original among the originals only. The documented use (README, "Use a trained model")::

    import runpy, mteb
    from sentence_transformers import SentenceTransformer
    task = runpy.run_path("cxr-task/mteb_task.py")["CxrReportRetrieval"]()
    model = SentenceTransformer("runs/supcon/export", trust_remote_code=True)
    result = mteb.evaluate(model, task, cache=None)

The files hold report text (they are the split's reports, rewritten): keep them where the shards are kept.
"""

from __future__ import annotations

import json
import logging
import runpy
from collections.abc import Sequence
from pathlib import Path

from megacxr.eval.heldout_rewrites import HELDOUT_KINDS, rewrite
from megacxr.eval.text_eval import held_out_reports
from megacxr.eval.text_heldout import NEAR_MISS_QUERY, near_misses

log = logging.getLogger("megacxr.eval")

__all__ = ["MTEB_KINDS", "TASK_FILE", "evaluate_mteb_task", "write_mteb_task"]

MTEB_KINDS = ("near_miss", *HELDOUT_KINDS)
TASK_FILE = "mteb_task.py"

# The task class, written beside the data. It imports mteb and datasets only: it runs where megacxr is absent.
_TASK_SOURCE = '''"""An offline MTEB retrieval task written by ``megacxr eval mteb-task`` (task.json: from what).

    import runpy, mteb
    task = runpy.run_path("<this folder>/mteb_task.py")["CxrReportRetrieval"]()
    result = mteb.evaluate(model, task, cache=None)

The data are the BEIR files beside this one; nothing is downloaded.
"""

import csv
import json
from pathlib import Path

from datasets import Dataset
from mteb.abstasks.retrieval import AbsTaskRetrieval
from mteb.abstasks.task_metadata import TaskMetadata

HERE = Path(__file__).resolve().parent
SPEC = json.loads((HERE / "task.json").read_text())


def _jsonl(name):
    with open(HERE / name, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return Dataset.from_list([{"id": str(r["_id"]), "text": r["text"]} for r in rows])


class CxrReportRetrieval(AbsTaskRetrieval):
    metadata = TaskMetadata(
        name=SPEC["name"],
        description=SPEC["description"],
        reference=None,
        dataset={"path": str(HERE), "revision": SPEC["revision"]},
        type="Retrieval",
        category="t2t",
        modalities=["text"],
        eval_splits=["test"],
        eval_langs=["eng-Latn"],
        main_score="ndcg_at_10",
        date=None,
        domains=["Medical", "Written"],
        task_subtypes=[],
        license="not specified",
        annotations_creators="algorithmic",
        dialect=[],
        sample_creation="created",
        bibtex_citation="",
        is_public=False,
    )

    def load_data(self, num_proc=None, **kwargs):
        if self.data_loaded:
            return
        qrels = {}
        with open(HERE / "qrels" / "test.tsv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\\t"):
                qrels.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
        split = {"corpus": _jsonl("corpus.jsonl"), "queries": _jsonl("queries.jsonl"), "relevant_docs": qrels,
                 "top_ranked": None}
        self.dataset = {"default": {"test": split}}
        self.data_loaded = True
'''


def _pairs(reports, kind: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """(corpus, queries, qrels) as (id, text) / (query id, corpus id) pairs. Ids are the shards' opaque keys."""
    corpus = [(r.key, r.text) for r in reports]
    query_kind = NEAR_MISS_QUERY if kind == "near_miss" else kind
    queries, qrels = [], []
    for r in reports:
        text = rewrite(query_kind, r.text)
        if text != r.text:  # a rule that leaves the report unchanged gives no query
            queries.append((f"q-{r.key}", text))
            qrels.append((f"q-{r.key}", r.key))
    if kind == "near_miss":
        texts, owners = near_misses(reports)
        seen: dict[int, int] = {}
        for text, owner in zip(texts, owners, strict=True):
            seen[owner] = seen.get(owner, 0) + 1
            corpus.append((f"{reports[owner].key}~near{seen[owner]}", text))
    return corpus, queries, qrels


def write_mteb_task(
    shards: Sequence[str], out: str | Path, *, split: str = "test", kind: str = "near_miss", limit: int | None = None
) -> dict:
    """Write the task folder (module docstring); return its ``task.json``."""
    if kind not in MTEB_KINDS:
        raise ValueError(f"unknown mteb task kind {kind!r}; choose from {', '.join(MTEB_KINDS)}")
    reports, skipped = held_out_reports(shards, split, limit)
    corpus, queries, qrels = _pairs(reports, kind)
    if not queries:
        raise ValueError(f"the {kind} rewrite changes none of the {len(reports)} reports of split {split!r}")
    out = Path(out)
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    for name, rows in (("corpus.jsonl", corpus), ("queries.jsonl", queries)):
        with open(out / name, "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"_id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in rows)
    with open(out / "qrels" / "test.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        f.writelines(f"{q}\t{c}\t1\n" for q, c in qrels)
    spec = {
        "name": f"CxrReport{''.join(p.title() for p in kind.split('_'))}Retrieval",
        "description": (
            f"Chest X-ray reports of the {split} split: each query, a held-out {kind} rewrite of a report, "
            "retrieves that report"
            + (" among all reports and their one-error rewrites." if kind == "near_miss" else ".")
        ),
        "revision": "local",
        "kind": kind,
        "split": split,
        "shards": [Path(s).name for s in shards],
        "reports": len(reports),
        "queries": len(queries),
        "corpus": len(corpus),
        "skipped_no_text": len(skipped["no_text"]),
    }
    (out / "task.json").write_text(json.dumps(spec, indent=2) + "\n")
    (out / TASK_FILE).write_text(_TASK_SOURCE)
    log.info("mteb task %s: %d queries, %d documents in %s", spec["name"], len(queries), len(corpus), out)
    return spec


def evaluate_mteb_task(task_dir: str | Path, encoder: str | Path, *, batch_size: int = 32) -> dict[str, float]:
    """Evaluate a text export on a written task with mteb, as a user would (sentence-transformers loads the export;
    the task comes from its own file); return the main retrieval scores. mteb and sentence-transformers are
    optional dependencies of megacxr, imported here only."""
    try:
        import mteb
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise ImportError("megacxr eval mteb-task --encoder needs `pip install mteb sentence-transformers`") from err
    task = runpy.run_path(str(Path(task_dir) / TASK_FILE))["CxrReportRetrieval"]()
    model = SentenceTransformer(str(encoder), trust_remote_code=True, local_files_only=True)
    result = mteb.evaluate(model, task, cache=None, show_progress_bar=False, encode_kwargs={"batch_size": batch_size})
    scores = result.task_results[0].scores["test"][0]
    return {k: float(scores[k]) for k in ("ndcg_at_10", "recall_at_1", "recall_at_5", "recall_at_10", "mrr_at_10")}
