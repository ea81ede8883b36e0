"""Export of a trained encoder (LoRA merged without touching the module) and the load round trip."""

from __future__ import annotations

import copy
import json

import pytest
import torch
from safetensors.torch import load_file

from megacxr.data.batches import collate_text
from megacxr.data.text import TextConfig, TextEncoder
from megacxr.errors import InputError
from megacxr.models.encoder import LoraSettings, ReportEncoder, TextModelConfig
from megacxr.models.export import export_encoder, export_info, load_encoder, merged_state_dict
from megacxr.models.pooling import PoolingConfig
from megacxr.models.shapes import init_model

REPORTS = [
    "The lungs are clear. No effusion.",
    "Mild cardiomegaly with a small left pleural effusion.",
    "Right lower lobe consolidation.",
]
TEXT = TextConfig(instruction="Retrieve the matching report")
POOLING = PoolingConfig(kind="latent_attention", latents=8, heads=4)


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory):
    return init_model("tiny", tmp_path_factory.mktemp("base") / "m", texts=REPORTS + [TEXT.instruction], seed=2)


def text_batch(folder, budget=None):
    enc = TextEncoder(folder, TEXT)
    items = enc.encode_batch(REPORTS)
    return collate_text([e.input_ids for e in items], [e.instruction_len for e in items], enc.pad_id, budget)


def trained_encoder(folder, seed=0, pooling=POOLING, dropout=0.1) -> ReportEncoder:
    """A LoRA encoder whose adapters and head are not at their initial values (B != 0)."""
    torch.manual_seed(seed)
    enc = ReportEncoder.from_config(
        TextModelConfig(
            path=str(folder), attention="sdpa", pooling=pooling, lora=LoraSettings(r=4, alpha=8, dropout=dropout)
        )
    )
    with torch.no_grad():
        for name, p in enc.named_parameters():
            if "lora_B" in name or name.startswith("pooler."):
                p.add_(torch.randn_like(p) * 0.1)
    return enc.eval()


def test_merged_state_dict_folds_lora_without_touching_the_module(base_dir):
    enc = trained_encoder(base_dir)
    before = {k: v.clone() for k, v in enc.state_dict().items()}
    merged = merged_state_dict(enc)
    after = enc.state_dict()
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)
    assert not any(getattr(m, "merged", False) for m in enc.modules())
    # same names and values as peft's own merge (run on a copy)
    reference = copy.deepcopy(enc.backbone).merge_and_unload().state_dict()
    assert "lm_head.weight" in reference and "lm_head.weight" not in merged  # tied to the embeddings
    reference.pop("lm_head.weight")
    assert merged.keys() == reference.keys()
    for k in merged:
        torch.testing.assert_close(merged[k], reference[k], atol=1e-6, rtol=1e-6)
        assert merged[k].device.type == "cpu"
    key = "model.layers.0.self_attn.q_proj.weight"
    base = load_file(str(base_dir / "model.safetensors"))[key]
    assert not torch.allclose(merged[key], base)  # the adapters did change the weight


@pytest.mark.parametrize("layout", ["padded", "packed"])
def test_export_and_load_round_trip(base_dir, tmp_path, layout):
    enc = trained_encoder(base_dir)
    text = text_batch(base_dir, None if layout == "padded" else 16)
    with torch.no_grad():
        want = enc.embed(text)
    out = export_encoder(enc, tmp_path / "export", text=TEXT)
    names = {p.name for p in out.iterdir()}
    assert {
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "pooling.safetensors",
        "pooling.json",
        "megacxr_encoder.json",
    } <= names
    assert not any(n.endswith((".bin", ".pt", ".pth", ".pkl")) for n in names)
    info = export_info(out)
    assert info["bidirectional"] is True and info["text"]["instruction"] == TEXT.instruction
    assert json.loads((out / "pooling.json").read_text())["kind"] == "latent_attention"

    loaded = load_encoder(out, attention="eager").eval()
    assert not any("lora_" in n for n, _ in loaded.named_parameters())
    with torch.no_grad():
        got = loaded.embed(text)
    torch.testing.assert_close(got, want, atol=2e-5, rtol=1e-4)

    # the folder is a plain transformers checkpoint too, with its tokenizer beside it
    from transformers import AutoModelForCausalLM

    plain = AutoModelForCausalLM.from_pretrained(str(out), local_files_only=True)
    assert plain.get_output_embeddings().weight.data_ptr() == plain.get_input_embeddings().weight.data_ptr()
    assert (
        TextEncoder(out, TEXT).encode_batch(REPORTS)[0].input_ids
        == TextEncoder(base_dir, TEXT).encode_batch(REPORTS)[0].input_ids
    )


