"""The PHI screen's context passes: identifiers recognised by what stands next to them, after the other passes.

Each pass reads the window's text as the earlier passes left it (masked spans are runs of ``_``, and ``ends``
maps the end of each masked span to its kind), so a pass can build on what was found:

* ``dictation_initials``: the initials of the radiologist and the transcriptionist in a dictation footer
  ("JKL/mbt", "Dictated by: RWH", "T: 11/03/2025 10:14 tmh", "Prelim: SRP; final: HNK"): short letter groups on
  a dictation line or right after a reader's label that no report or English vocabulary claims.
* ``listed_names``: the rest of a list whose first member is a name ("Okafor, Lindqvist and Tran", "cc: Patel,
  Wong and Ortiz"): a capitalised word joined to a masked name by a comma, "and", "&" or ";" is a name too, when
  no report vocabulary claims it and no eponym head follows it.
* ``age_sex_names``: the capitalised words that open a line or a sentence right before an age and sex ("Walter
  Eagle Feather, 71M, COPD"; "Marisol Ybarra 34 F"): a header's patient name, whatever its words.
* ``hanja_names``: a run of two to four Chinese characters opening with a common Korean or Chinese surname and
  holding no medical character ("李承俊", "金英姬 님"); and the other script of a masked name given in
  parentheses ("Chan Siu Ming (陳小明)", "李承俊(이승준)").
* ``weekday_dates``: the weekday written before a masked date ("Tues 3/14", "Wed., 15-Mar-2023").

Like the other passes they only mask (same length); nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import AMBIGUOUS, CLINICAL, NAME, UNKNOWN, WORD, word_class, zipf
from megacxr.shards.phi_names import STOP, acronym, eponym_after, is_caps

Mask = Callable[[int, int, str], None]  # (start, end, kind): mask text[start:end] as one identifier of kind

# -- dictation footers --------------------------------------------------------------------------------------------
_DICTATION_LINE = re.compile(  # a footer line: "D: ... T: ...", "DD/DT", "Dictated", "Transcribed", "Job #"
    r"(?im)^.*(?:\b(?:D|T|DD|DT|DI|TR|TD|DICT|TRANS|TX)\s*:|\bdictat|\btranscri|\btyped\b|\bjob\s*(?:#|no|id)|"
    r"\bdoc(?:ument)?\s*(?:#|no|id)).*$"
)
_READER_LABEL = re.compile(  # a reader's label: the initials follow it ("Signed: JRO", "Read by: TJK")
    r"(?i:\b(?:dictated|transcribed|typed|signed|e-?signed|read|interpreted|reviewed|verified|approved|prelim(?:inary)?|"
    r"final|wet\s*read|attending|resident|fellow|tech(?:nologist)?|radiologist|reader|transcriptionist|typist|"
    r"initials|by)\b\.?(?:[ \t]+by)?[ \t]*[:/-][ \t]*)"
    r"([A-Za-z]{2,4})(?=[ \t]*(?:[;,.)\n]|\d|$|[ \t]{2}|[ \t]+(?:on|at|and|/)\b))"
)
_INITIALS_PAIR = re.compile(r"(?<![\w/])([A-Z]{2,4})[ \t]*/[ \t]*([a-z]{2,4}|[A-Z]{2,4})(?![\w/])")
_LETTER_GROUP = re.compile(r"(?<![\w/.-])[A-Za-z]{2,4}(?![\w/.-])")
_UNITS = frozenset("ml dl min hr hrs kg mm cm sec day wk mo yr mmhg ul mcg mg lb".split())


def _initials(token: str) -> bool:
    """A group of 2-4 letters no vocabulary claims: not a report word or abbreviation, not a common English word,
    not a unit, not an acronym of the reports' language."""
    low = token.lower()
    if low in STOP or low in _UNITS or word_class(token) == CLINICAL or word_class(low) == CLINICAL:
        return False
    if zipf(low) >= 3.0 or (is_caps(token) and acronym(token) and zipf(low) >= 2.0):
        return False
    return token.isupper() or token.islower()


