"""Text of one study for the text stages: section choice, sentence shuffle, instruction prefix, tokenization.

* ``choose_text(meta, txt, cfg, rng)`` picks the report text from a shard sample: its ``json``'s cleaned
  ``sections`` (findings, impression, ...) or its ``txt``, with fallbacks when a section is missing
  (impression -> findings -> last_paragraph -> preamble -> txt, and findings the other way round).
* ``prepare_text`` = ``choose_text`` then, with probability ``cfg.sentence_shuffle``,
  ``megacxr.reports.sentences.shuffle_sentences``.
* ``TextEncoder`` wraps a Hugging Face tokenizer loaded from a local path and turns
  ``instruction + separator + report`` into ``EncodedText(input_ids, instruction_len)``. ``instruction_len`` is
  the number of leading tokens that are not report: the BOS token when the tokenizer adds one, then the
  instruction and separator tokens (llm2vec leaves exactly these out of pooling). Over-long texts lose report
  tokens from the end; the prefix and the closing EOS are always kept.

All randomness comes from the ``numpy.random.Generator`` passed in, so a pipeline that saves its generator's
state resumes with identical texts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from megacxr.errors import ConfigError, InputError
from megacxr.reports.sentences import shuffle_sentences
from megacxr.tokens import load_tokenizer  # re-exported: part of this module's API

__all__ = [
    "EncodedText",
    "TextConfig",
    "TextEncoder",
    "choose_text",
    "prepare_text",
    "text_key",
]

SectionMode = Literal["findings_impression", "impression", "findings", "random", "txt"]
SECTION_MODES = ("findings_impression", "impression", "findings", "random", "txt")


@dataclass
class TextConfig:
    sections: SectionMode = "findings_impression"
    instruction: str = ""  # prefix, e.g. "Retrieve the image that best matches the following report"
    separator: str = ": "  # instruction + separator + report (no separator without an instruction)
    sentence_shuffle: float = 0.0  # probability of shuffling the report's sentences
    max_length: int = 512  # tokens, specials and instruction included
    add_eos: bool = True  # end every sequence with the tokenizer's EOS (EOS pooling needs it)

    def __post_init__(self) -> None:
        if self.sections not in SECTION_MODES:
            raise ConfigError(
                f"unknown value {self.sections!r}; choose one of {', '.join(SECTION_MODES)}", field="text.sections"
            )
        if not 0.0 <= float(self.sentence_shuffle) <= 1.0:
            raise ConfigError("must be a probability in [0, 1]", field="text.sentence_shuffle")
        if int(self.max_length) < 2:
            raise ConfigError("must be at least 2", field="text.max_length")


# ----------------------------------------------------------------------------------------------- section choice

_SPACES = re.compile(r"\s+")


def _clean(text) -> str:
    """One line, terminal punctuation (sections in the json keep paragraph breaks and may end bare)."""
    if not isinstance(text, str):
        return ""
    text = _SPACES.sub(" ", text).strip()
    if not text or text[-1] in ".!?":
        return text
    return text.rstrip(",;: ") + "."


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def choose_text(meta: dict | None, txt: str | None, cfg: TextConfig, rng: np.random.Generator) -> str:
    """The report text of one sample under ``cfg.sections``.

    ``findings_impression``: findings then impression (either alone when the other is missing);
    ``impression``: impression, else findings; ``findings``: findings, else impression; ``random``: one of the
    distinct texts among {findings + impression, findings, impression} that the sample has, uniformly (one
    draw from ``rng``); ``txt``: the shard's training text. Every mode falls back to ``last_paragraph``, then
    ``preamble``, then ``txt`` (and ``txt`` to the sections). No usable text at all raises ``InputError``.
    """
    sections = (meta or {}).get("sections") or {}
    if not isinstance(sections, dict):
        raise InputError("'sections' must be an object", field="json.sections")
    findings, impression = _clean(sections.get("findings")), _clean(sections.get("impression"))
    txt_clean = _clean(txt)
    mode = cfg.sections
    if mode == "txt":
        text = txt_clean or _join(findings, impression)
    elif mode == "findings_impression":
        text = _join(findings, impression)
    elif mode == "impression":
        text = impression or findings
    elif mode == "findings":
        text = findings or impression
    else:  # random
        options = [o for o in dict.fromkeys([_join(findings, impression), findings, impression]) if o]
        # always one draw, so that the stream's rng advances the same way whatever the sample holds
        pick = int(rng.integers(0, 3))
        text = options[pick % len(options)] if options else ""
    if not text:
        text = _clean(sections.get("last_paragraph")) or _clean(sections.get("preamble")) or txt_clean
    if not text:
        raise InputError(
            "sample has no usable report text (no findings, impression, last paragraph, preamble or txt)", field="txt"
        )
    return text


def prepare_text(meta: dict | None, txt: str | None, cfg: TextConfig, rng: np.random.Generator) -> str:
    """``choose_text``, then sentence shuffle with probability ``cfg.sentence_shuffle`` (one ``rng.random()``)."""
    text = choose_text(meta, txt, cfg, rng)
    if cfg.sentence_shuffle > 0 and rng.random() < cfg.sentence_shuffle:
        text = shuffle_sentences(text, rng)
    return text


_NOT_WORD = re.compile(r"[\W_]+")


def text_key(text: str) -> str:
    """A 16-hex-digit digest of the text's normalised form (case folded, punctuation and whitespace runs one
    space): reports that read alike ("No acute cardiopulmonary process." / "NO ACUTE CARDIOPULMONARY PROCESS")
    share it. The batches carry it beside the study key so that the contrastive losses never count one report
    text as a negative of itself (``supcon.loss.identical_text``, ``clip.loss.identical_text``); a digest, so no
    report text reaches a log."""
    norm = " ".join(_NOT_WORD.sub(" ", text.casefold()).split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


# ---------------------------------------------------------------------------------------------------- tokenizer


@dataclass
class EncodedText:
    input_ids: list[int]
    instruction_len: int  # leading tokens that are not report (BOS, instruction, separator): not pooled
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.input_ids)


class TextEncoder:
    """``instruction + separator + report`` -> token ids with the instruction length, at most ``max_length``."""

    def __init__(self, tokenizer_path_or_obj, cfg: TextConfig | None = None):
        self.tokenizer = load_tokenizer(tokenizer_path_or_obj)
        self.cfg = cfg or TextConfig()
        tok = self.tokenizer
        if self.cfg.add_eos and tok.eos_token_id is None:
            raise ConfigError(
                "the tokenizer has no EOS token; set text.add_eos=false or use a tokenizer with one",
                field="text.add_eos",
            )
        self.prefix = self.cfg.instruction + self.cfg.separator if self.cfg.instruction else ""
        self._backend = None
        self._backend = self._fast_backend()
        self._special = {int(i) for i in tok.all_special_ids}
        probe = self._tokenize(["x"])[0]
        self._lead = self._leading_specials(probe[0], probe[2])
        self._tail = self._trailing_specials(probe[0], probe[2])
        self.prefix_len = self._count_prefix("report") if self.prefix else len(self._lead)
        budget = self.cfg.max_length - self.prefix_len - max(len(self._tail), int(self.cfg.add_eos))
        if budget < 1:
            raise ConfigError(
                f"text.max_length={self.cfg.max_length} leaves no room for the report after "
                f"{self.prefix_len} prefix tokens",
                field="text.max_length",
            )

    # ids, offsets (or None), special mask of each text, as the tokenizer itself produces them
    def _tokenize(self, texts: list[str]) -> list[tuple[list[int], list | None, list[int]]]:
        if self._backend is not None:  # the Rust tokenizer itself: the Python wrapper costs more than encoding
            return [(e.ids, e.offsets, e.special_tokens_mask) for e in self._backend.encode_batch(texts)]
        return self._tokenize_wrapper(texts)

    def _tokenize_wrapper(self, texts: list[str]) -> list[tuple[list[int], list | None, list[int]]]:
        tok = self.tokenizer
        fast = bool(getattr(tok, "is_fast", False))
        enc = tok(
            texts,
            add_special_tokens=True,
            return_offsets_mapping=fast,
            return_special_tokens_mask=True,
            return_attention_mask=False,
            return_token_type_ids=False,
            verbose=False,
        )
        offsets = enc["offset_mapping"] if fast else [None] * len(texts)
        return list(zip(enc["input_ids"], offsets, enc["special_tokens_mask"], strict=False))

    def _fast_backend(self):
        """A private copy of a fast tokenizer's Rust backend with truncation and padding off (we truncate
        ourselves), used when it tokenizes exactly as the wrapper does on a probe; else None."""
        backend = getattr(self.tokenizer, "backend_tokenizer", None)
        if not getattr(self.tokenizer, "is_fast", False) or backend is None:
            return None
        try:
            from tokenizers import Tokenizer

            copy = Tokenizer.from_str(backend.to_str())
            copy.no_truncation()
            copy.no_padding()
        except Exception:  # noqa: BLE001 - an exotic backend: the wrapper path is always right
            return None
        probe = [self.prefix + "Heart size normal. No effusion, e.g. 2.5 cm.", "x", " Lungs  clear\n"]
        got = [(e.ids, e.offsets, e.special_tokens_mask) for e in copy.encode_batch(probe)]
        want = self._tokenize_wrapper(probe)
        same = all(
            list(g[0]) == list(w[0])
            and list(g[2]) == list(w[2])
            and [tuple(o) for o in g[1]] == [tuple(o) for o in w[1]]
            for g, w in zip(got, want, strict=False)
        )
        return copy if same else None

    @staticmethod
    def _leading_specials(ids, special) -> list[int]:
        n = 0
        while n < len(ids) and special[n]:
            n += 1
        return list(ids[:n])

    @staticmethod
    def _trailing_specials(ids, special) -> list[int]:
        n = 0
        while n < len(ids) and special[len(ids) - 1 - n]:
            n += 1
        return list(ids[len(ids) - n :])

    def _count_prefix(self, report: str) -> int:
        """Tokens before the report's first token when ``prefix + report`` is tokenized as one string."""
        ids, offsets, special = self._tokenize([self.prefix + report])[0]
        return self._prefix_tokens(ids, offsets, special)

    def _prefix_tokens(self, ids, offsets, special) -> int:
        lead = len(self._leading_specials(ids, special))
        if offsets is None:  # slow tokenizer: tokenize the prefix alone
            p_ids, _, p_special = self._tokenize([self.prefix])[0]
            return len(p_ids) - len(self._trailing_specials(p_ids, p_special))
        limit = len(self.prefix)
        n = lead
        # a token belongs to the prefix when it ends inside it; " Heart" (space from the separator plus report
        # characters) straddles the boundary and is report
        while n < len(ids) and not special[n] and offsets[n][1] <= limit:
            n += 1
        return n

    def encode(self, text: str) -> EncodedText:
        return self.encode_batch([text])[0]

    def encode_batch(self, texts: list[str]) -> list[EncodedText]:
        cfg = self.cfg
        eos = self.tokenizer.eos_token_id
        out = []
        for _text, (ids, offsets, special) in zip(texts, self._tokenize([self.prefix + t for t in texts]), strict=True):
            ids = [int(i) for i in ids]
            n_pre = (
                self._prefix_tokens(ids, offsets, special) if self.prefix else len(self._leading_specials(ids, special))
            )
            tail = self._trailing_specials(ids[n_pre:], special[n_pre:])
            body = ids[n_pre : len(ids) - len(tail)]
            if cfg.add_eos and (not tail or tail[-1] != eos):
                tail = tail + [int(eos)]
            room = cfg.max_length - n_pre - len(tail)
            if room < 1:
                raise ConfigError(
                    f"text.max_length={cfg.max_length} leaves no room for the report", field="text.max_length"
                )
            truncated = len(body) > room
            out.append(EncodedText(ids[:n_pre] + body[:room] + tail, n_pre, truncated))
        return out

    # what the packing and masking steps need from the tokenizer
    @property
    def pad_id(self) -> int:
        tok = self.tokenizer
        for i in (tok.pad_token_id, tok.eos_token_id, 0):
            if i is not None:
                return int(i)
        return 0

    @property
    def mask_token_id(self) -> int | None:
        return self.tokenizer.mask_token_id

    @property
    def special_ids(self) -> set[int]:
        return set(self._special)
