"""The PHI screen's learned voter: a logistic model over token features, one more pass after the rules.

The rules (``phi``'s passes) find identifiers by shape and cue; what they miss at first contact is mostly a
form no rule names: a given name after a greeting ("Thanks, Sal"), a transcriptionist's second initials
("kfm/dmt"), a town in a new frame, a Hangul name after a new label. The voter scores each *candidate* token the
rules left (a word with a capital, a Hangul word, a listed or unknown lower-case word) from its own features and
those of its neighbours: the word, its shape, suffix, its class in ``phi_lexicon`` (name, report word, English
word, unknown), the two words on each side, the punctuation between them and the label of its line. A token
scoring above ``SEED`` is masked; a candidate next to a masked token (by the rules or the voter) is masked above
``GROW``: a name's other half.

The weights are data (``tables/phi_voter.tsv``: a feature and its weight per line, the bias first), learned by
``python -m megacxr.shards.phi_voter_fit`` from the written sets under ``tests/data/phi`` (identifiers and clinical
text) with scikit-learn's logistic regression; scikit-learn is needed to train, never to screen. Features are
plain strings, so a weight file is readable and a feature no training text had weighs nothing.

Cost: one regex scan and a dictionary lookup per token; features only for candidates (a few per sentence).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

from megacxr.shards.phi_lexicon import (
    EPONYM_HEADS,
    HANGUL_SURNAMES,
    SERVICES,
    WORD,
    is_first_name,
    is_last_name,
    spanish_text,
    spanish_zipf,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import (
    clinical_with_particle,
    common_korean_word,
    eponym_context,
    lateral_clinical_word,
    named_phrase,
    two_word_compound,
)
from megacxr.shards.phi_patterns import CODING_SYSTEMS
from megacxr.shards.phi_places import gazetteer, generic_institution_word, generic_korean_institution
from megacxr.shards.phi_prefilter import gate_patterns

TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")  # "Levine-Edwards", "O'Brien": one token
# probability above which a candidate is masked on its own, and next to a masked token: chosen on the sweep of
# ``benchmarks/phi_voter_folds.py --thresholds`` (leave-fold-out, 114 pending sets: 0.95/0.5 read 97.99% recall and
# 0.24% of clinical sentences altered, 0.9/0.3 98.16% and 0.26%, 0.7/0.3 98.35% and 0.35%, 0.5/0.2 98.46% and
# 0.50%) and on the 490 clinical controls of ``tests/test_phi_classes.py`` (0.9/0.3 alters none of them, 0.8/0.3
# six, 0.7/0.3 eight: a report's rarer words, "Lowenstein-Jensen slants", "노동시장", read as names)
SEED = 0.9
GROW = 0.3
WEIGHTS = "phi_voter.tsv"


def shape(word: str) -> str:
    """A word's shape: Hangul, digits, capitals, a capital word, lower case, or mixed."""
    if "\uac00" <= word[0] <= "\ud7a3":
        return "H"
    if word.isdigit():
        return "d"
    if word.isupper():
        return "X" if len(word) > 1 else "I"
    if word[0].isupper():
        return "Xx" if word[1:].islower() or len(word) == 1 else "XxX"
    if word.islower():
        return "x"
    return "mix"


_CANDIDATE: dict[str, bool] = {}
# a verb's conditional or connective ending: "강하면", "동반되면", "의심되어" (no name ends so with its particle)
_VERB_CONNECTIVES = ("하면", "되면", "으면", "하여", "되어", "해서", "하며", "되며", "하고", "되고")
_KOREAN_TIME_WORD = re.compile(
    r"(?:주|주일|주차|일|월|년|달|개월|초|말|초순|중순|하순|상순|무렵)(?:에|에는|의|부터|까지|간|경|쯤|께|째|말|초)?$"
)
_SPOKEN_MARKS = frozenset("dash slash hyphen comma colon semicolon period point paragraph".split())
# months and weekdays: a date's words are the rules' (their shapes know when a date identifies), never a name alone
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu "
    "thur thurs fri sat sun".split()
)  # per distinct word: reports repeat their words, the lexicon lookup is not free


