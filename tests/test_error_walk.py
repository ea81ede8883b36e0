"""One error convention for every command (issue 28): a walk over bad inputs of `variants`, `eval`, config values
and an unexpected failure. Each bad input ends in one line on stderr that names the file (or the setting) and no
traceback; `megacxr --debug` (or MEGACXR_DEBUG=1) gives the traceback of an unexpected error."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers.cli import run_cli

from megacxr.cli import main
from megacxr.errors import InputError
from megacxr.train.checkpoint import Checkpointer


def _one_line(capsys, code: int, *needles: str) -> str:
    err = capsys.readouterr().err.strip()
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert all(n in lines[0] for n in needles), (needles, lines[0])
    return lines[0]


@pytest.fixture()
def bad_models(train_corpus, tmp_path):
    """Model folders that transformers would answer with a traceback: config.json a list, no weights, a cut
    tokenizer.json."""
    _, model = train_corpus
    folders = {}
    for name in ("list_config", "no_weights", "cut_tokenizer"):
        folders[name] = tmp_path / name
        shutil.copytree(model, folders[name])
    (folders["list_config"] / "config.json").write_text("[1, 2]")
    for weights in folders["no_weights"].glob("*.safetensors"):
        weights.unlink()
    (folders["cut_tokenizer"] / "tokenizer.json").write_text('{"version": "1.0", "trunc')
    return folders


@pytest.mark.parametrize(
    "name,needle", [("list_config", "config.json"), ("no_weights", "no weights"), ("cut_tokenizer", "tokenizer.json")]
)
def test_bad_model_folders_are_one_line_for_variants_and_eval(train_corpus, bad_models, tmp_path, capsys, name, needle):
    shards, _ = train_corpus
    folder = bad_models[name]
    code = main(
        ["variants", "generate", "--shards", str(shards), "--model", str(folder), "--kind", "paraphrase",
         "--out", str(tmp_path / "v.jsonl"), "--device", "cpu", "--limit", "2"]
    )  # fmt: skip
    assert code == 2
    _one_line(capsys, code, str(folder), needle, "'model'")
    code = main(["eval", "text", "--encoder", str(folder), "--shards", str(shards), "--limit", "4"])
    assert code == 2
    _one_line(capsys, code, str(folder), "'encoder'")


def test_bad_prompt_files_and_run_records_are_one_line(train_corpus, tmp_path, capsys):
    shards, model = train_corpus
    out = tmp_path / "v.jsonl"
    base = ["variants", "generate", "--shards", str(shards), "--model", str(model), "--kind", "paraphrase",
            "--out", str(out), "--device", "cpu", "--limit", "2"]  # fmt: skip
    binary = tmp_path / "prompt.txt"
    binary.write_bytes(b"\xff\xfe\x00{report}\x80")
    assert main([*base, "--prompts", str(binary)]) == 2
    _one_line(capsys, 2, str(binary), "UTF-8")
    huge = tmp_path / "huge.txt"
    huge.write_text("{report}\n" + "x" * (2 * 2**20))
    assert main([*base, "--prompts", str(huge)]) == 2
    _one_line(capsys, 2, str(huge), "limit")
    out.write_text("")
    record = tmp_path / "v.jsonl.run.json"
    for bad in ("{not json", "[1, 2]", '{"signature": 3}'):
        record.write_text(bad)
        assert main(base) == 2
        _one_line(capsys, 2, str(record))
    parts = [tmp_path / f"m.part-0000{i}-of-00002.jsonl" for i in range(2)]
    for p in parts:
        p.write_text(json.dumps({"key": p.name, "variants": ["x"]}) + "\n")
    (tmp_path / f"{parts[0].name}.run.json").write_text('{"signature": {"kind": "paraphrase"}}')
    (tmp_path / f"{parts[1].name}.run.json").write_text("{cut")
    assert main(["variants", "merge", "--out", str(tmp_path / "m.jsonl")]) == 2
    _one_line(capsys, 2, "run.json")
    (tmp_path / f"{parts[1].name}.run.json").write_text('{"signature": {"kind": "paraphrase"}}')
    parts[1].write_text('{"key": "a"}\nnot a record\n')
    assert main(["variants", "merge", "--out", str(tmp_path / "m.jsonl")]) == 2
    _one_line(capsys, 2, str(parts[1]), "line 2")


def test_a_bad_config_value_is_one_line_naming_the_setting(tmp_path, capsys):
    config = tmp_path / "mntp.yaml"
    config.write_text("stage: mntp\noptim:\n  lr: fast\n")
    code = main(["train", "--config", str(config)])
    assert code == 2
    _one_line(capsys, code, "lr")


def test_an_unexpected_error_is_one_line_unless_debug(train_corpus, tmp_path, capsys, monkeypatch):
    _, model = train_corpus
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    args = ["init-model", "--shape", "tiny", "--out", str(blocker / "sub"), "--tokenizer", str(model)]
    monkeypatch.delenv("MEGACXR_DEBUG", raising=False)
    assert main(args) == 1
    line = _one_line(capsys, 1, "unexpected NotADirectoryError", "`megacxr init-model`", "megacxr/", "--debug")
    assert str(blocker) not in line  # the message (which may quote a path or a report) is never printed
    with pytest.raises(NotADirectoryError):
        main(["--debug", *args])
    monkeypatch.setenv("MEGACXR_DEBUG", "1")
    with pytest.raises(NotADirectoryError):
        main(args)


@pytest.mark.slow  # one CLI subprocess: what a user's terminal shows
def test_a_real_process_prints_one_line(train_corpus, bad_models):
    shards, _ = train_corpus
    res = run_cli("eval", "text", "--encoder", str(bad_models["list_config"]), "--shards", str(shards))
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_a_damaged_checkpoint_record_is_one_line_naming_it(tmp_path):
    """Resume reads meta.json and the loader states of the checkpoint ``latest`` names: a cut or foreign file is
    an InputError naming it, not a JSONDecodeError from deep in the loop."""
    root = tmp_path / "checkpoints"
    (root / "step00000010").mkdir(parents=True)
    (root / "latest").write_text("step00000010\n")
    (root / "step00000010" / "meta.json").write_text('{"step": 10, "world_')
    ckpt = Checkpointer(root, keep_last=2, rank=0, local_rank=0)
    assert ckpt.latest() == "step00000010"
    with pytest.raises(InputError, match="damaged checkpoint record") as err:
        ckpt.meta("step00000010")
    assert "meta.json" in str(err.value) and "\n" not in str(err.value)
    (root / "step00000010" / "meta.json").write_text('{"step": 10, "world_size": 1}')
    (root / "step00000010" / "loader-rank0.json").write_text("[1, 2, 3]")
    with pytest.raises(InputError, match="not a JSON object"):
        ckpt.loader_states("step00000010", world_size=1, num_workers=0, batch_size=4)
