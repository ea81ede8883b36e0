"""The offline MTEB task of ``megacxr eval mteb-task`` (issue 29): BEIR files built from a shard split, evaluable
with ``mteb`` through the documented path (sentence-transformers loads the export, ``runpy`` the task file) in an
interpreter that cannot import megacxr, with nothing downloaded; mteb's recall equals megacxr's own ranking."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
import torch
from helpers.cli import readme_python

from megacxr.cli import MTEB_TASK_KINDS
from megacxr.eval.embedders import load_text_embedder
from megacxr.eval.mteb_task import MTEB_KINDS, TASK_FILE, write_mteb_task
from megacxr.eval.retrieval import retrieval_ranks, summarize_ranks

pytest.importorskip("mteb")  # a dev dependency: `make install` installs it


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def task(train_corpus, tmp_path_factory):
    shards, _ = train_corpus
    out = tmp_path_factory.mktemp("mteb") / "cxr-task"
    spec = write_mteb_task([str(shards)], out, split="train", kind="near_miss", limit=60)
    return out, spec


@pytest.fixture(scope="module")
def text_export(train_corpus, tmp_path_factory):
    from megacxr.models import PoolingConfig, ReportEncoder, TextModelConfig, export_encoder

    _, model = train_corpus
    torch.manual_seed(0)
    enc = ReportEncoder.from_config(
        TextModelConfig(path=str(model), attention="sdpa", pooling=PoolingConfig(kind="mean"), lora={"enabled": False})
    )
    return export_encoder(enc.eval(), tmp_path_factory.mktemp("mteb_export") / "export")


def test_the_task_files_are_consistent_beir_files(task):
    out, spec = task
    corpus, queries = _jsonl(out / "corpus.jsonl"), _jsonl(out / "queries.jsonl")
    with open(out / "qrels" / "test.tsv", newline="") as f:
        qrels = list(csv.DictReader(f, delimiter="\t"))
    docs = {d["_id"]: d["text"] for d in corpus}
    assert len(docs) == len(corpus) == spec["corpus"] > spec["reports"] == 60  # near misses join the originals
    assert len(queries) == len(qrels) == spec["queries"] > 0
    for q, rel in zip(queries, qrels, strict=True):
        assert rel["query-id"] == q["_id"] and rel["score"] == "1"
        assert q["text"] != docs[rel["corpus-id"]]  # another wording of the report it retrieves
    assert {d for d in docs if "~near" in d} and all(d.split("~")[0] in docs for d in docs)
    written = (out / "task.json").read_text()
    assert not any(d["text"] in written for d in corpus)  # names and counts only, no report text
    assert (out / TASK_FILE).is_file() and json.loads(written)["name"] == "CxrReportNearMissRetrieval"


def test_every_kind_builds_and_an_unknown_one_is_refused(train_corpus, tmp_path):
    shards, _ = train_corpus
    assert tuple(MTEB_TASK_KINDS) == MTEB_KINDS  # the CLI's choices, written out to keep --help light
    # 60 reports: the synth writes a measurement in about one report in seven, and which reports come first follows
    # the build's random salt; with 20, no report to rewrite into other units came up in about one run in thirty
    for kind in MTEB_KINDS[1:]:
        spec = write_mteb_task([str(shards)], tmp_path / kind, split="train", kind=kind, limit=60)
        assert spec["corpus"] == 60 and 0 < spec["queries"] <= 60, kind
    with pytest.raises(ValueError, match="unknown mteb task kind 'synonyms'"):
        write_mteb_task([str(shards)], tmp_path / "x", split="train", kind="synonyms")


# mteb's cut-offs compared with our own ranking. The encoder is random, so recall at 1-10 may be 0 (the corpus
# order, and with it the tokenizer, follows the shard build's random salt); recall at 100 of a corpus of several
# hundred is well inside (0, 1) for any encoder, so the comparison always has something to agree on.
RECALL_AT = (1, 5, 10, 20, 100)


def _our_recall(export, out) -> dict[str, tuple[float, float]]:
    """megacxr's own recall@k of the task, with ties counted against and for the query (mteb orders ties its way)."""
    corpus, queries = _jsonl(out / "corpus.jsonl"), _jsonl(out / "queries.jsonl")
    ids = [d["_id"] for d in corpus]
    index = torch.tensor([ids.index(q["_id"][2:]) for q in queries])
    embedder = load_text_embedder(export)
    docs, qs = embedder.embed([d["text"] for d in corpus]), embedder.embed([q["text"] for q in queries])
    got = {}
    for ties in ("pessimistic", "optimistic"):
        row = summarize_ranks(retrieval_ranks(qs, docs, index, ties=ties), RECALL_AT, ties=ties)["i2t"]
        got[ties] = row
    return {f"recall_at_{k}": (got["pessimistic"][f"R@{k}"], got["optimistic"][f"R@{k}"]) for k in RECALL_AT}


@pytest.mark.slow  # one interpreter start with mteb
def test_mteb_evaluates_the_task_where_megacxr_cannot_be_imported(task, text_export, tmp_path):
    out, _ = task
    recipe = readme_python(  # README's documented path, as written
        "The report encoder in MTEB, offline",
        {'"cxr-task/mteb_task.py"': repr(str(out / TASK_FILE)), '"runs/supcon/export"': repr(str(text_export))},
    )
    script = (
        "import sys, json, warnings; sys.modules['megacxr'] = None\n"
        "warnings.simplefilter('ignore')\n" + recipe + "s = result.task_results[0].scores['test'][0]\n"
        "print(json.dumps({k: v for k, v in s.items() if k.startswith(('recall_at_', 'ndcg_at_'))}))\n"
    )
    env = {
        "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1",
        "HF_MODULES_CACHE": str(tmp_path / "modules"), "HF_HOME": str(tmp_path / "hf"), "HOME": str(tmp_path),
    }  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=600, env=env
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    scores = json.loads(proc.stdout.strip().splitlines()[-1])
    assert all(0 <= scores[f"ndcg_at_{k}"] <= 1 for k in (1, 10, 100))
    ours = _our_recall(text_export, out)
    assert 0 < ours["recall_at_100"][0] < 1, ours  # something to agree on, whatever the random encoder ranks
    for metric, (low, high) in ours.items():
        assert low - 5e-5 <= scores[metric] <= high + 5e-5, (
            metric,
            scores[metric],
            low,
            high,
        )  # mteb rounds to 4 places
