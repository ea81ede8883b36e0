"""``megacxr variants generate`` end to end with a tiny random local causal LM: every output is judged and
counted, partitions join to the single run, a restarted run skips what is done, other runs' files and bad model
folders are refused."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
from helpers.cli import run_cli

from megacxr.errors import InputError
from megacxr.generate.backends import GenerationConfig, check_model_dir
from megacxr.generate.checks import REASONS
from megacxr.generate.job import GenerateConfig, generate_variants, load_prompts, merge_parts, part_path

SPLIT = "test"  # the small held-out split of the session corpus


def _cfg(train_corpus, out, **kw) -> GenerateConfig:
    shards, model = train_corpus
    gen = GenerationConfig(max_new_tokens=kw.pop("max_new_tokens", 8), batch_size=kw.pop("batch_size", 1))
    base = GenerateConfig(
        shards=[str(shards)], model=str(model), kind="paraphrase", out=str(out), split=SPLIT, progress=False
    )
    return replace(base, generation=gen, **kw)


def _lines(path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()] if path.is_file() else []


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_cli_generation_with_a_random_model_rejects_every_output_and_counts_why(train_corpus, tmp_path):
    shards, model = train_corpus
    out = tmp_path / "errors.jsonl"
    res = run_cli(
        "variants", "generate", "--shards", str(shards), "--split", SPLIT, "--model", str(model),
        "--kind", "errors", "--out", str(out), "--max-new-tokens", "24", "--batch-size", "4", check=True,
    )  # fmt: skip
    summary = json.loads((tmp_path / "errors.jsonl.summary.json").read_text())
    rejected = _lines(tmp_path / "errors.jsonl.rejected.jsonl")
    n = summary["generated"]
    assert n > 5 and summary["kept"] == 0 and out.read_text() == ""  # random weights write no valid rewrite
    assert sum(summary["rejected"].values()) == n == len(rejected) == len({r["key"] for r in rejected})
    assert {r["reason"] for r in rejected} <= set(REASONS)
    assert all(summary["rejected"][r] == sum(x["reason"] == r for x in rejected) for r in REASONS)
    assert all(set(r) <= {"key", "reason", "changes", "error_kind"} for r in rejected)  # never generated text
    assert summary["tokens_per_s"] > 0 and summary["engine"] == "transformers"
    assert f"kept 0 of {n} outputs" in res.stdout and "rejected" in res.stdout and "tokens/s" in res.stdout


def test_two_partitions_merged_equal_one_run_and_a_restart_skips_what_is_done(train_corpus, tmp_path):
    single = _cfg(train_corpus, tmp_path / "one" / "v.jsonl")
    whole = generate_variants(single)
    for i in range(2):
        part = generate_variants(replace(single, out=str(tmp_path / "two" / "v.jsonl"), num_partitions=2, partition=i))
        assert (
            part["out"] == str(part_path(tmp_path / "two" / "v.jsonl", i, 2))
            and 0 < part["generated"] < whole["generated"]
        )
    merged = merge_parts(tmp_path / "two" / "v.jsonl")
    assert merged["rejected"] == whole["rejected"] and merged["kept"] == whole["kept"]
    for name in ("v.jsonl", "v.jsonl.rejected.jsonl"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()

    # resume: 3 reports, a kill mid-line, then the rest; every key exactly once, same judgements as one run
    out = tmp_path / "resumed" / "v.jsonl"
    first = generate_variants(replace(single, out=str(out), limit=3))
    assert first["generated"] == 3
    with open(str(out) + ".rejected.jsonl", "a") as fh:
        fh.write('{"key": "cut-sh')  # a line cut short by a kill
    rest = generate_variants(replace(single, out=str(out)))
    assert rest["done"] == 3 and rest["generated"] == whole["generated"] - 3
    assert (tmp_path / "resumed" / "v.jsonl.rejected.jsonl").read_bytes() == (
        tmp_path / "one" / "v.jsonl.rejected.jsonl"
    ).read_bytes()
    again = generate_variants(replace(single, out=str(out)))
    assert again["generated"] == 0 and again["done"] == whole["generated"]


def test_an_output_of_another_run_is_refused_unless_append(train_corpus, tmp_path):
    cfg = _cfg(train_corpus, tmp_path / "v.jsonl", limit=2)
    generate_variants(cfg)
    other = replace(cfg, generation=GenerationConfig(max_new_tokens=5, batch_size=1), limit=4)
    with pytest.raises(InputError, match=r"another run \(differs in: generation\).*--append"):
        generate_variants(other)
    prompts = tmp_path / "mine.txt"
    prompts.write_text("Rewrite: {report}\nAnswer:")
    with pytest.raises(InputError, match="prompts_sha"):
        generate_variants(replace(cfg, prompts=str(prompts)))
    assert generate_variants(replace(other, append=True))["done"] == 2
    assert len(json.loads((tmp_path / "v.jsonl.run.json").read_text())["runs"]) == 2
    stranger = tmp_path / "stranger.jsonl"
    stranger.write_text('{"key": "a", "variants": ["x"]}\n')
    with pytest.raises(InputError, match="not written by megacxr"):
        generate_variants(replace(cfg, out=str(stranger)))


def test_bad_model_folders_and_templates_are_refused_in_one_line(train_corpus, tmp_path):
    _, model = train_corpus
    with pytest.raises(InputError, match="no such model folder"):
        check_model_dir(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no config.json"):
        check_model_dir(tmp_path / "empty")
    encoder = tmp_path / "bert"
    encoder.mkdir()
    (encoder / "config.json").write_text(json.dumps({"model_type": "bert", "architectures": ["BertModel"]}))
    with pytest.raises(InputError, match="not a causal language model"):
        check_model_dir(encoder)
    no_tok = tmp_path / "no_tok"
    no_tok.mkdir()
    shutil.copy(model / "config.json", no_tok / "config.json")
    with pytest.raises(InputError, match="no tokenizer"):
        check_model_dir(no_tok)
    res = run_cli(
        "variants", "generate", "--shards", str(train_corpus[0]), "--model", str(encoder), "--kind", "paraphrase",
        "--out", str(tmp_path / "v.jsonl"),
    )  # fmt: skip
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and str(encoder) in lines[0] and "causal" in lines[0]
    bad = tmp_path / "bad.txt"
    bad.write_text("# only a comment\nRewrite the report.")
    with pytest.raises(InputError, match=r"\{report\}"):
        load_prompts("paraphrase", bad)
    bad.write_text("error severity: make it worse\nReport: {report}\nError: {error}")
    with pytest.raises(InputError, match="'error <kind>:' lines for"):
        load_prompts("errors", bad)
    shipped = load_prompts("errors")
    assert "{report}" not in shipped.render("No effusion.", "location") and "left to right" in shipped.render(
        "No effusion.", "location"
    )


def test_a_prompt_the_models_context_cannot_hold_is_counted_not_sent(train_corpus, tmp_path):
    """Issue 28: the prompt length is capped by the model's context (the tiny model's 2048 positions): a prompt
    whose tokens plus ``max_new_tokens`` exceed it is ``prompt_too_long`` and never sent; a ``max_new_tokens`` that
    fills the whole context is one error naming the setting."""
    out = tmp_path / "v.jsonl"
    summary = generate_variants(_cfg(train_corpus, out, limit=3, max_new_tokens=2040))  # 8 tokens left for prompts
    assert summary["generated"] == 3 and summary["kept"] == 0
    assert summary["rejected"]["prompt_too_long"] == 3
    with pytest.raises(InputError, match=r"generation\.max_new_tokens.*context of 2048 tokens"):
        generate_variants(_cfg(train_corpus, tmp_path / "w.jsonl", limit=3, max_new_tokens=2048))


def test_a_prompt_over_the_length_cap_is_counted_not_sent(train_corpus, tmp_path, monkeypatch):
    """A report whose prompt no model's context holds is rejected as ``prompt_too_long`` before generation (a
    40 MB report would otherwise abort the tokenizer with no summary)."""
    from megacxr.generate import job

    monkeypatch.setattr(job, "MAX_PROMPT_CHARS", 10)  # every prompt is over it
    out = tmp_path / "v.jsonl"
    summary = generate_variants(_cfg(train_corpus, out, limit=3))
    assert summary["generated"] == 3 and summary["kept"] == 0
    assert summary["rejected"]["prompt_too_long"] == 3 and summary.get("engine") == "transformers"
    rejected = _lines(tmp_path / "v.jsonl.rejected.jsonl")
    assert [r["reason"] for r in rejected] == ["prompt_too_long"] * 3