def dictation_initials(text: str, mask: Mask) -> None:
    """Initials in a dictation footer or after a reader's label (module docstring)."""
    for m in _READER_LABEL.finditer(text):
        if _initials(m.group(1)):
            mask(m.start(1), m.end(1), "name")
    if "/" in text:
        for m in _INITIALS_PAIR.finditer(text):
            lower = m.group(2).islower()
            if lower and m.group(2) in _UNITS:
                continue  # "MG/dl"-like units
            if _initials(m.group(1)) and _initials(m.group(2)) and (lower or _DICTATION_LINE.search(_line(text, m))):
                mask(m.start(1), m.end(1), "name")  # "AJM/rls": the radiologist's and the typist's initials
                mask(m.start(2), m.end(2), "name")
    for line in _DICTATION_LINE.finditer(text):
        for m in _LETTER_GROUP.finditer(text, line.start(), line.end()):
            label = text[m.end() : m.end() + 2].lstrip(" \t")[:1] == ":"
            if not label and _initials(m.group(0)):
                mask(m.start(), m.end(), "name")  # "T: 11/03/2025 10:14 tmh"


def _line(text: str, m: re.Match) -> str:
    a = text.rfind("\n", 0, m.start()) + 1
    b = text.find("\n", m.end())
    return text[a : b if b >= 0 else len(text)]


# -- lists of names ---------------------------------------------------------------------------------------------
_NEXT_IN_LIST = re.compile(
    r"(?<=_)(?:[ \t]*(?:,|;|&|/)[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&)[ \t]+)"
    r"(?:Dr\.?[ \t]+)?([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)(?![\w'’-])"
)
_CREDENTIAL_OR_END = re.compile(r"[ \t]*(?:,[ \t]*(?:MD|DO|RN|NP|PA|M\.D\.)\b|[;.)\n]|$|[ \t]+(?:and|at|on|in)\b|,)")


def _name_word(word: str) -> bool:
    c = word_class(word)
    if c == CLINICAL or word.lower() in STOP:
        return False
    if is_caps(word):
        return c == NAME
    return c in (NAME, AMBIGUOUS, UNKNOWN) or c == WORD and zipf(word) < 3.0


def listed_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """Capitalised words in a list after a masked name (module docstring); repeated along the list."""
    if "_" not in text:
        return
    for _ in range(6):  # "A, B, C and D": each round takes the next member
        found = False
        for m in _NEXT_IN_LIST.finditer(text):
            if ends.get(m.start()) != "name":
                continue
            start, words = m.start(1), m.group(1).split()
            if not _name_word(words[0]):
                continue
            # both words when both are names, else the first alone ("Tran at tumor board")
            end = m.end(1) if all(_name_word(w) for w in words) else start + len(words[0])
            if eponym_after(text, end, paren=False) or not _CREDENTIAL_OR_END.match(text, end):
                continue  # "... and Hampton hump", "Smith and Jones criteria": a named phrase goes on
            mask(start, end, "name")
            text = text[:start] + "_" * (end - start) + text[end:]
            found = True
        if not found:
            return


# -- a name before an age and sex ----------------------------------------------------------------------------------
_AGE_SEX_AFTER = re.compile(
    r"(?m)(?:^|(?<=[.;:])[ \t]+|(?<=\t)|(?<=_)[ \t]+)[ \t]*"
    r"((?:\"[A-Za-z'’-]+\"[ \t]+)?[A-Z][A-Za-z'’-]+(?:[ \t]+(?:\"[A-Za-z'’-]+\"|[A-Z][A-Za-z'’-]*\.?)){0,4})"
    r"[ \t]*(?:,[ \t]*|[ \t]+-[ \t]+|[ \t]+)"
    r"\d{1,3}[ \t]?(?:[MF]|y/?o[ \t]?[MF]?|yo|YO|-year-old|[ \t]*(?:male|female|man|woman))(?![A-Za-z])"
)