def candidate(word: str) -> bool:
    """Whether the voter scores ``word``: a word with a capital, a Hangul word, or a lower-case word that is a
    listed name or no English word. Numbers are the rules' (a dose, a score or a series number look like an id
    to a model)."""
    known = _CANDIDATE.get(word)
    if known is None:
        c = word[0]
        if c.isdigit():
            known = False
        elif "\uac00" <= c <= "\ud7a3":
            # a report word or a common word is never a name alone, nor is a long compound ("노인전문병원": the rules
            # read institutions by their suffixes); a name is at most five syllables with its particle
            known = (
                len(word) <= 5
                and not _KOREAN_TIME_WORD.match(word)  # "셋째 주에": a date's unit and its particle are the rules'
                and not (len(word) >= 3 and word.endswith(_VERB_CONNECTIVES))  # "강하면", "동반되면": a verb's form
                and not common_korean_word(word)
                and not two_word_compound(word)  # "영상처리": two common words (a place's name is the rules')
                and not clinical_with_particle(word)  # "간병인이": a report's or a kin's word and its particle
                and not lateral_clinical_word(word)
                and not generic_korean_institution(word)  # "위탁병원": a kind of institution, no name
            )
        elif c.isupper():  # the lexicon's report words, eponyms, devices and services, and a date's words, stay
            low = word.lower()
            known = word_class(word) != "clinical" and low not in _DATE_WORDS and low not in SERVICES
        else:  # (dictation's spoken punctuation is no name: "fifty five dash sixty")
            known = len(word) >= 3 and word_class(word) in ("name", "unknown") and word not in _SPOKEN_MARKS
        if len(_CANDIDATE) > _CACHE:
            _CANDIDATE.clear()
        _CANDIDATE[word] = known
    return known


def _gap(text: str, a: int, b: int) -> str:
    """The punctuation between two tokens, spaces squeezed (``", "`` -> ``","``; a line break is ``"N"``)."""
    g = text[a:b]
    if g == " ":
        return "_"
    if "\n" in g:
        return "N"
    g = "".join(g.split())
    return g[:3] if g else "_"


def word_features(w: str) -> list[str]:
    """The features of a token that depend on the word alone: the word, its shape, class, length, ends, and
    whether a name or place list has it."""
    lw = w.lower()
    sh = shape(w)
    cls = "hangul" if sh == "H" else word_class(w)
    f = ["w=" + lw, "s=" + sh, "c=" + cls + "|" + sh, "l=" + str(min(len(w), 12))]
    f += ["x3=" + lw[-3:], "x2=" + lw[-2:], "p3=" + lw[:3]]
    if sh == "H":
        f += ["z=-", "hs=" + str(w[0] in HANGUL_SURNAMES) + str(len(w)), "hx=" + w[-1]]
    else:
        f += ["z=" + str(int(zipf(w))), "fl=" + str(is_first_name(lw)) + str(is_last_name(lw)) + str(lw in gazetteer())]
    return f


def neighbour_features(d: int, word: str) -> list[str]:
    """The features the word ``d`` tokens away gives (``d`` in -2, -1, 1, 2): the word, its shape, and for a
    word after the token whether it is a named thing's head ("Levine-Edwards type", "Günther Tulip filter")."""
    ln, sh = _neighbour(word)
    f = [_KEYS_W[d] + ln, _KEYS_S[d] + sh]
    if d > 0 and ln in EPONYM_HEADS:
        f.append(_KEYS_H[d])
    return f


def gap_features(d: int, word: str, gap: str) -> list[str]:
    """The punctuation between the token and its neighbour ``d`` (-1 or 1), alone and with the neighbour."""
    return [_KEYS_G[d] + gap, _KEYS_WG[d] + _neighbour(word)[0] + gap]


def line_features(text: str, spans: list[tuple[int, int]], i: int) -> list[str]:
    """The features of token ``i``'s place in its line: the label before it ("Transcriptionist: kfm"), the line's
    start, and being one half of a two-word place ("Las Vegas")."""
    a, b = spans[i]
    f = []
    lw = text[a:b].lower()
    if lw in _place_halves():
        places = gazetteer()
        before = text[spans[i - 1][0] : a].lower() if i else ""
        after = text[b : spans[i + 1][1]].lower() if i + 1 < len(spans) else ""
        if " ".join((before + lw).split()) in places or " ".join((lw + after).split()) in places:
            f.append("place2")
    line_start = text.rfind("\n", 0, a) + 1
    colon = max(text.rfind(":", line_start, a), text.rfind("=", line_start, a), text.rfind("#", line_start, a))
    if colon > line_start and not text[colon + 1 : a].strip():
        label = text[max(line_start, colon - 30) : colon].lower().split()[-2:]
        if label and label[0][:1].isalpha():
            f.append("lab=" + " ".join(label))
    if line_start == a or not text[line_start:a].strip():
        f.append("bol")
    return f


