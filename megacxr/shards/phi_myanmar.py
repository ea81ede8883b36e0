"""Names of people from Myanmar (Burmese, Chin, Karen, Kachin, Mon) and Vietnam: runs of short syllables the PHI
screen's word classes cannot read alone.

A Burmese, Chin or Karen name has no surname: it is two to four syllables, often after an honorific that says
sex and age ("Saw Eh Htoo", "Naw Mu Mu", "U Kyaw Win", "Daw Hla Hla", "Salai Biak Tha Mawi"). Many of those
syllables are English words on their own ("saw", "win", "tin", "say", "mu", "eh"), so neither the name lists nor
the learned voter take them, and a refugee community's reports (Indianapolis, Fort Wayne, Utica, Omaha, Sioux
Falls) leak them whole. This pass takes a run of two to four syllables of the list below, in one case shape,
when the run holds a syllable no English word shares ("htoo", "kyaw", "biak"), opens with an honorific and has
two more syllables after it ("naw mu mu"), or doubles a syllable before a third ("Than Than Aye", "hla hla win").
A run of English words never qualifies: every syllable must be listed, and one must be foreign to English, or an
honorific lead, or a syllable repeat.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from megacxr.shards.phi_lexicon import KOREAN_CLINICAL, is_first_name, word_class, zipf
from megacxr.shards.phi_names import korean_word_zipf
from megacxr.shards.phi_prefilter import gate_patterns

Mask = Callable[[int, int, str], None]

HONORIFICS = frozenset("saw naw daw u ko ma maung mg mahn nan sai salai pu pi khun nang".split())
SYLLABLES = (
    frozenset(
        """
