"""``megacxr eval text``: style-robust retrieval and error discrimination on real shards, a known-good and a
known-bad embedder through the same scoring code, external items, baselines and the refusals."""

from __future__ import annotations

import json

import pytest
import torch
from helpers.cli import run_cli

from megacxr.errors import InputError
from megacxr.eval.embedders import load_text_embedder
from megacxr.eval.heldout_rewrites import HELDOUT_KINDS
from megacxr.eval.references import LexicalEmbedder, RandomInitEmbedder
from megacxr.eval.text_eval import (
    ERROR_ROWS,
    STYLE_KINDS,
    error_items,
    held_out_reports,
    read_items,
    score_items,
    style_queries,
    style_retrieval,
)
from megacxr.eval.text_run import flag_metrics


class LookupEmbedder:
    """Known-good (``sign=1``): each report's findings, full text and true impression share one direction,
    anything else (a rewrite with an error) gets a direction of its own. Known-bad (``sign=-1``): the true
    impression points away from its findings, so every rewrite beats it."""

    kind = "test"

    def __init__(self, reports, sign: float = 1.0, dim: int = 512):
        self.name = "good" if sign > 0 else "bad"
        gen = torch.Generator().manual_seed(0)
        self.basis = torch.nn.functional.normalize(torch.randn(len(reports), dim, generator=gen), dim=-1)
        self.own = {}
        for i, r in enumerate(reports):
            for text in (r.parts.findings, r.text):
                self.own.setdefault(text, self.basis[i])
            self.own.setdefault(r.parts.impression, sign * self.basis[i])
        self.dim, self.sign = dim, sign

    def embed(self, texts):
        rows = []
        for t in texts:
            if t in self.own:
                rows.append(self.own[t])
            else:
                g = torch.Generator().manual_seed(hash(t) % (2**31))
                rows.append(torch.nn.functional.normalize(torch.randn(self.dim, generator=g), dim=0))
        return torch.stack(rows)


class CollapsedEmbedder:
    kind, name = "test", "collapsed"

    def embed(self, texts):
        return torch.ones(len(texts), 8)


@pytest.fixture(scope="module")
def reports(train_corpus):
    shards, _ = train_corpus
    held, skipped = held_out_reports([str(shards)], "train")
    assert skipped == {"no_text": []}
    return held


def test_error_items_are_four_candidates_with_the_true_impression_first(reports):
    items, counts = error_items(reports, seed=0)
    assert counts["no_findings_or_impression"] + counts["fewer_than_three_rewrites"] < len(reports)
    kinds = {it.kind for it in items}
    assert "all" in kinds and kinds <= set(ERROR_ROWS)
    by_report = {r.key: r for r in reports}
    for it in items:
        report = by_report[it.id.rsplit("/", 1)[0]]
        assert it.answer == 0 and it.query == report.parts.findings and it.candidates[0] == report.parts.impression
        assert len(set(it.candidates)) == len(it.candidates)
        assert len(it.candidates) == 4 if it.kind == "all" else 2 <= len(it.candidates) <= 4
    again, _ = error_items(reports, seed=0)
    assert again == items and error_items(reports, seed=1)[0] != items


def _distinct(reports):
    """Reports whose findings and impression no other report shares (the lookup embedders know one direction
    per text), and items whose rewrites are not another report's text."""
    from collections import Counter

    seen = Counter(t for r in reports for t in {r.parts.findings, r.parts.impression})
    keep = [r for r in reports if seen[r.parts.findings] == 1 and seen[r.parts.impression] == 1]
    items, _ = error_items(keep, seed=0)
    return keep, [it for it in items if not any(seen[c] for c in it.candidates[1:])]


def test_known_good_and_known_bad_embedders_on_error_discrimination(reports):
    reports, items = _distinct(reports)
    assert len(items) >= 20
    good = score_items(LookupEmbedder(reports, 1.0), items)
    bad = score_items(LookupEmbedder(reports, -1.0), items)
    flat = score_items(CollapsedEmbedder(), items)
    for kind, acc in good.items():
        assert acc["strict"] == acc["tie_aware"] == 1.0, kind
        assert bad[kind]["strict"] == bad[kind]["tie_aware"] == 0.0, kind
        assert flat[kind]["strict"] == 0.0 and flat[kind]["tie_aware"] == pytest.approx(acc["chance"]), kind
    assert good["all"]["chance"] == 0.25 and good["all"]["items"] == sum(it.kind == "all" for it in items)