def context_features(text: str, spans: list[tuple[int, int]], i: int) -> list[str]:
    """The features of token ``i`` that come from around it: two words each side, their shapes, the punctuation
    next to it, the label of its line, a two-word place it is half of, a named thing's head after it."""
    a, b = spans[i]
    f = []
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(spans):
            c, e = spans[j]
            f += neighbour_features(d, text[c:e])
            if d == -1:
                f += gap_features(d, text[c:e], _gap(text, e, a))
            elif d == 1:
                f += gap_features(d, text[c:e], _gap(text, b, c))
        else:
            f.append(_KEYS_W[d] + "<edge>")
    return f + line_features(text, spans, i)


_KEYS_W = {d: f"w{d}=" for d in (-2, -1, 1, 2)}
_KEYS_S = {d: f"s{d}=" for d in (-2, -1, 1, 2)}
_KEYS_H = {d: f"h{d}" for d in (1, 2)}
_KEYS_G = {d: f"g{d}=" for d in (-1, 1)}
_KEYS_WG = {d: f"w{d}g=" for d in (-1, 1)}
_NEIGHBOUR: dict[str, tuple[str, str]] = {}


def _neighbour(word: str) -> tuple[str, str]:
    """A neighbour's lower case and shape, cached per distinct word."""
    known = _NEIGHBOUR.get(word)
    if known is None:
        if len(_NEIGHBOUR) > _CACHE:
            _NEIGHBOUR.clear()
        known = _NEIGHBOUR[word] = (word.lower(), shape(word))
    return known


@lru_cache(maxsize=1)
def _place_halves() -> frozenset[str]:
    """The first and last words of the gazetteer's two-word places."""
    halves = set()
    for place in gazetteer():
        parts = place.split()
        if len(parts) == 2:
            halves.update(parts)
    return frozenset(halves)


def features(text: str, spans: list[tuple[int, int]], i: int) -> list[str]:
    """Every feature of token ``i`` of ``text`` (``spans``: every token's start and end); what the trainer
    fits on."""
    a, b = spans[i]
    return word_features(text[a:b]) + context_features(text, spans, i)


