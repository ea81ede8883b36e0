"""Named model shapes, random initialisation of model folders, and the local tokenizer trainer."""

from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import load_file

from megacxr.data.text import TextEncoder, load_tokenizer
from megacxr.errors import ConfigError
from megacxr.models.shapes import FAMILIES, init_model, parameter_count, shape_config
from megacxr.models.tokenizer import SPECIAL_TOKENS, train_tokenizer

TEXTS = ["The lungs are clear.", "Small left pleural effusion.", "No pneumothorax. Heart size is normal."]


def test_tiny_shape_folder_loads_everywhere(tmp_path):
    from transformers import AutoModelForCausalLM

    out = init_model("tiny", tmp_path / "tiny", texts=TEXTS)
    cfg = json.loads((out / "config.json").read_text())
    tok = load_tokenizer(out)
    assert cfg["model_type"] == "llama"
    assert (
        cfg["hidden_size"],
        cfg["num_hidden_layers"],
        cfg["num_attention_heads"],
        cfg["num_key_value_heads"],
        cfg["intermediate_size"],
    ) == (64, 2, 4, 2, 128)
    assert cfg["vocab_size"] == len(tok) and cfg["tie_word_embeddings"] is True
    assert (cfg["pad_token_id"], cfg["bos_token_id"], cfg["eos_token_id"]) == (0, 2, 3)
    assert tok.convert_ids_to_tokens(list(range(5))) == SPECIAL_TOKENS
    model = AutoModelForCausalLM.from_pretrained(str(out), local_files_only=True)
    assert sum(p.numel() for p in model.parameters()) == parameter_count(model.config)
    ids = TextEncoder(out).encode("The lungs are clear.").input_ids
    assert ids[0] == tok.bos_token_id and ids[-1] == tok.eos_token_id and tok.unk_token_id not in ids


def test_init_is_seeded_and_leaves_the_global_rng_alone(tmp_path):
    torch.manual_seed(123)
    state = torch.get_rng_state()
    a = load_file(str(init_model("tiny", tmp_path / "a", texts=TEXTS, seed=5) / "model.safetensors"))
    assert torch.equal(torch.get_rng_state(), state)
    b = load_file(str(init_model("tiny", tmp_path / "b", texts=TEXTS, seed=5) / "model.safetensors"))
    c = load_file(str(init_model("tiny", tmp_path / "c", texts=TEXTS, seed=6) / "model.safetensors"))
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    key = "model.layers.0.self_attn.q_proj.weight"
    assert not torch.equal(a[key], c[key])


def test_tokenizer_dir_is_copied_and_bf16_written(tmp_path):
    src = train_tokenizer(TEXTS, tmp_path / "tok")
    out = init_model("tiny", tmp_path / "m", tokenizer_dir=src, dtype="bfloat16")
    assert load_tokenizer(out).get_vocab() == load_tokenizer(src).get_vocab()
    weights = load_file(str(out / "model.safetensors"))
    assert all(t.dtype == torch.bfloat16 for t in weights.values())


@pytest.mark.parametrize("family", FAMILIES)
def test_families_build_with_the_same_shape(tmp_path, family):
    out = init_model("tiny", tmp_path / family, texts=TEXTS, family=family)
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["hidden_size"] == 64 and cfg["num_hidden_layers"] == 2 and cfg["num_key_value_heads"] == 2
    tok = load_tokenizer(out)
    # the folder's own tokenizer class (transformers picks Qwen2's for qwen2 folders) must round-trip the text
    ids = tok("Small left pleural effusion.")["input_ids"]
    assert tok.decode(ids, skip_special_tokens=True).replace(" ", "") == "Smallleftpleuraleffusion."


def test_large_shapes_match_the_published_ones():
    from transformers import AutoModelForCausalLM

    small = shape_config("llama-3.2-1b")
    assert (
        small.hidden_size,
        small.num_hidden_layers,
        small.num_attention_heads,
        small.num_key_value_heads,
        small.intermediate_size,
        small.vocab_size,
        small.tie_word_embeddings,
    ) == (2048, 16, 32, 8, 8192, 128256, True)
    assert small.rope_parameters["rope_theta"] == 500000.0 and small.rope_parameters["factor"] == 32.0
    big = shape_config("llama-3.1-8b")
    assert (big.hidden_size, big.num_hidden_layers, big.intermediate_size, big.tie_word_embeddings) == (
        4096,
        32,
        14336,
        False,
    )
    # published parameter counts, from the formula and from a model built on the meta device (no memory)
    assert parameter_count(small) == 1_235_814_400
    assert parameter_count(big) == 8_030_261_248
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(small)
    assert sum(p.numel() for p in model.parameters()) == 1_235_814_400
    assert shape_config("llama-3.2-1b", vocab_size=1000).vocab_size == 128256  # a small tokenizer fits


def test_shape_errors(tmp_path):
    with pytest.raises(ConfigError, match="unknown model shape"):
        shape_config("llama-70b")
    with pytest.raises(ConfigError, match="unknown family"):
        shape_config("tiny", vocab_size=10, family="phi")
    with pytest.raises(ConfigError, match="vocabulary size from the tokenizer"):
        shape_config("tiny")
    with pytest.raises(ConfigError, match="more than shape"):
        shape_config("llama-3.2-1b", vocab_size=200_000)
    with pytest.raises(ConfigError, match="needs a tokenizer"):
        init_model("tiny", tmp_path / "x")
    with pytest.raises(ConfigError, match="not both"):
        init_model("tiny", tmp_path / "y", tokenizer_dir=tmp_path, texts=TEXTS)