def test_next_stage_starts_from_an_export(base_dir, tmp_path):
    """Stage 2/3 point supcon.model.path / clip.tower.text_path at an export: the pooling head is reloaded, a fresh
    LoRA starts as a no-op."""
    enc = trained_encoder(base_dir)
    text = text_batch(base_dir, 16)
    with torch.no_grad():
        want = enc.embed(text)
    out = export_encoder(enc, tmp_path / "stage1")
    nxt = ReportEncoder.from_config(
        TextModelConfig(path=str(out), attention="sdpa", pooling=POOLING, lora=LoraSettings(r=8))
    ).eval()
    with torch.no_grad():
        torch.testing.assert_close(nxt.embed(text), want, atol=2e-5, rtol=1e-4)
    fresh = ReportEncoder.from_config(
        TextModelConfig(path=str(out), pooling=PoolingConfig(kind="mean"), lora=LoraSettings(enabled=False))
    )
    assert fresh.pooler.head is None


def test_load_errors(base_dir, tmp_path):
    with pytest.raises(InputError, match="megacxr_encoder.json"):
        load_encoder(base_dir)
    enc = trained_encoder(base_dir)
    out = export_encoder(enc, tmp_path / "e")
    from megacxr.errors import ConfigError

    with pytest.raises(ConfigError) as e:
        ReportEncoder.from_config(
            TextModelConfig(
                path=str(out),
                lora=LoraSettings(enabled=False),
                pooling=PoolingConfig(kind="latent_attention", latents=16, heads=4),
            )
        )
    assert e.value.field == "pooling.latents"


# A fresh interpreter in which megacxr cannot be imported (it is installed in this venv, so a finder refuses it).
# It loads every export it is given (one interpreter start, ~10 s, for several pooling heads).
_REMOTE_LOAD = """
import sys
class _NoMegacxr:
    def find_spec(self, name, path=None, target=None):
        if name == "megacxr" or name.startswith("megacxr."):
            raise ImportError("megacxr is not available here")
sys.meta_path.insert(0, _NoMegacxr())
import json, torch
from transformers import AutoModel
jobs = json.loads(sys.argv[1])
for folder, texts, out in jobs:
    model = AutoModel.from_pretrained(folder, trust_remote_code=True)
    assert type(model).__name__ == "MegacxrReportEncoder", type(model)
    torch.save(model.encode(texts, batch_size=2), out)
assert not any(m.startswith("megacxr") for m in sys.modules if not m.startswith("transformers_modules"))
"""

_REMOTE_TEXT = {
    "latent_attention": TEXT,
    "weighted_mean": TEXT,
    "mean": TextConfig(),
    "eos": TextConfig(instruction="Find", separator=" - ", max_length=12),
}
# the first group runs in make test-fast, both in make test
REMOTE_CASES = [
    pytest.param(("latent_attention",), id="latent_attention"),
    pytest.param(("weighted_mean", "mean", "eos"), id="weighted_mean-mean-eos", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("kinds", REMOTE_CASES)
def test_trust_remote_code_load_without_megacxr_gives_the_same_embeddings(base_dir, tmp_path, kinds):
    import os
    import subprocess
    import sys

    from transformers import AutoModel

    texts = REPORTS + ["", "No acute cardiopulmonary process " * 6]  # empty and truncated reports too
    folders = {}
    for kind in kinds:
        pooling = (
            PoolingConfig(kind=kind, latents=8, heads=4) if kind == "latent_attention" else PoolingConfig(kind=kind)
        )
        enc = trained_encoder(base_dir, seed=3, pooling=pooling, dropout=0.0)
        folders[kind] = export_encoder(enc.eval(), tmp_path / f"export_{kind}", text=_REMOTE_TEXT[kind])
        assert (
            json.loads((folders[kind] / "config.json").read_text())["auto_map"]["AutoModel"]
            == "modeling_megacxr.MegacxrReportEncoder"
        )
    jobs = [[str(folders[k]), texts, str(tmp_path / f"e_{k}.pt")] for k in kinds]
    res = subprocess.run(
        [sys.executable, "-c", _REMOTE_LOAD, json.dumps(jobs)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert res.returncode == 0, res.stderr[-3000:]
    for kind in kinds:
        remote = torch.load(tmp_path / f"e_{kind}.pt")
        loaded = load_encoder(folders[kind]).eval()
        tok = TextEncoder(folders[kind], _REMOTE_TEXT[kind])
        items = tok.encode_batch(texts)
        batch = collate_text([e.input_ids for e in items], [e.instruction_len for e in items], tok.pad_id, None)
        with torch.no_grad():
            ours = loaded.embed(batch)
        assert remote.shape == ours.shape == (len(texts), 64), kind
        assert torch.allclose(remote, ours, atol=1e-5, rtol=0), (kind, (remote - ours).abs().max())
        # the causal decoder alone (what AutoModel gives without trust_remote_code) is not the encoder
        plain = AutoModel.from_pretrained(str(folders[kind]))
        assert type(plain).__name__ != "MegacxrReportEncoder", kind