class Voter:
    """A weight table and its thresholds; ``spans(text, masked)`` is the pass. Word scores are cached per
    distinct word (reports repeat their words; the cache is dropped when it grows past ``_CACHE``)."""

    def __init__(self, table: dict[str, float], bias: float, seed: float = SEED, grow: float = GROW):
        self.table, self.bias = table, bias
        self.seed, self.grow = seed, grow
        self._seed_logit, self._grow_logit = _logit(seed), _logit(grow)
        self._parts: dict[tuple, float] = {}  # summed weights of a word's, a neighbour's or a gap's features

    @classmethod
    def from_tsv(cls, text: str, name: str = WEIGHTS) -> Voter:
        """Read a table written by ``phi_voter_fit`` (``# `` comments; ``<bias>``, ``<seed>``, ``<grow>`` rows);
        a malformed row is named by its line number."""
        table: dict[str, float] = {}
        special = {"<bias>": 0.0, "<seed>": SEED, "<grow>": GROW}
        for n, line in enumerate(text.splitlines(), 1):
            if not line or line.startswith("#"):
                continue
            key, tab, value = line.rpartition("\t")
            try:
                weight = float(value)
            except ValueError:
                weight = math.nan
            if not tab or not key or not math.isfinite(weight):
                raise ValueError(f"{name} line {n}: expected 'feature<TAB>weight' with a finite weight")
            if key in special:
                special[key] = weight
            else:
                table[key] = weight
        if not 0.0 < special["<grow>"] <= special["<seed>"] < 1.0:
            raise ValueError(f"{name}: thresholds must satisfy 0 < <grow> <= <seed> < 1")
        return cls(table, special["<bias>"], special["<seed>"], special["<grow>"])

    def score(self, text: str, spans: list[tuple[int, int]], i: int) -> float:
        """Token ``i``'s log-odds of being identifying (the simple path: every feature looked up)."""
        return self.bias + sum(self.table.get(k, 0.0) for k in features(text, spans, i))

    def scores(self, text: str, masked: str, spans: list[tuple[int, int]]) -> dict[int, float]:
        """Log-odds of every candidate the rules left: ``score``'s sum, with the weights of a word's own
        features, of a neighbour's and of a gap summed once per distinct value (the fast path)."""
        out: dict[int, float] = {}
        n = len(spans)
        for i, (a, b) in enumerate(spans):
            if masked[a] == "_":
                continue
            w = text[a:b]
            if not candidate(w) or glued(text, a, b):
                continue
            total = self._cached(("", w), word_features, w) + self.bias
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < n:
                    c, e = spans[j]
                    nw = text[c:e]
                    total += self._cached((d, nw), neighbour_features, d, nw)
                    if d == -1:
                        gap = _gap(text, e, a)
                        total += self._cached((d, nw, gap), gap_features, d, nw, gap)
                    elif d == 1:
                        gap = _gap(text, b, c)
                        total += self._cached((d, nw, gap), gap_features, d, nw, gap)
                else:
                    total += self.table.get(_KEYS_W[d] + "<edge>", 0.0)
            out[i] = total + sum(self.table.get(k, 0.0) for k in line_features(text, spans, i))
        return out

    def _cached(self, key: tuple, make, *args) -> float:
        """The summed weights of ``make(*args)``'s features, once per key."""
        known = self._parts.get(key)
        if known is None:
            if len(self._parts) > _CACHE:
                self._parts.clear()
            get = self.table.get
            known = self._parts[key] = sum(get(k, 0.0) for k in make(*args))
        return known

    def spans(self, text: str, masked: str) -> list[tuple[int, int]]:
        """Spans of ``text`` to mask: ``masked`` is the same text after the rules (``_`` over what they took,
        same length); their tokens are not scored, and a candidate next to one is a name's other half."""
        spans = [m.span() for m in TOKEN.finditer(text)]
        scores = self.scores(text, masked, spans)
        for i, s in scores.items():
            if s > self._grow_logit and _clinical_context(text, spans, i):
                scores[i] = -math.inf
        # one of the commonest English words, no listed name, is never a seed ("Native American tribal"); it may
        # still grow from a masked neighbour ("Big ___", "Our Lady of ___")
        chosen = {
            i
            for i, s in scores.items()
            if s > self._seed_logit and not _common_word(text, *spans[i]) and not _service_word(text, *spans[i])
        }
        spanish = [i for i in chosen if _spanish_word(text[spans[i][0] : spans[i][1]])]
        if spanish and spanish_text(text):
            chosen -= set(spanish)  # "contenido graso", "Cuidado Intensivo": Spanish words of a Spanish report
        grow = {i for i, s in scores.items() if s > self._grow_logit} - chosen
        for i in list(grow):  # beside a span the rules masked (at most two characters between them)
            a, b = spans[i]
            if (i and masked[spans[i - 1][0]] == "_" and a - spans[i - 1][1] <= 2) or (
                i + 1 < len(spans) and masked[spans[i + 1][0]] == "_" and spans[i + 1][0] - b <= 2
            ):
                chosen.add(i)
        frontier = list(chosen)
        while frontier:  # ... or beside one the voter chose
            i = frontier.pop()
            for j in (i - 1, i + 1):
                if j in grow and j not in chosen:
                    chosen.add(j)
                    frontier.append(j)
        return [spans[i] for i in sorted(chosen)]


_CACHE = 200_000


def glued(text: str, a: int, b: int) -> bool:
    """A token joined to the next or the one before by ".", "/", "@" or ":" with no space (a domain's, a path's or
    an address's part): shapes are the rules' ("unitsofmeasure.org", "hl7.org/fhir")."""
    before = a >= 2 and text[a - 1] in "./@:" and text[a - 2].isalnum()
    after = b + 1 < len(text) and text[b] in "./@:" and text[b + 1].isalnum()
    return before or after


