"""Per-stage batches (megacxr.data.batches via megacxr.data.pipeline.make_loader) on real shards built on the fly.

Shapes and dtypes per stage and layout; padded and packed batches carry the same tokens; MNTP labels sit only at
masked positions; supcon never repeats a study in a batch (resampled, where the stream can draw one twice) nor
in a global batch of 2 ranks x 2 workers (epoch mode); a resumed clip loader gives identical tensors.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
import webdataset as wds
from helpers.tokenizer import train_tokenizer

from megacxr.data.batches import (
    TEXT_KEYS,
    SupconSample,
    batch_pixels,
    clip_batches,
    collate_text,
    label_vector,
    mntp_batches,
    supcon_batches,
)
from megacxr.data.image_tf import ImageTransformConfig
from megacxr.data.masking import MaskingConfig
from megacxr.data.packing import concat_texts
from megacxr.data.pipeline import make_loader
from megacxr.data.plan import StreamConfig
from megacxr.data.recipes import ClipBatch, MntpBatch, SupconBatch, prepare_clip, prepare_mntp, prepare_supcon
from megacxr.data.text import TextConfig, TextEncoder, choose_text, prepare_text
from megacxr.data.variants import RULES, VariantConfig, report_parts, rule_variant
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.reports.sentences import split_sentences

INSTRUCTION = "Retrieve the image that best matches the following report"
IMAGE = ImageTransformConfig(size=32)
TEXT = TextConfig(instruction=INSTRUCTION)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """(shard dir, tokenizer dir, {key: raw sample of the train split}) from synthetic MIMIC-CXR studies."""
    from megacxr.shards.build import build_shards
    from megacxr.shards.config import ShardBuildConfig
    from megacxr.synth import generate

    tmp = tmp_path_factory.mktemp("batches")
    info = generate("mimic-cxr", tmp / "data", studies=48, seed=2, image_size=48)
    out = tmp / "shards"
    manifest = build_shards(
        ShardBuildConfig(
            source="mimic-cxr",
            images=str(tmp / "data" / info["images"]),
            reports=str(tmp / "data" / info["reports"]),
            out=str(out),
            workers=1,
            progress=False,
            shard_samples=5,
        )
    )
    samples = {}
    for shard in manifest["shards"]:
        if shard["split"] == "train":
            for s in wds.WebDataset(str(out / shard["path"]), shardshuffle=False):
                samples[s["__key__"]] = s
    tok = train_tokenizer([s["txt"].decode() for s in samples.values()], tmp / "tok")
    return str(out), str(tok), samples


RECIPE_ARGS = {
    "clip": ("pixel_dtype", "pixel_format", "negation_negatives"),
    "mntp": ("masking_cfg",),
    "supcon": ("hard_negatives", "variants"),
}


def recipe(stage, **kw):
    """The stage's BatchRecipe from the recipe's keyword arguments."""
    if stage == "clip":
        return clip_batches(IMAGE, **kw)
    return mntp_batches(**kw) if stage == "mntp" else supcon_batches(**kw)


def loader(data, stage, token_budget=None, **kw):
    shards, tok, _ = data
    stream = kw.pop("stream", None) or StreamConfig(manifests=[shards], shuffle_buffer=6, open_shards=2, seed=5)
    kw.setdefault("batch_size", 4)
    rkw = {k: kw.pop(k) for k in RECIPE_ARGS[stage] if k in kw}
    return make_loader(recipe(stage, **rkw), stream, TEXT, tok, token_budget=token_budget, **kw)


def first_batches(ld, n):
    out = []
    for b in ld:
        out.append(b)
        if len(out) == n:
            break
    return out


def segments(text: dict) -> list[list[int]]:
    """Per-sequence token ids of a packed or padded text dict."""
    if "cu_seqlens" in text:
        cu = text["cu_seqlens"].tolist()
        return [text["input_ids"][0, cu[i] : cu[i + 1]].tolist() for i in range(len(cu) - 1)]
    return [row[:n].tolist() for row, n in zip(text["input_ids"], text["attention_mask"].sum(1).tolist(), strict=False)]


def check_text(text: dict, b: int, token_budget):
    assert text["instruction_len"].shape == (b,) and text["instruction_len"].dtype == torch.long
    if token_budget is None:
        assert text["input_ids"].dtype == text["attention_mask"].dtype == torch.long
        assert text["input_ids"].shape == text["attention_mask"].shape and text["input_ids"].shape[0] == b
        assert text["attention_mask"].sum(1).max() == text["input_ids"].shape[1]  # padded to the longest
        return
    ids, pos, cu = text["input_ids"], text["position_ids"], text["cu_seqlens"]
    assert ids.dtype == pos.dtype == torch.long and cu.dtype == torch.int32
    total = int(cu[-1])
    assert ids.shape == pos.shape == (1, math.ceil(total / token_budget) * token_budget)
    assert cu.shape == (b + 1,) and text["max_seqlen"] == int((cu[1:] - cu[:-1]).max())
    for i in range(b):
        assert pos[0, cu[i] : cu[i + 1]].tolist() == list(range(int(cu[i + 1] - cu[i])))


@pytest.mark.parametrize("token_budget", [None, 64])
def test_shapes_and_dtypes_per_stage(data, token_budget):
    _, _, samples = data
    clip = next(iter(loader(data, "clip", token_budget)))
    assert clip["pixel_values"].shape == (4, 3, 32, 32) and clip["pixel_values"].dtype == torch.float32
    assert clip["labels"].shape == (4, len(CHEXPERT_LABELS)) and clip["labels"].dtype == torch.float32
    check_text(clip, 4, token_budget)
    for key, row in zip(clip["keys"], clip["labels"], strict=False):  # labels follow json["labels"], NaN when unknown
        meta = json.loads(samples[key]["json"])
        want = [np.nan if meta["labels"].get(n) is None else meta["labels"][n] for n in CHEXPERT_LABELS]
        np.testing.assert_array_equal(row.numpy(), np.asarray(want, dtype=np.float32))

    mntp = next(iter(loader(data, "mntp", token_budget)))
    check_text(mntp, 4, token_budget)
    assert mntp["labels"].shape == mntp["input_ids"].shape and mntp["labels"].dtype == torch.long

    sup = next(iter(loader(data, "supcon", token_budget)))
    assert len(sup["keys"]) == 4 and sup["duplicates"] == 0
    check_text(sup["anchor"], 4, token_budget)
    check_text(sup["positive"], 4, token_budget)
    assert sup["negative_owner"].shape == (0,) and "negatives" not in sup  # built shards have none
    assert segments(sup["anchor"]) != segments(sup["positive"])


@pytest.mark.parametrize("stage", ["clip", "mntp", "supcon"])
def test_padded_and_packed_carry_the_same_tokens(data, stage):
    padded = first_batches(loader(data, stage, None), 3)
    packed = first_batches(loader(data, stage, 48), 3)
    for a, b in zip(padded, packed, strict=False):
        assert a["keys"] == b["keys"]
        for ta, tb in [(a["anchor"], b["anchor"]), (a["positive"], b["positive"])] if stage == "supcon" else [(a, b)]:
            assert segments(ta) == segments(tb)
            assert torch.equal(ta["instruction_len"], tb["instruction_len"])
        if stage == "mntp":
            lab_a = [row[:n].tolist() for row, n in zip(a["labels"], a["attention_mask"].sum(1).tolist(), strict=False)]
            cu = b["cu_seqlens"].tolist()
            assert lab_a == [b["labels"][0, cu[i] : cu[i + 1]].tolist() for i in range(len(cu) - 1)]
            assert b["labels"][0, cu[-1] :].eq(-100).all()
        if stage == "clip":
            assert torch.equal(a["pixel_values"], b["pixel_values"])


@pytest.mark.parametrize("token_budget", [None, 40])
def test_mntp_labels_only_at_masked_positions(data, token_budget):
    _, tok, samples = data
    enc = TextEncoder(tok, TEXT)
    mask_id = enc.mask_token_id
    n_masked = n_maskable = 0
    for batch in first_batches(loader(data, "mntp", token_budget, masking_cfg=MaskingConfig(ratio=0.3)), 4):
        ids, labels = batch["input_ids"], batch["labels"]
        assert torch.equal(labels != -100, ids == mask_id)  # labels exactly at the masked positions
        restored = torch.where(labels != -100, labels, ids)
        text = {**batch, "input_ids": restored}
        for key, seq, lab, instr in zip(
            batch["keys"],
            segments(text),
            segments({**batch, "input_ids": labels}),
            batch["instruction_len"].tolist(),
            strict=False,
        ):
            meta = json.loads(samples[key]["json"])
            expected = enc.encode(choose_text(meta, samples[key]["txt"].decode(), TEXT, None)).input_ids
            assert seq == expected  # masked ids + labels = the text
            assert all(v == -100 for v in lab[:instr]) and lab[-1] == -100  # instruction, BOS, EOS kept
            n_masked += sum(v != -100 for v in lab)
            n_maskable += len(seq) - instr - 1
    assert n_masked == pytest.approx(0.3 * n_maskable, rel=0.1)


def test_supcon_positive_rules_and_hard_negatives(data):
    _, tok, _ = data
    fn = SupconSample(TextEncoder(tok, TEXT), hard_negatives=2)
    enc = fn.encoder
    findings, impression = "The lungs are clear. Heart size is normal.", "No acute cardiopulmonary process."

    def sample(**meta):
        return {"__key__": "k", "txt": f"{findings} {impression}".encode(), "json": json.dumps(meta).encode()}

    variants = ["Lungs are clear, heart normal.", {"text": "Normal chest radiograph."}]
    negs = ["Large left pleural effusion.", {"text": "Severe cardiomegaly."}, "Right pneumothorax."]
    seen_pos, seen_neg = set(), set()
    for seed in range(12):
        item = fn(
            sample(sections={"findings": findings, "impression": impression}, variants=variants, hard_negatives=negs),
            np.random.default_rng(seed),
        )
        seen_pos.add(tuple(item["positive"].input_ids))
        assert len(item["negatives"]) == 2 and len({tuple(n.input_ids) for n in item["negatives"]}) == 2
        seen_neg.update(tuple(n.input_ids) for n in item["negatives"])
    assert seen_pos == {
        tuple(enc.encode(t).input_ids) for t in ("Lungs are clear, heart normal.", "Normal chest radiograph.")
    }
    assert seen_neg == {
        tuple(enc.encode(t).input_ids)
        for t in ("Large left pleural effusion.", "Severe cardiomegaly.", "Right pneumothorax.")
    }
    # no variants: a rule variant of the anchor, the same one rule_variant gives after the same draws, never the
    # anchor itself; the rules used vary with the seed
    meta = {"sections": {"findings": findings, "impression": impression}}
    anchor, rules_seen = f"{findings} {impression}", set()
    for seed in range(24):
        item = fn(sample(**meta), np.random.default_rng(seed))
        rng = np.random.default_rng(seed)
        assert prepare_text(meta, None, TEXT, rng) == anchor
        want, rules = rule_variant(anchor, report_parts(meta, None), VariantConfig(), rng)
        assert want != anchor and item["positive"].input_ids == enc.encode(want).input_ids
        assert item["negatives"] == []  # rule negatives are off by default
        rules_seen.update(rules)
    assert {"impression_only", "section_reorder", "sentence_shuffle", "style"} <= rules_seen
    # one sentence, one section: only the style rule can change it; without it the anchor is its own positive
    one = {"__key__": "k", "json": json.dumps({"sections": {"impression": "Clear."}}).encode()}
    assert SupconSample(enc)(one, np.random.default_rng(0))["positive"].input_ids != enc.encode("Clear.").input_ids
    shuffle_only = SupconSample(enc, variants=VariantConfig(rules=["sentence_shuffle"]))
    assert shuffle_only(one, np.random.default_rng(0))["positive"].input_ids == enc.encode("Clear.").input_ids


def supcon_loader(data, variants: VariantConfig, hard_negatives=2, **kw):
    """make_loader's supcon wiring with a VariantConfig (make_loader itself does not take one)."""
    import dataclasses

    from megacxr.data.loader import MegacxrLoader

    shards, tok, _ = data
    stream = kw.pop("stream", None) or StreamConfig(manifests=[shards], shuffle_buffer=6, open_shards=2, seed=5)
    r = supcon_batches(hard_negatives, variants)
    stream = dataclasses.replace(stream, read_exts=list(r.read_exts), require=["txt|json"])
    sample_fn, collate_fn = r.make(TextEncoder(tok, TEXT), True, kw.pop("token_budget", None), 1)
    return MegacxrLoader(stream, sample_fn, collate_fn=collate_fn, batch_size=kw.pop("batch_size", 4), **kw)


