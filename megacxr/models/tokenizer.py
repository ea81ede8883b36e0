"""Train and save a small Hugging Face tokenizer locally (for tiny models, tests and offline profiling).

``train_tokenizer(texts, out_dir)`` trains a word-level (default) or byte-level BPE tokenizer with the
``tokenizers`` library on ``texts``, gives it the special tokens ``<pad> <unk> <s> </s> <mask>`` (ids 0-4) and a
post-processor that puts ``<s>`` first (as Llama's does), and saves it with ``save_pretrained`` so that
``transformers.AutoTokenizer.from_pretrained(out_dir, local_files_only=True)`` loads it without any network access.
Real checkpoints bring their own tokenizer; this one exists so that everything runs without downloads.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["BOS", "EOS", "MASK", "PAD", "SPECIAL_TOKENS", "UNK", "train_tokenizer"]

PAD, UNK, BOS, EOS, MASK = "<pad>", "<unk>", "<s>", "</s>", "<mask>"
SPECIAL_TOKENS = [PAD, UNK, BOS, EOS, MASK]
TOKENIZER_KINDS = ("wordlevel", "bpe")


def train_tokenizer(
    texts: Iterable[str],
    out_dir: str | Path,
    kind: str = "wordlevel",
    vocab_size: int = 2000,
    add_bos: bool = True,
    lowercase: bool = False,
) -> Path:
    """Train a tokenizer on ``texts`` and save it (tokenizer.json and its configs) to ``out_dir``."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    corpus = list(texts)
    if kind == "wordlevel":
        tok = Tokenizer(models.WordLevel(unk_token=UNK))
        tok.pre_tokenizer = pre_tokenizers.Whitespace()
        trainer = trainers.WordLevelTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS, min_frequency=1)
    elif kind == "bpe":
        tok = Tokenizer(models.BPE(unk_token=None))
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            special_tokens=SPECIAL_TOKENS,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            min_frequency=1,
        )
    else:
        raise ValueError(f"unknown tokenizer kind {kind!r}; choose one of {', '.join(TOKENIZER_KINDS)}")
    if lowercase:
        tok.normalizer = normalizers.Lowercase()
    tok.train_from_iterator(corpus, trainer=trainer)
    bos_id = tok.token_to_id(BOS)
    if add_bos:
        tok.post_processor = processors.TemplateProcessing(
            single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B", special_tokens=[(BOS, bos_id)]
        )
    elif kind == "bpe":
        tok.post_processor = processors.ByteLevel(trim_offsets=False)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token=PAD, unk_token=UNK, bos_token=BOS, eos_token=EOS, mask_token=MASK
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(str(out))
    return out