aung htoo htet kyaw thein hla myint tun win zaw naing soe moe thu tha par mawi biak ngun lian cung sui thang hnin ei
phyu nyein khin san myo min lwin oo paw eh mu say htun wah lay gay kaw bway dah nay ku sein yee mya nu thida zin
thet wai yin pyae phyo zar ni hsu lal bawi tial hram sang hmung ceu zing rem tin bawk za dim cin van uk hre lin nge
tluang kip khai mang dawt hniang chan hpa la ta lu nyi myat thiri hay ler moo poe wint yu zan sung hmun thawng
khaing kyi tint shwe nwe ohn mar than ye kaung zeya aye htay nyunt maw swe yi ohnmar cho myat sandar su
thin thant hein khant wutt yadanar kler
""".split()
    )
    | HONORIFICS
)
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]{1,6}(?![\w'’-])")


@lru_cache(maxsize=1)
def _hint_words() -> frozenset[str]:
    """The syllables no English word shares and the honorifics: one of them in a window is worth the pass."""
    return frozenset({w for w in SYLLABLES if _foreign(w)} | (HONORIFICS - {"u", "ko", "ma", "pu", "pi", "sai", "nan"}))


_LOWER_WORD = re.compile(r"[a-z]+")
_DOUBLED = re.compile(r"(?=[A-Z])\b([A-Z][a-z]{1,4}|[A-Z]{2,5})[ \t]+\1[ \t]+[A-Za-z]")  # "Than Than Aye"


def _worth_a_look(text: str) -> bool:
    """A cheap gate: a listed syllable foreign to English or an honorific among the window's words (a set
    lookup over its lower-case words), or a doubled capitalised syllable."""
    return not _hint_words().isdisjoint(_LOWER_WORD.findall(text.lower())) or _DOUBLED.search(text) is not None


def _foreign(syllable: str) -> bool:
    """A syllable no English word shares: no vocabulary word, or a rare one."""
    return word_class(syllable) != "word" and zipf(syllable) < 3.0


def myanmar_names(text: str, mask: Mask) -> None:
    """Mask runs of listed syllables in one case shape that hold a syllable foreign to English, or open with an
    honorific and two syllables after it (module docstring)."""
    if not _worth_a_look(text):
        return
    run: list[re.Match] = []
    for m in _WORD.finditer(text):
        if m.group(0).lower() in SYLLABLES and (not run or text[run[-1].end() : m.start()] in (" ", "\t")):
            run.append(m)
            continue
        _take(text, run, mask)
        run = [m] if m.group(0).lower() in SYLLABLES else []
    _take(text, run, mask)


def _take(text: str, run: list[re.Match], mask: Mask) -> None:
    """Mask a run of listed syllables that reads as a name."""
    if len(run) < 2 or len({_case(m.group(0)) for m in run}) > 1:
        return
    low = [m.group(0).lower() for m in run]
    # a doubled syllable and one more ("Than Than Aye", "Hla Hla Win"): Burmese names repeat, English phrases not
    doubled = len(run) >= 3 and any(a == b for a, b in zip(low, low[1:], strict=False))
    if any(_foreign(w) for w in low) or low[0] in HONORIFICS and len(run) >= 3 or doubled:
        mask(run[0].start(), run[-1].end(), "name")


def _case(word: str) -> str:
    return "X" if word.isupper() and len(word) > 1 else "x" if word.islower() else "Xx"


# Vietnamese names with their middle name of sex ("Tran Thi Hoa", "NGUYEN VAN MINH", "le thi thu"): the surname is
# one of the few Vietnamese surnames and "Thi" or "Van" follows it; the given names after it go with them
_VIETNAMESE = re.compile(
    r"(?<![\w'’-])((?i:nguyen|nguyễn|tran|trần|le|lê|pham|phạm|hoang|hoàng|huynh|huỳnh|phan|vu|vũ|vo|võ|dang|đặng|bui|"
    r"bùi|do|đỗ|ho|hồ|ngo|ngô|duong|dương|ly|lý|truong|trương|dinh|đinh|lam|lâm|mai|cao|trinh|trịnh)"
    r"[ \t]+(?i:thi|thị|van|văn)(?:[ \t]+[^\W\d_][^\W\d_'’-]{1,8}){1,2})(?![\w'’-])"
)
_VIETNAMESE_HINT = re.compile(r"(?=[tTvV])(?i:\b(?:thi|thị|van|văn)[ \t])")
# the same in Hangul: "응우옌 티 란 님", "쩐 반 남 씨" (a surname written as Korean spells it, 티 or 반, then one or
# two given names of one or two syllables before a title, a particle's end, a bracket or a comma)
_VIETNAMESE_HANGUL = re.compile(
    r"(?<![\uac00-\ud7a3])((?:응우옌|응웬|뉴엔|쩐|짠|팜|호앙|황|후인|판|부|보|당|부이|도|호|응오|즈엉|쯔엉|딘|람|찐|까오|레)"
    r"[ \t]+(?:티|반)(?:[ \t]+(?!(?:씨|님|양|군)(?![\uac00-\ud7a3]))[\uac00-\ud7a3]{1,2}){1,2})"
    r"(?=[ \t]*(?:씨|님|양|군|\(|,|/|$)|(?:씨|님|은|는|이|가|의|에게|와|과)(?![\uac00-\ud7a3]))",
    re.M,
)


def vietnamese_names(text: str, mask: Mask) -> None:
    """Mask a Vietnamese name by its shape: a Vietnamese surname, "Thi" or "Van", and one or two given names (in
    Latin letters or in Hangul)."""
    if " 티 " in text or " 반 " in text:
        for m in _VIETNAMESE_HANGUL.finditer(text):
            surname, given = m.group(1).split()[0], m.group(1).split()[2:]
            # (a word of two syllables in use is none: not "도 반 이상"; after a surname only Vietnamese writes,
            # a given name may be a word too: "응우옌 티 마이")
            strong = len(surname) > 1 and surname not in ("부이", "람")
            if not any(g in KOREAN_CLINICAL or len(g) > 1 and korean_word_zipf(g) >= 3.0 and not strong for g in given):
                mask(m.start(1), m.end(1), "name")
    if not _VIETNAMESE_HINT.search(text):
        return
    for m in _VIETNAMESE.finditer(text):
        words = m.group(1).split()
        shape = {_case(w) for w in words}
        if len(shape) > 1:
            continue  # "Do van lines": one case shape through a name
        n = 2
        while n < len(words) and words[n].lower() not in _NOT_GIVEN:
            w = words[n]  # in lower case a given name is no common English word ("le thi lan", not "do van lines")
            if shape == {"x"} and word_class(w) in ("word", "clinical") and not (is_first_name(w) and zipf(w) < 4.0):
                break
            n += 1
        if n >= 3:
            mask(m.start(1), m.start(1) + len(" ".join(words[:n])), "name")


_NOT_GIVEN = frozenset("and or with at in on of the to for is was has had said per from".split())

gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