@pytest.mark.parametrize("num_workers", [0, 2])
def test_supcon_external_variants_and_rule_negatives(data, tmp_path, num_workers):
    """External JSONL variants (by key and by study id) win; other studies get rule positives and one-error
    negatives; the workers index the file themselves."""
    _, tok, samples = data
    enc = TextEncoder(tok, TEXT)
    keys = sorted(samples)
    by_key, by_study = keys[:4], keys[4:8]
    lines = [
        {"key": k, "variants": [f"Paraphrase of study {i}."], "hard_negatives": [f"Wrong report {i}."]}
        for i, k in enumerate(by_key)
    ]
    lines += [
        {"study": json.loads(samples[k]["json"])["study_id"], "variants": [{"text": f"Study paraphrase {i}."}]}
        for i, k in enumerate(by_study)
    ]
    ext = tmp_path / "variants.jsonl"
    ext.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    # no style rule: this word-level test tokenizer drops whitespace, so a one-sentence-per-line positive would
    # tokenize like its anchor (an LLM's tokenizer keeps the line breaks)
    rules = [r for r in RULES if r != "style"]
    cfg = VariantConfig(rules=rules, external=str(ext), rule_hard_negatives=True)
    stream = StreamConfig(manifests=[data[0]], shuffle=False)
    n_ext = n_rule_neg = 0
    for batch in supcon_loader(data, cfg, num_workers=num_workers, stream=stream):
        anchors, positives = segments(batch["anchor"]), segments(batch["positive"])
        negatives = segments(batch["negatives"]) if "negatives" in batch else []
        owner = batch["negative_owner"].tolist()
        for b, key in enumerate(batch["keys"]):
            mine = [negatives[i] for i, o in enumerate(owner) if o == b]
            if key in by_key:
                i = by_key.index(key)
                assert positives[b] == enc.encode(f"Paraphrase of study {i}.").input_ids
                assert mine == [enc.encode(f"Wrong report {i}.").input_ids]
                n_ext += 1
            elif key in by_study:
                assert positives[b] == enc.encode(f"Study paraphrase {by_study.index(key)}.").input_ids
                n_ext += 1
            else:  # a rule variant; only a one-sentence, one-section report without abbreviations is its own
                meta = json.loads(samples[key]["json"])
                text = choose_text(meta, samples[key]["txt"].decode(), TEXT, None)
                parts = report_parts(meta, None)
                assert positives[b] != anchors[b] or (
                    len(split_sentences(text)) == 1 and bool(parts.findings) + bool(parts.impression) == 1
                )
            if key not in by_key:
                assert 1 <= len(mine) <= 2 and all(m != anchors[b] for m in mine)  # one-error rewrites
                n_rule_neg += len(mine)
    assert n_ext == 8 and n_rule_neg > len(samples)