def test_style_queries_change_the_text_and_retrieval_ranks_the_original(reports):
    queries = style_queries(reports, seed=0)
    assert set(queries) == set(STYLE_KINDS)
    for kind, (texts, index, unchanged) in queries.items():
        assert len(texts) + unchanged == len(reports), kind
        assert all(t != reports[i].text for t, i in zip(texts, index, strict=False)), kind
    assert len(queries["style"][0]) == len(reports)  # every report has some other style
    good = style_retrieval(LookupEmbedder(reports), reports, queries, progress=False)
    flat = style_retrieval(CollapsedEmbedder(), reports, queries, progress=False)
    for kind in STYLE_KINDS:
        if good[kind]["queries"]:
            assert flat[kind]["R@1"] == 0.0 and flat[kind]["mean_rank"] == len(reports), kind
            assert good[kind]["MRR"] >= flat[kind]["MRR"], kind


def test_external_items_file(tmp_path):
    path = tmp_path / "items.jsonl"
    lines = [
        {"id": "a", "query": "left effusion", "candidates": ["left effusion", "right effusion"], "answer": 0},
        {"query": "no pneumothorax", "candidates": ["pneumothorax", "no pneumothorax"], "answer": "no pneumothorax"},
        {"id": "e", "query": " ", "candidates": ["x", "y"], "answer": 1},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    items, empty = read_items(path)
    assert [it.id for it in items] == ["a", "line2"] and [it.answer for it in items] == [0, 1]
    assert empty == ["e"]


@pytest.mark.parametrize(
    "line, field",
    [
        ("not json", "line"),
        ('{"query": 3, "candidates": ["a", "b"], "answer": 0}', "query"),
        ('{"query": "q", "candidates": ["a"], "answer": 0}', "candidates"),
        ('{"query": "q", "candidates": ["a", "b"], "answer": 2}', "answer"),
        ('{"query": "q", "candidates": ["a", "b"], "answer": "c"}', "answer"),
    ],
)
def test_a_malformed_items_line_names_the_file_line_and_field(tmp_path, line, field):
    path = tmp_path / "items.jsonl"
    path.write_text('{"query": "q", "candidates": ["a", "b"], "answer": 0}\n' + line + "\n")
    with pytest.raises(InputError) as err:
        read_items(path)
    message = str(err.value)
    assert "line 2" in message and str(path) in message and field in message
    assert "candidates" not in line or '"a"' not in message  # no cell content echoed


@pytest.fixture(scope="module")
def text_export(train_corpus, tmp_path_factory):
    from megacxr.models import PoolingConfig, ReportEncoder, TextModelConfig, export_encoder

    _, model = train_corpus
    enc = ReportEncoder.from_config(
        TextModelConfig(path=str(model), attention="sdpa", pooling=PoolingConfig(kind="mean"), lora={"enabled": False})
    )
    return export_encoder(enc, tmp_path_factory.mktemp("eval_text") / "export")


@pytest.fixture(scope="module")
def bert_folder(train_corpus, tmp_path_factory):
    """A tiny BERT with a WordPiece tokenizer saved locally: a Hugging Face baseline."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    from megacxr.data.plan import StreamConfig
    from megacxr.train.loop import report_texts

    shards, _ = train_corpus
    out = tmp_path_factory.mktemp("bert")
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(
        report_texts(StreamConfig(manifests=[str(shards)]), 500), trainers.WordPieceTrainer(special_tokens=specials)
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    fast.save_pretrained(out)
    torch.manual_seed(0)
    cfg = BertConfig(
        vocab_size=tok.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
    )
    BertModel(cfg).save_pretrained(out)
    return out


@pytest.mark.slow
def test_eval_text_cli_with_a_baseline_writes_json_markdown_and_png(train_corpus, text_export, bert_folder, tmp_path):
    shards, _ = train_corpus
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({"query": "left effusion", "candidates": ["left effusion", "none"], "answer": 0}))
    out = tmp_path / "text.json"
    res = run_cli(
        "eval", "text", "--encoder", str(text_export), "--shards", str(shards), "--split", "train",
        "--baseline", str(bert_folder), "--pooling", "mean", "--items", str(items), "--limit", "40",
        "--json", str(out), check=True, env={"OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    result = json.loads(out.read_text())
    names = list(result["encoders"])
    export = text_export.parent.name
    assert names == [export, f"{bert_folder.name} (mean)", f"random init ({export})", "lexical (tf-idf)"]
    assert [result["encoders"][n]["kind"] for n in names] == ["megacxr", "hf", "random", "lexical"]
    assert result["reports"] == 40
    flags = result["not_discriminative"]
    assert set(flags["style"]) == set(STYLE_KINDS) and "all" in flags["errors"]
    assert all(isinstance(v, bool) for part in flags.values() for v in part.values())
    for name in names:
        enc = result["encoders"][name]
        assert set(enc["style"]) == set(STYLE_KINDS)
        assert all(0.0 <= row["MRR"] <= 1.0 for row in enc["style"].values() if row["queries"])
        assert 0.0 <= enc["errors"]["all"]["tie_aware"] <= 1.0 and enc["external"]["external"]["items"] == 1
        assert set(enc["heldout"]) == {*HELDOUT_KINDS, "near_miss"} and enc["heldout"]["near_miss"]["distractors"] > 40
        assert sum(row["items"] for row in enc["error_pairs"].values()) == sum(result["error_pair_counts"].values())
        rows = [r for part in ("style", "heldout") for r in enc[part].values() if r["queries"]]
        for row in rows + [enc["errors"]["all"], *enc["error_pairs"].values()]:
            for metric, (lo, hi) in row["ci"].items():  # 95% bootstrap intervals around every value
                value = row[metric]
                assert lo <= value + 1e-12 and value <= hi + 1e-12, (name, metric)
    assert "style-robust retrieval" in res.stdout and "error discrimination" in res.stdout
    assert out.with_suffix(".md").read_text().startswith("# Report-encoder evaluation")
    assert out.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    held, _ = held_out_reports([str(shards)], "train", limit=40)
    sentences = {s.strip() for r in held for s in r.text.split(".") if len(s.strip()) > 12}
    written = out.read_text() + out.with_suffix(".md").read_text()
    assert sentences and not any(s in written for s in sentences)  # no report text in the JSON or the report


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_eval_text_refuses_a_clip_export_and_a_causal_lm(train_corpus, tmp_path):
    shards, model = train_corpus
    clip = tmp_path / "clip"
    clip.mkdir()
    (clip / "dual_tower.json").write_text("{}")
    res = run_cli("eval", "text", "--encoder", str(clip), "--shards", str(shards))
    assert res.returncode != 0 and "eval align" in res.stderr and str(clip) in res.stderr
    assert "Traceback" not in res.stderr
    res = run_cli("eval", "text", "--encoder", str(model), "--shards", str(shards))
    assert res.returncode != 0 and "decoder-only" in res.stderr and "Traceback" not in res.stderr


def test_a_random_encoder_is_flagged_on_a_lexical_kind_and_not_on_fact_changing_ones(train_corpus, text_export):
    """The not-discriminative flag on real items: sentence shuffling keeps every word, so an untrained encoder
    retrieves as well as any model (flagged); one-error rewrites change a fact (side, presence), and a model that
    reads every word (TF-IDF stands in for it here) beats the random-init encoder beyond its interval (not
    flagged)."""
    shards, _ = train_corpus
    reports, _ = held_out_reports([str(shards)], "train", limit=None)
    queries = {k: v for k, v in style_queries(reports).items() if k == "sentence_shuffle"}
    items, _ = error_items(reports)
    model = load_text_embedder(text_export)
    random = RandomInitEmbedder(model)
    assert not torch.equal(next(random.inner.model.parameters()), next(model.model.parameters()))
    reader = LexicalEmbedder([r.text for r in reports])
    result = {
        "encoders": {
            name: {
                "kind": kind,
                "style": style_retrieval(emb, reports, queries, False),
                "errors": score_items(emb, items),
            }
            for name, kind, emb in (("reader", "megacxr", reader), ("random", "random", random))
        }
    }
    flags = flag_metrics(result)
    assert flags["style"] == {"sentence_shuffle": True}
    assert flags["errors"]["all"] is False and flags["errors"]["laterality"] is False
    assert flags["errors"]["presence"] is False
