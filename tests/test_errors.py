"""Error messages (issue 28): an ``InputError`` never carries a terminal escape or a line break from a hostile
file name or id, and the eval readers refuse input files over their size limit before reading them."""

from __future__ import annotations

import json

import pytest

from megacxr.errors import InputError, check_size
from megacxr.eval import align, text_eval


def test_an_input_error_escapes_what_is_not_printable(tmp_path):
    err = InputError("entry 3 (id\x1b[2J\x07) is bad\nsecond line", file=tmp_path / "a\x1b[31m.json", field="mimic")
    text = str(err)
    assert "\x1b" not in text and "\x07" not in text and "\n" not in text
    assert "\\x1b[2J" in text and "\\n" in text and "field 'mimic'" in text


def test_check_size_refuses_a_file_over_its_limit(tmp_path):
    f = tmp_path / "items.jsonl"
    f.write_bytes(b"x" * 3000)
    check_size(f, 3000, "items")
    with pytest.raises(InputError, match="over the 0 MiB limit"):
        check_size(f, 2999, "items")


def test_the_eval_readers_check_size_and_escape_ids(tmp_path, monkeypatch):
    cxr = tmp_path / "cxr_align.json"
    cxr.write_text(json.dumps({"mimic": {"evil\x1b]0;title\x07": {"report": "a", "chosen": "b"}}}))
    with pytest.raises(InputError) as exc:
        align.read_cxr_align(cxr)
    assert "\x1b" not in str(exc.value) and "has no field" in str(exc.value)
    monkeypatch.setattr(align, "MAX_INPUT_BYTES", 10)
    with pytest.raises(InputError, match="limit of this input"):
        align.read_cxr_align(cxr)
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({"id": "q1", "query": "a", "candidates": ["b", "c"], "answer": 0}) + "\n")
    assert len(text_eval.read_items(items)[0]) == 1
    monkeypatch.setattr(text_eval, "MAX_INPUT_BYTES", 10)
    with pytest.raises(InputError, match="limit of this input"):
        text_eval.read_items(items)