def test_supcon_resume_with_rule_variants_gives_identical_batches(data):
    cfg = VariantConfig(rule_hard_negatives=True, negative_rules=["laterality", "presence", "severity", "negation"])
    stream = StreamConfig(manifests=[data[0]], mode="resampled", shuffle_buffer=6, open_shards=2, seed=4)
    kw = {"batch_size": 3, "num_workers": 2, "stream": stream, "token_budget": 32}
    reference = first_batches(supcon_loader(data, cfg, **kw), 6)
    first = supcon_loader(data, cfg, **kw)
    first_batches(first, 2)
    resumed = first_batches(supcon_loader(data, cfg, state=json.loads(json.dumps(first.state_dict())), **kw), 4)
    for a, b in zip(reference[2:], resumed, strict=False):
        assert a["keys"] == b["keys"] and torch.equal(a["negative_owner"], b["negative_owner"])
        for name in ("anchor", "positive", "negatives"):
            assert torch.equal(a[name]["input_ids"], b[name]["input_ids"]), name


def test_supcon_drops_repeated_keys_within_a_batch(data):
    shards, _, samples = data
    # resampled mode, open_shards=4 over 5-sample shards: one slot opens the same shard twice and repeats studies
    stream = StreamConfig(manifests=[shards], mode="resampled", shuffle_buffer=4, open_shards=4, seed=1)
    duplicates = 0
    for batch in first_batches(loader(data, "supcon", 32, batch_size=8, stream=stream), 25):
        assert len(set(batch["keys"])) == len(batch["keys"])
        assert len(batch["keys"]) + batch["duplicates"] == 8
        assert (
            batch["anchor"]["cu_seqlens"].numel() == batch["positive"]["cu_seqlens"].numel() == len(batch["keys"]) + 1
        )
        duplicates += batch["duplicates"]
    assert duplicates > 0  # the case did occur and was handled