def age_sex_names(text: str, mask: Mask) -> None:
    """Capitalised words opening a line or sentence before an age and sex (module docstring)."""
    for m in _AGE_SEX_AFTER.finditer(text):
        words = [w.strip('"').rstrip(".") for w in m.group(1).split()]
        classes = [word_class(w) for w in words if len(w) > 1]
        if not classes or CLINICAL in classes or any(w.lower() in STOP for w in words):
            continue
        rest_of_name = (
            text[max(0, m.start(1) - 8) : m.start(1)].rstrip(" \t").endswith("_")
        )  # "Patient: ___ Two Crows 58 M"
        if not rest_of_name and not any(c in (NAME, AMBIGUOUS, UNKNOWN) for c in classes):
            continue
        if all(is_caps(w) for w in words):
            continue  # capitals alone: "PORTABLE AP 67F" (a capitals name is "LAST, FIRST" of ``names``)
        mask(m.start(1), m.end(1), "name")


# -- Hanja names and a name's other script -------------------------------------------------------------------------
_HANJA_SURNAMES = frozenset(
    "金李朴崔鄭姜趙尹張林韓吳徐申權黃安宋柳洪全高文孫梁裵白許劉南沈盧河丁成車具郭禹朱任羅辛閔陳王周胡楊何馬"
    "鄧蔡曾蕭謝葉潘杜戴夏鍾汪田任姚方石廖邱熊陸郝孔邵孟龍萬段雷錢湯尹易常武喬賀賴龔文嚴魏秋都玄延魚奇千卞慎"
)
_HANJA_CLINICAL = frozenset(  # characters of medical words: "肺炎", "高血壓", "結核", "心臟", "無", "正常"
    "肺炎症血壓癌腫病心胸管結核影像無常左右上下葉部位性急慢肝腎臟骨節肋膜氣水液疑診斷檢査查所見"
    "化灰變肥厚側兩舊狀浸潤擴張縮硬纖維瘢痕轉移增減異術射線縱隔橫膈支洞陰態輕邊緣"
)
_HANJA_RUN = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff])")
_OTHER_SCRIPT = re.compile(
    r"(?<=_)[ \t]*\([ \t]*([\u4e00-\u9fff\uac00-\ud7a3]{2,5}(?:[ \t][\uac00-\ud7a3]{1,4})?)[ \t]*\)"
)


def hanja_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """Chinese-character names, and a masked name's other script in parentheses (module docstring)."""
    if any("\u4e00" <= c <= "\u9fff" for c in text):
        for m in _HANJA_RUN.finditer(text):
            run = m.group(0)
            if run[0] in _HANJA_SURNAMES and not any(c in _HANJA_CLINICAL for c in run):
                mask(m.start(), m.end(), "name")  # records the span's end in ``ends``
                text = text[: m.start()] + "_" * len(run) + text[m.end() :]
    if "(" in text:
        for m in _OTHER_SCRIPT.finditer(text):
            if ends.get(_run_end(text, m.start())) == "name":
                mask(m.start(1), m.end(1), "name")


def _run_end(text: str, at: int) -> int:
    """End of the masked run that ends at or just before ``at`` (spaces between allowed)."""
    i = at
    while i > 0 and text[i - 1] != "_":
        i -= 1
    return i


# -- the weekday of a masked date ------------------------------------------------------------------------------------
_WEEKDAY_BEFORE = re.compile(
    r"(?<![\w'’-])(?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\.?,?[ \t]+(?=_)"
)


def weekday_dates(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """The weekday written before a masked date ("Tues 3/14"): a date element."""
    if "_" not in text:
        return
    for m in _WEEKDAY_BEFORE.finditer(text):
        j = m.end()
        while j < len(text) and text[j] == "_":
            j += 1
        if ends.get(j) == "date":
            mask(m.start(), m.end(), "date")


__all__ = ["age_sex_names", "dictation_initials", "hanja_names", "listed_names", "weekday_dates"]
