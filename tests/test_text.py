"""Section choice, sentence splitting and shuffling, instruction prefix and tokenization (megacxr.data.text)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from helpers.tokenizer import demo_report_texts, train_tokenizer

from megacxr.data.text import TextConfig, TextEncoder, choose_text, prepare_text
from megacxr.errors import ConfigError, InputError
from megacxr.reports.sentences import shuffle_sentences, split_sentences

INSTRUCTION = "Retrieve the image that best matches the following report"
FULL = {
    "sections": {
        "findings": "Heart size is normal.\nLungs are clear",
        "impression": "No acute process.",
        "last_paragraph": "Last paragraph text.",
        "preamble": "Preamble text.",
        "indication": "Cough.",
    }
}


@pytest.fixture(scope="module")
def demo_texts(tmp_path_factory):
    return demo_report_texts(tmp_path_factory.mktemp("demo"), studies=120)


@pytest.fixture(scope="module", params=["wordlevel", "bpe"])
def tok_dir(request, tmp_path_factory, demo_texts):
    return train_tokenizer(demo_texts, tmp_path_factory.mktemp(f"tok_{request.param}"), kind=request.param)


def rng(seed=0):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------------------------- section choice


def test_section_modes_and_cleaning():
    cfg = lambda mode: TextConfig(sections=mode)  # noqa: E731
    assert (
        choose_text(FULL, "TXT.", cfg("findings_impression"), rng())
        == "Heart size is normal. Lungs are clear. No acute process."
    )
    assert choose_text(FULL, "TXT.", cfg("impression"), rng()) == "No acute process."
    assert choose_text(FULL, "TXT.", cfg("findings"), rng()) == "Heart size is normal. Lungs are clear."
    assert choose_text(FULL, " The txt\n text ", cfg("txt"), rng()) == "The txt text."


@pytest.mark.parametrize(
    "sections,mode,expected",
    [
        ({"findings": "F."}, "impression", "F."),
        ({"impression": "I."}, "findings", "I."),
        ({"impression": "I."}, "findings_impression", "I."),
        ({"findings": "F."}, "findings_impression", "F."),
        ({"last_paragraph": "L.", "preamble": "P."}, "impression", "L."),
        ({"preamble": "P.", "indication": "Cough."}, "findings_impression", "P."),
        ({"indication": "Cough."}, "impression", "TXT."),
        ({"findings": "  ", "impression": None}, "findings", "TXT."),
        ({}, "random", "TXT."),
    ],
)
def test_section_fallbacks(sections, mode, expected):
    assert choose_text({"sections": sections}, "TXT.", TextConfig(sections=mode), rng()) == expected


def test_txt_mode_falls_back_to_sections_and_empty_sample_errors():
    assert choose_text(FULL, "", TextConfig(sections="txt"), rng()).startswith("Heart size")
    with pytest.raises(InputError, match="txt"):
        choose_text({"sections": {"indication": "Cough."}}, " ", TextConfig(), rng())
    with pytest.raises(InputError, match="json.sections"):
        choose_text({"sections": ["findings"]}, "x", TextConfig(), rng())
    assert choose_text(None, "Only txt.", TextConfig(), rng()) == "Only txt."


def test_random_mode_covers_available_texts_and_is_deterministic():
    cfg = TextConfig(sections="random")
    g = rng(1)
    seen = Counter(choose_text(FULL, "TXT.", cfg, g) for _ in range(600))
    assert set(seen) == {
        "Heart size is normal. Lungs are clear. No acute process.",
        "Heart size is normal. Lungs are clear.",
        "No acute process.",
    }
    assert min(seen.values()) > 150
    # only an impression: every draw gives it, and the rng still advances one draw per sample
    g1, g2 = rng(5), rng(5)
    assert {choose_text({"sections": {"impression": "I."}}, "", cfg, g1) for _ in range(20)} == {"I."}
    g2.integers(0, 3, size=20)
    assert g1.random() == g2.random()
    a = [choose_text(FULL, "", cfg, rng(7)) for _ in range(3)]
    assert len(set(a)) == 1


def test_config_validation():
    with pytest.raises(ConfigError, match="text.sections"):
        TextConfig(sections="conclusion")
    with pytest.raises(ConfigError, match="text.sentence_shuffle"):
        TextConfig(sentence_shuffle=1.5)


# ------------------------------------------------------------------------------------------- sentence splitting


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Heart is normal. Lungs are clear.", ["Heart is normal.", "Lungs are clear."]),
        ("Nodule measures 2.5 cm. No effusion.", ["Nodule measures 2.5 cm.", "No effusion."]),
        (
            "Findings, e.g. atelectasis, are stable. No effusion.",
            ["Findings, e.g. atelectasis, are stable.", "No effusion."],
        ),
        ("Tube No. 3 is in place. Lungs clear.", ["Tube No. 3 is in place.", "Lungs clear."]),
        ("No. Lungs clear.", ["No.", "Lungs clear."]),
        (
            "Discussed with Dr. ___ at 9:06 p.m. on ___. Stable.",
            ["Discussed with Dr. ___ at 9:06 p.m. on ___.", "Stable."],
        ),
        ("Opacity i.e. Pneumonia vs. Atelectasis. Clear.", ["Opacity i.e. Pneumonia vs. Atelectasis.", "Clear."]),
        ("1. Right lobe consolidation. 2. Small effusion.", ["1. Right lobe consolidation.", "2. Small effusion."]),
        ("Is there effusion? Yes! Small one.", ["Is there effusion?", "Yes!", "Small one."]),
        ("First line\nSecond line. Third.", ["First line", "Second line.", "Third."]),
        ("Ends without stop", ["Ends without stop"]),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_shuffle_keeps_sentences_and_uses_only_the_rng(demo_texts):
    long_texts = [t for t in demo_texts if len(split_sentences(t)) >= 4]
    assert long_texts
    changed = 0
    for i, text in enumerate(long_texts[:30]):
        out = shuffle_sentences(text, rng(i))
        assert out == shuffle_sentences(text, rng(i))
        strip = lambda s: s.split(". ", 1)[1] if s[:1].isdigit() and s[1:3] in (". ", ") ") else s  # noqa: E731
        assert sorted(split_sentences(out)) == sorted(strip(s) for s in split_sentences(text))
        changed += out != text
    assert changed >= len(long_texts[:30]) // 2
    text = "1. Right lobe consolidation. 2. Small effusion. 3. Mild cardiomegaly."
    outs = {shuffle_sentences(text, rng(s)) for s in range(20)}
    assert len(outs) > 1 and all(not o[0].isdigit() for o in outs)


def test_prepare_text_shuffle_probability_and_resume():
    text = "A one. B two. C three. D four. E five."
    meta = {"sections": {"impression": text}}
    never = TextConfig(sections="impression", sentence_shuffle=0.0)
    g = rng(3)
    assert all(prepare_text(meta, "", never, g) == text for _ in range(50))
    assert g.random() == rng(3).random()  # p = 0 draws nothing
    cfg = TextConfig(sections="impression", sentence_shuffle=0.3)
    g = rng(4)
    shuffled = sum(prepare_text(meta, "", cfg, g) != text for _ in range(2000))
    assert 0.3 * 2000 * (1 - 1 / 120) * 0.85 < shuffled < 0.3 * 2000 * 1.15
    # exact resume: a generator restored from a saved state continues with the same texts
    g = rng(9)
    [prepare_text(meta, "", cfg, g) for _ in range(17)]
    state = g.bit_generator.state
    rest = [prepare_text(meta, "", cfg, g) for _ in range(30)]
    g2 = np.random.default_rng()
    g2.bit_generator.state = state
    assert [prepare_text(meta, "", cfg, g2) for _ in range(30)] == rest


# ------------------------------------------------------------------------------------------------- tokenization


def test_encode_without_instruction(tok_dir):
    enc = TextEncoder(tok_dir, TextConfig())
    tok = enc.tokenizer
    e = enc.encode("Heart size is normal. No effusion.")
    assert e.input_ids[0] == tok.bos_token_id and e.input_ids[-1] == tok.eos_token_id
    assert e.instruction_len == 1  # the BOS is not report
    assert e.input_ids == tok("Heart size is normal. No effusion.")["input_ids"] + [tok.eos_token_id]
    assert tok.decode(e.input_ids[1:-1]).replace(" .", ".").strip() == "Heart size is normal. No effusion."


def test_encode_with_instruction(tok_dir, demo_texts):
    cfg = TextConfig(instruction=INSTRUCTION)
    enc = TextEncoder(tok_dir, cfg)
    tok = enc.tokenizer
    nospace = lambda s: "".join(s.split())  # noqa: E731 - word-level decoding puts spaces between all tokens
    for text in demo_texts[:40]:
        e = enc.encode(text)
        # the ids are exactly the tokenizer's own for the whole string, plus EOS
        assert e.input_ids == tok(INSTRUCTION + ": " + text)["input_ids"] + [tok.eos_token_id]
        # the first instruction_len tokens are BOS + instruction + separator, the rest the report and EOS
        assert e.input_ids[0] == tok.bos_token_id
        assert nospace(tok.decode(e.input_ids[1 : e.instruction_len])) == nospace(INSTRUCTION + ":")
        assert nospace(tok.decode(e.input_ids[e.instruction_len : -1])) == nospace(text)
        assert tok.decode(e.input_ids[e.instruction_len]).strip()  # starts with report characters
    assert [x.input_ids for x in enc.encode_batch(demo_texts[:5])] == [enc.encode(t).input_ids for t in demo_texts[:5]]


def test_truncation_keeps_instruction_and_eos(tok_dir, demo_texts):
    enc_full = TextEncoder(tok_dir, TextConfig(instruction=INSTRUCTION))
    text = max(demo_texts, key=len)
    full = enc_full.encode(text)
    short = TextEncoder(tok_dir, TextConfig(instruction=INSTRUCTION, max_length=20)).encode(text)
    assert len(full) > 20 and len(short) == 20 and short.truncated and not full.truncated
    assert short.instruction_len == full.instruction_len
    assert short.input_ids[:-1] == full.input_ids[:19]
    assert short.input_ids[-1] == enc_full.tokenizer.eos_token_id
    no_eos = TextEncoder(tok_dir, TextConfig(max_length=10, add_eos=False)).encode(text)
    assert len(no_eos) == 10 and no_eos.input_ids[-1] != enc_full.tokenizer.eos_token_id
    with pytest.raises(ConfigError, match="text.max_length"):
        TextEncoder(tok_dir, TextConfig(instruction=INSTRUCTION, max_length=8))


def test_encoder_properties_and_errors(tok_dir, tmp_path):
    enc = TextEncoder(str(tok_dir), TextConfig())
    tok = enc.tokenizer
    assert enc.pad_id == tok.pad_token_id and enc.mask_token_id == tok.mask_token_id
    assert {tok.bos_token_id, tok.eos_token_id, tok.pad_token_id, tok.mask_token_id} <= enc.special_ids
    assert TextEncoder(tok, TextConfig()).encode("No effusion.").input_ids == enc.encode("No effusion.").input_ids
    with pytest.raises(InputError, match="tokenizer"):
        TextEncoder(tmp_path / "missing", TextConfig())


def test_tokenizer_without_eos(tmp_path):
    from transformers import AutoTokenizer

    d = train_tokenizer(["no effusion"], tmp_path / "t")
    tok = AutoTokenizer.from_pretrained(str(d))
    tok.eos_token = None
    with pytest.raises(ConfigError, match="text.add_eos"):
        TextEncoder(tok, TextConfig())
    assert TextEncoder(tok, TextConfig(add_eos=False)).encode("no effusion").input_ids[-1] != 3


@pytest.mark.parametrize("instruction", ["", "Retrieve the image that best matches the following report"])
def test_rust_backend_path_equals_the_wrapper_path(tok_dir, demo_texts, instruction):
    """The encoder tokenizes with the Rust backend directly (faster); it must give what the HF wrapper gives."""
    enc = TextEncoder(tok_dir, TextConfig(instruction=instruction, max_length=40))
    assert enc._backend is not None
    texts = demo_texts[:60] + ["", "  Lungs  clear\n", "Él está bien. 2.5 cm, e.g. x"]
    fast = [(list(i), [tuple(o) for o in off], list(sp)) for i, off, sp in enc._tokenize(texts)]
    slow = [(list(i), [tuple(o) for o in off], list(sp)) for i, off, sp in enc._tokenize_wrapper(texts)]
    assert fast == slow
    enc._backend = None
    assert [e.input_ids for e in TextEncoder(tok_dir, enc.cfg).encode_batch(texts)] == [
        e.input_ids for e in enc.encode_batch(texts)
    ]