_LABEL_COLON = re.compile(r"[ \t]*[:：]")
_OPTION_AFTER = re.compile(r"[ \t]*/[ \t]*[A-Z](?![\w'’-])")
_OPTION_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][ \t]*/[ \t]*$")
_RESEARCH_AFTER = re.compile(  # (a maker's second word may come first: "Mayo Clinic model", "Cleveland Clinic score")
    r"(?:[ \t]+[A-Z][a-z]+)?[ \t]+(?:database|registry|cohort|trial|criteria|guidelines?|consortium|dataset|model|"
    r"score|classification|equation|calculator|nomogram)\b"
)
_MEASURED = re.compile(
    r"[ \t]+(?:of|by)[ \t]+\d+(?:\.\d+)?[ \t]*(?:mm|cm|ml|mL|%|mg|kg|HU|cc|degrees)\b"
)  # "Delta of 2 mm"


# a drug's brand names in brackets after its generic name, read by its stem: "Azithromycin (Zithromax, Zmax)"
_DRUG_BRACKET = re.compile(
    r"(?i:[a-z]{3,}(?:mycin|micin|cillin|cycline|floxacin|azole|pril|sartan|olol|dipine|statin|prazole|tidine|parin|"
    r"xaban|gatran|farin|arone|afil|mab|nib|vir|zepam|zolam|tropium|terol|sone|olone|lukast|gliptin|gliflozin|"
    r"glutide|formin|triptan|setron|oxetine|pramine|idone|apine|semide|thiazide|platin|rubicin|taxel|cept))"
    r"[ \t]*\([^()\n]{0,40}$"
)
_SERVICE_AFTER = re.compile(r"(?:[ \t]+[A-Za-z-]+){0,2}[ \t]+(?i:service|services|team|program|programme)\b")


def _service_word(text: str, a: int, b: int) -> bool:
    """A generic word of a clinical service's name ("the Home Based Primary Care service"): no seed."""
    return generic_institution_word(text[a:b]) and _SERVICE_AFTER.match(text, b) is not None


def _spanish_word(word: str) -> bool:
    """A Spanish word no name list holds ("graso", "Cuidado"): in a Spanish report, not a seed."""
    return spanish_zipf(word) >= 3.0 and not (is_first_name(word) or is_last_name(word))


def _common_word(text: str, a: int, b: int) -> bool:
    word = text[a:b]
    if not word.isalpha():
        return False
    if spanish_zipf(word) >= 6.0 and not is_first_name(word):
        return True  # "Este informe ...": one of the commonest Spanish words
    return word.isascii() and zipf(word) >= 5.0 and not (is_first_name(word) or is_last_name(word))


def _clinical_context(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """The rules' own veto: an eponym's context ("ligament of Treitz", "Levine sign") or a named phrase of
    medicine starting at the token or the one before ("San Francisco Syncope Rule", "Agent Orange")."""
    a, b = spans[i]
    if eponym_context(text, a, b) or named_phrase(text, a, b) or _MEASURED.match(text, b):
        return True
    if a and text[a - 1] == "^" and text[a:b] in CODING_SYSTEMS:
        return True  # "...^Diagnostic imaging study^LN": an HL7 coded element's coding system
    if b - a == 1 and (_OPTION_AFTER.match(text, b) or _OPTION_BEFORE.search(text, max(0, a - 4), a)):
        return True  # "Y / N", "M / F": a form's options
    if text.rfind("(", max(0, a - 44), a) >= 0 and _DRUG_BRACKET.search(text, max(0, a - 64), a):
        return True  # "Azithromycin (Zithromax, Zmax)": a generic drug's brands
    if _RESEARCH_AFTER.match(text, b):
        return True  # "the MESA database", "NLST trial": a study's name, not a person or a place
    if _LABEL_COLON.match(text, b) and ("\uac00" <= text[a] <= "\ud7a3" or word_class(text[a:b]) == WORD):
        return True  # "확인일시:", "Supervisor:": a form's label (an empty field), not a name
    return i > 0 and named_phrase(text, spans[i - 1][0], b)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@lru_cache(maxsize=1)
def voter() -> Voter:
    """The package's voter (``tables/phi_voter.tsv``), loaded once per process."""
    return Voter.from_tsv(resources.files("megacxr.shards").joinpath("tables", WEIGHTS).read_text("utf-8"))


def voter_spans(text: str, masked: str) -> list[tuple[int, int]]:
    """The package voter's spans (``Voter.spans``)."""
    return voter().spans(text, masked)


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
