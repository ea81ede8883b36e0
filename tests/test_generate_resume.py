"""``variants generate`` resume reads the keys already written (issue 28): a whole last record without its final
newline is kept (it was deleted), a line cut short by a kill is removed, and a corrupt line in the middle is an
error naming the file and the line, never its text."""

from __future__ import annotations

import json

import pytest

from megacxr.errors import InputError
from megacxr.generate.job import _done_keys


def _write(path, lines: list[str], newline_at_end: bool) -> None:
    path.write_text("\n".join(lines) + ("\n" if newline_at_end else ""))


def test_a_whole_last_record_without_its_newline_is_kept(tmp_path):
    out = tmp_path / "variants.jsonl"
    _write(out, [json.dumps({"key": "a", "text": "x"}), json.dumps({"key": "b", "text": "y"})], False)
    assert _done_keys(out) == {"a", "b"}
    assert out.read_text().endswith('"y"}\n')  # the newline was added, the record kept
    assert _done_keys(out) == {"a", "b"}


def test_a_last_line_cut_short_is_removed(tmp_path):
    out = tmp_path / "variants.jsonl"
    _write(out, [json.dumps({"key": "a", "text": "x"}), '{"key": "b", "te'], False)
    assert _done_keys(out) == {"a"}
    assert out.read_text() == json.dumps({"key": "a", "text": "x"}) + "\n"


@pytest.mark.parametrize("bad", ["not json at all", '["a list"]', '{"key": 7}', '{"text": "no key"}'])
def test_a_corrupt_line_in_the_middle_names_the_file_and_line(tmp_path, bad):
    out = tmp_path / "variants.jsonl"
    secret = "Jane Roe 1950"
    _write(out, [json.dumps({"key": "a"}), bad.replace("at all", secret), json.dumps({"key": "c"})], True)
    with pytest.raises(InputError, match="line 2") as exc:
        _done_keys(out)
    assert "variants.jsonl" in str(exc.value) and secret not in str(exc.value)