def test_supcon_global_batches_have_distinct_studies_2x2(data):
    shards, _, samples = data
    stream = StreamConfig(manifests=[shards], shuffle_buffer=4, open_shards=2, seed=3)
    loaders = [
        loader(data, "supcon", None, batch_size=3, stream=stream, rank=r, world_size=2, num_workers=2) for r in (0, 1)
    ]
    for _epoch in range(2):
        ranks = [list(ld) for ld in loaders]  # one pass = one epoch per rank
        seen = []
        for step in range(max(len(r) for r in ranks)):  # global batch = step's batch of every rank
            global_keys = [k for r in ranks if step < len(r) for k in r[step]["keys"]]
            assert len(set(global_keys)) == len(global_keys)
            seen += global_keys
        assert sorted(seen) == sorted(samples)  # every study once per epoch
        assert sum(b["duplicates"] for r in ranks for b in r) == 0


@pytest.mark.parametrize("num_workers", [0, 2])
def test_clip_resume_gives_identical_tensors(data, num_workers):
    stream = StreamConfig(manifests=[data[0]], mode="resampled", shuffle_buffer=6, open_shards=2, seed=9)
    kw = {"batch_size": 3, "num_workers": num_workers, "rank": 1, "world_size": 2, "stream": stream}
    reference = first_batches(loader(data, "clip", 64, **kw), 7)
    first = loader(data, "clip", 64, **kw)
    first_batches(first, 3)
    saved = json.loads(json.dumps(first.state_dict()))
    resumed = first_batches(loader(data, "clip", 64, state=saved, **kw), 4)
    for a, b in zip(reference[3:], resumed, strict=False):
        assert a["keys"] == b["keys"]
        for name in ("pixel_values", "input_ids", "position_ids", "cu_seqlens", "instruction_len"):
            assert torch.equal(a[name], b[name]), name
        assert torch.equal(a["labels"].nan_to_num(9.0), b["labels"].nan_to_num(9.0))


