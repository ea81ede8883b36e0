"""``megacxr eval align`` and ``megacxr synth --cxr-align``: the CXR-Align reader, the comparisons on a known-good
and a known-bad scorer, and the command end to end with both image sources, its counts and its refusals."""

from __future__ import annotations

import json

import pytest
import torch
from helpers.cli import run_cli

from megacxr.errors import InputError
from megacxr.eval.align import COMPARISONS, read_cxr_align, summarize_align
from megacxr.reports.negation import ABSENT, PRESENT, report_status
from megacxr.synth.cxr_align import cxr_align_items


def _item(**kw):
    base = {"report": "Left effusion.", "chosen": "Pleural Effusion", "negation": "No effusion.", "omitted": "Clear."}
    return {**base, "location": "first", **kw}


def test_reader_counts_items_with_empty_fields_and_keeps_the_rest(tmp_path):
    path = tmp_path / "align.json"
    path.write_text(json.dumps({"mimic": {"a": _item(), "b": _item(omitted=" "), "c": _item(location="last")}}))
    items, empty = read_cxr_align(path)
    assert sorted(items) == ["a", "c"] and empty == ["b"]


@pytest.mark.parametrize(
    "content, field",
    [
        ("{not json", "items"),
        (json.dumps({"openi": {}}), "mimic"),
        (json.dumps({"mimic": {"a": "text"}}), "mimic"),
        (json.dumps({"mimic": {"a": {k: v for k, v in _item().items() if k != "negation"}}}), "negation"),
        (json.dumps({"mimic": {"a": _item(chosen=3)}}), "chosen"),
        (json.dumps({"mimic": {}}), "mimic"),
    ],
)
def test_a_malformed_file_names_the_file_and_the_entry(tmp_path, content, field):
    path = tmp_path / "align.json"
    path.write_text(content)
    with pytest.raises(InputError) as err:
        read_cxr_align(path)
    assert str(path) in str(err.value) and field in str(err.value)
    assert "effusion" not in str(err.value).lower()  # no report text echoed


def test_known_good_and_known_bad_scores():
    items = {f"i{n}": _item(chosen="Edema" if n % 2 else "Pneumothorax", location="last") for n in range(6)}
    ids = list(items)
    good = torch.tensor([[0.9, 0.1, 0.5]] * 6)  # report > omitted > negation
    bad = torch.tensor([[0.1, 0.9, 0.5]] * 6)  # the negated report wins
    flat = torch.full((6, 3), 0.4)
    g, b, f = (summarize_align(ids, s, items) for s in (good, bad, flat))
    for comp in COMPARISONS:
        assert g["overall"][comp]["strict"] == g["overall"][comp]["tie_aware"] == 1.0
        assert b["overall"][comp]["strict"] == b["overall"][comp]["tie_aware"] == 0.0
        assert f["overall"][comp]["strict"] == 0.0 and f["overall"][comp]["tie_aware"] == f["overall"][comp]["chance"]
    assert set(g["by_chosen"]) == {"Edema", "Pneumothorax"} and g["by_chosen"]["Edema"][COMPARISONS[0]]["items"] == 3
    assert set(g["by_location"]) == {"last"}
    assert f["overall"]["report_best_of_three"]["chance"] == pytest.approx(1 / 3)


@pytest.fixture(scope="module")
def align_corpus(train_corpus, tmp_path_factory):
    """The session corpus's synthetic MIMIC folder (beside its shards), its CXR-Align file over every split, and
    an untrained clip export of the session's tiny model."""
    from megacxr.models import PoolingConfig, ReportEncoder, TextModelConfig, export_encoder
    from megacxr.models.dual_io import save_dual
    from megacxr.synth.cxr_align import write_cxr_align
    from megacxr.train.config import load_train_config
    from megacxr.train.stages import get_stage

    shards, model = train_corpus
    data = shards.parent / "data"
    tmp = tmp_path_factory.mktemp("align")
    items_path, n = write_cxr_align(data, tmp / "align.json", split=None)
    assert n >= 20
    enc = ReportEncoder.from_config(
        TextModelConfig(path=str(model), attention="sdpa", pooling=PoolingConfig(kind="mean"), lora={"enabled": False})
    )
    text = export_encoder(enc, tmp / "text")
    cfg = load_train_config(
        "configs/clip.yaml",
        [
            f"clip.tower.text_path={text}",
            f"data.stream.manifests=[{shards}]",
            "clip.image.size=64",
            "clip.tower.vision.image_size=64",
        ],
    )
    torch.manual_seed(0)
    clip = save_dual(get_stage(cfg).build_model().tower, tmp / "clip", cfg.data.text, cfg.clip.image)
    return data, shards, items_path, clip, text


def test_synth_items_differ_only_by_the_chosen_finding(align_corpus):
    data = align_corpus[0]
    items = cxr_align_items(data, split=None)
    assert items == cxr_align_items(data, split=None)  # seeded
    for item in items.values():
        assert item["location"] in ("first", "middle", "last") and item["omitted"]
        assert report_status(item["report"]).get(item["chosen"]) == PRESENT
        assert report_status(item["negation"]).get(item["chosen"]) == ABSENT
        assert item["chosen"] not in report_status(item["omitted"])


@pytest.mark.slow
def test_eval_align_with_shards_and_with_a_jpg_root_counts_missing_images(align_corpus, tmp_path):
    data, shards, items_path, clip, text = align_corpus
    items = json.loads(items_path.read_text())
    items["mimic"]["00000000-missing"] = _item()
    extended = tmp_path / "align.json"
    extended.write_text(json.dumps(items))
    results = {}
    for name, where in (("shards", ["--shards", str(shards)]), ("images", ["--images", str(data / "mimic-cxr-jpg")])):
        out = tmp_path / f"{name}.json"
        res = run_cli(
            "eval", "align", "--checkpoint", str(clip), "--items", str(extended), *where, "--json", str(out),
            check=True, env={"OMP_NUM_THREADS": "1"},
        )  # fmt: skip
        results[name] = json.loads(out.read_text())
        assert "report>negation" in res.stdout and out.with_suffix(".png").is_file()
        assert out.with_suffix(".md").read_text().startswith("# CXR-Align comparisons")
    for r in results.values():
        assert r["items"] == len(items["mimic"]) and r["problems"]["missing_image"] == ["00000000-missing"]
        assert r["scored"] == r["items"] - 1 and set(r["overall"]) == set(COMPARISONS)
    # the JPEG root holds the item's own image, the shards the study's primary image: same items, close scores
    assert results["shards"]["scored"] == results["images"]["scored"]


def test_eval_align_refuses_a_text_export_and_synth_writes_the_file(align_corpus, tmp_path):
    data, shards, items_path, clip, text = align_corpus
    res = run_cli("eval", "align", "--checkpoint", str(text), "--items", str(items_path), "--shards", str(shards))
    assert res.returncode != 0 and "eval text" in res.stderr and "Traceback" not in res.stderr
    res = run_cli("synth", "--source", "openi", "--out", str(tmp_path / "o"), "--cxr-align")
    assert res.returncode != 0 and "mimic-cxr" in res.stderr and not (tmp_path / "o").exists()
    res = run_cli(
        "synth", "--source", "mimic-cxr", "--out", str(tmp_path / "m"), "--studies", "30", "--image-size", "32",
        "--cxr-align", check=True,
    )  # fmt: skip
    written = json.loads((tmp_path / "m" / "cxr-align.json").read_text())["mimic"]
    assert "CXR-Align items" in res.stdout and all(set(v) == {"report", "chosen", "negation", "omitted", "location"}
                                                     for v in written.values())  # fmt: skip
