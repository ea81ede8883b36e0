"""Test helpers: train and save a tiny Hugging Face tokenizer locally, and read the demo data's report texts.

``train_tokenizer(texts, out_dir)`` trains a word-level (default) or byte-level BPE tokenizer with the
``tokenizers`` library on ``texts``, gives it the special tokens ``<pad> <unk> <s> </s> <mask>`` (ids 0-4), a
post-processor that puts ``<s>`` first (as Llama's does), and saves it with ``save_pretrained`` so that
``transformers.AutoTokenizer.from_pretrained(out_dir)`` loads it without any network access.

``demo_report_texts(tmp, studies)`` generates the synthetic MIMIC-CXR demo data and returns each study's
cleaned training text (what the shard builder writes to ``txt``), for tests about report-length statistics.
"""

from __future__ import annotations

from pathlib import Path

PAD, UNK, BOS, EOS, MASK = "<pad>", "<unk>", "<s>", "</s>", "<mask>"
SPECIAL_TOKENS = [PAD, UNK, BOS, EOS, MASK]

DEFAULT_TEXTS = [
    "Retrieve the image that best matches the following report: No acute cardiopulmonary process.",
    "The lungs are clear. There is no pleural effusion or pneumothorax. Heart size is normal.",
    "Mild cardiomegaly, e.g. 2.5 cm enlargement. Small left pleural effusion. No. 3 tube in place.",
    "1. Right lower lobe consolidation. 2. Endotracheal tube terminates 4 cm above the carina.",
]


def train_tokenizer(texts: list[str] | None, out_dir: str | Path, kind: str = "wordlevel",
                    vocab_size: int = 2000, add_bos: bool = True, lowercase: bool = False) -> Path:
    """Train a tokenizer on ``texts`` (plus a few built-in report sentences) and save it to ``out_dir``."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    corpus = list(texts or []) + DEFAULT_TEXTS
    if kind == "wordlevel":
        tok = Tokenizer(models.WordLevel(unk_token=UNK))
        tok.pre_tokenizer = pre_tokenizers.Whitespace()
        trainer = trainers.WordLevelTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS, min_frequency=1)
    elif kind == "bpe":
        tok = Tokenizer(models.BPE(unk_token=None))
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), min_frequency=1)
    else:
        raise ValueError(f"unknown tokenizer kind {kind!r}")
    if lowercase:
        tok.normalizer = normalizers.Lowercase()
    tok.train_from_iterator(corpus, trainer=trainer)
    bos_id = tok.token_to_id(BOS)
    if add_bos:
        tok.post_processor = processors.TemplateProcessing(single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B",
                                                           special_tokens=[(BOS, bos_id)])
    elif kind == "bpe":
        tok.post_processor = processors.ByteLevel(trim_offsets=False)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token=PAD, unk_token=UNK, bos_token=BOS,
                                   eos_token=EOS, mask_token=MASK)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(str(out))
    return out


def demo_report_texts(tmp: str | Path, studies: int = 400, seed: int = 0) -> list[str]:
    """Cleaned training texts of a synthetic MIMIC-CXR dataset of ``studies`` studies (generated under ``tmp``)."""
    from megacxr.shards.config import TextConfig
    from megacxr.shards.textclean import clean_study_text
    from megacxr.synth import generate

    root = Path(tmp) / "mimic"
    meta = generate("mimic-cxr", root, studies=studies, seed=seed, image_size=32)
    cfg = TextConfig()
    texts = []
    for path in sorted((root / meta["reports"]).rglob("s*.txt")):
        clean = clean_study_text(path.read_text(), {}, cfg, "mimic-cxr")
        if clean.problem is None:
            texts.append(clean.text)
    return texts