def test_collate_text_layouts():
    seqs, instr = [[2, 5, 6, 3], [2, 7, 3], [2, 8, 9, 10, 11, 3]], [1, 1, 2]
    packed = collate_text(
        seqs,
        instr,
        pad_id=0,
        token_budget=4,
        labels=[[-100, 5, -100, -100]] * 1 + [[-100] * 3, [-100, 8, -100, -100, 11, -100]],
    )
    assert packed["input_ids"].shape == (1, 16) and packed["cu_seqlens"].tolist() == [0, 4, 7, 13]
    assert packed["input_ids"][0].tolist() == [2, 5, 6, 3, 2, 7, 3, 2, 8, 9, 10, 11, 3, 0, 0, 0]
    assert packed["position_ids"][0].tolist() == [0, 1, 2, 3, 0, 1, 2, 0, 1, 2, 3, 4, 5, 0, 1, 2]
    assert packed["labels"][0, 13:].eq(-100).all() and packed["max_seqlen"] == 6
    padded = collate_text(seqs, instr, pad_id=0, token_budget=None, pad_to_multiple=8)
    assert padded["input_ids"].shape == (3, 8) and padded["attention_mask"].sum().item() == 13
    assert label_vector({"labels": {"Edema": 1.0, "Fracture": -1.0, "Cardiomegaly": None}})[
        [CHEXPERT_LABELS.index("Edema"), CHEXPERT_LABELS.index("Fracture")]
    ].tolist() == [1.0, -1.0]
    assert np.isnan(label_vector({})).all()


@pytest.mark.parametrize("num_workers", [0, 2])
def test_clip_pixels_in_bfloat16(data, num_workers):
    kw = {"num_workers": num_workers, "stream": StreamConfig(manifests=[data[0]], shuffle=False)}
    f32 = next(iter(loader(data, "clip", 64, **kw)))["pixel_values"]
    bf16 = next(iter(loader(data, "clip", 64, pixel_dtype="bfloat16", **kw)))["pixel_values"]
    assert bf16.dtype == torch.bfloat16 and torch.equal(bf16, f32.to(torch.bfloat16))


@pytest.mark.parametrize("num_workers", [0, 2])
def test_clip_uint8_pixels_expand_to_the_float_batch(data, num_workers):
    """The deferred-normalisation format ships uint8 + per-sample tables and expands to the same tensor."""
    from megacxr.data.batches import batch_pixels

    kw = {"num_workers": num_workers, "stream": StreamConfig(manifests=[data[0]], shuffle=False, seed=3)}
    ref = next(iter(loader(data, "clip", 64, **kw)))
    got = next(iter(loader(data, "clip", 64, pixel_format="uint8", **kw)))
    assert "pixel_values" not in got and got["pixels"].dtype == torch.uint8
    assert got["pixels"].shape == (4, IMAGE.size, IMAGE.size) and got["pixel_lut"].shape == (4, 3, 256)
    assert got["keys"] == ref["keys"] and torch.equal(got["input_ids"], ref["input_ids"])
    assert torch.equal(batch_pixels(got), ref["pixel_values"]) and torch.equal(batch_pixels(ref), ref["pixel_values"])
    assert batch_pixels(got, dtype=torch.bfloat16).dtype == torch.bfloat16
    with pytest.raises(Exception, match="pixel format"):
        loader(data, "clip", 64, pixel_format="int4")


def test_text_stages_read_text_only_samples(data, tmp_path):
    """A report corpus without images feeds mntp / supcon; clip skips its samples as corrupt (no image)."""
    from megacxr.shards.manifest import write_json_atomic
    from megacxr.shards.tario import TarShardWriter

    w = TarShardWriter(tmp_path / "train" / "reports-train-000000.tar")
    for i in range(6):
        meta = {"sections": {"findings": f"Finding number {i}. Lungs are clear.", "impression": "No acute process."}}
        w.write({"__key__": f"r{i}", "txt": b"unused", "json": json.dumps(meta).encode()})
    write_json_atomic(
        tmp_path / "manifest.json",
        {
            "format": "megacxr-shards",
            "format_version": 1,
            "shards": [{"path": "train/reports-train-000000.tar", "split": "train", "source": "reports", **w.close()}],
        },
    )
    stream = StreamConfig(manifests=[str(tmp_path)], shuffle=False)
    mntp = loader(data, "mntp", 64, batch_size=3, stream=stream)
    assert [k for b in mntp for k in b["keys"]] == [f"r{i}" for i in range(6)]
    assert mntp.config.read_exts == ["txt", "json"] and mntp.stats()["skipped_corrupt"] == 0
    clip = loader(data, "clip", 64, batch_size=3, stream=stream)
    assert list(clip) == [] and clip.stats()["skipped_corrupt"] == 6


@pytest.mark.parametrize("token_budget", [None, 64])
def test_each_stage_s_prepare_gives_its_typed_batch_with_the_loader_s_tensors(data, token_budget):
    """The one step before the model: what each recipe's prepare picks, joins and expands is exactly the loader
    batch's content (the same tensors, the parts' rows in order), and nothing else of the batch rides along."""
    text_keys = set(TEXT_KEYS)
    mntp = next(iter(loader(data, "mntp", token_budget)))
    b = prepare_mntp(mntp, "cpu")
    assert isinstance(b, MntpBatch) and set(b.text) <= text_keys and "labels" not in b.text
    assert torch.equal(b.labels, mntp["labels"]) and torch.equal(b.text["input_ids"], mntp["input_ids"])
    assert (b.cu_seqlens is None) == (token_budget is None)

    variants = VariantConfig(rule_hard_negatives=True)  # one-error rewrites: hard negatives from built shards
    sup = next(iter(loader(data, "supcon", token_budget, hard_negatives=1, variants=variants)))
    s = prepare_supcon(sup, "cpu", pad_id=0)
    parts = [sup[k] for k in ("anchor", "positive", "negatives") if k in sup]
    assert isinstance(s, SupconBatch) and s.sizes == [int(p["instruction_len"].shape[0]) for p in parts]
    joined = concat_texts(parts, 0)
    assert set(s.text) == set(joined) and all(torch.equal(s.text[k], joined[k]) for k in joined if k != "max_seqlen")
    assert s.sample_keys == (sup.get("mask_ids") or sup["keys"]) and s.negative_owner is sup["negative_owner"]

    clip = next(iter(loader(data, "clip", token_budget, pixel_format="uint8", negation_negatives=True)))
    c = prepare_clip(clip, "cpu", torch.float32, pad_id=0)
    assert isinstance(c, ClipBatch) and torch.equal(c.pixels, batch_pixels(clip, "cpu", torch.float32))
    assert c.sizes == [4] + ([int(clip["negatives"]["instruction_len"].shape[0])] if "negatives" in clip else [])
    torch.testing.assert_close(c.labels, clip["labels"], equal_nan=True, rtol=0, atol=0)
    alone = prepare_clip(clip, "cpu")  # evaluation and validation: the reports only, as the loader made them
    assert alone.sizes == [4] and torch.equal(alone.text["input_ids"], clip["input_ids"])
    assert prepare_clip(clip, "cpu", text=False).text is None  # frozen cached text: looked up by key
