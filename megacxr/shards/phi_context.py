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
* ``weekday_dates``: the weekday written before a masked date ("Tues 3/14", "Wed., 15-Mar-2023") and the time of
  a date stamp after one ("2024-06-18 16:02:37 EDT").
* ``name_neighbours``: the words of a name that the name passes left beside it: the first words of a surname of
  several words in capitals ("PATIENT: TWO BULLS, ARLENE M", "(SITS TALL, BERNARD)": common words before a listed
  first name), one or two Title Case words right after a masked name that end a phrase ("Lorraine Black Crow, seen
  at ...", "Nadine Many Horses,"), the words before an appositive role ("will sizemore, night nurse", "min-jun kim
  (RT)", "Choi Eun-bi, radiologic technologist"), a lower-case name after a role's label ("RT: elmer azure"), a word
  between a role and a masked name ("Interpreter Saw ___"), a given name's abbreviation before one ("Ma. ___"); and
  a word no vocabulary knows in parentheses after a masked name, date or place: where the person or the study was
  ("Dr. ___ (Dunseith)", "___ (Ulleung)").
* ``trauma_aliases``: a trauma bay's alias ("TRAUMA, ZULU 4471", "Unknown Echo"), before the name passes;
  ``name_neighbours`` also takes a name in parentheses after a masked number ("interpreter #7762 (Luis)").
* ``romanised_korean_names``: a Korean surname and a hyphenated two-syllable given name, either order, any case
  ("Kang Eun-bi", "min-jun kim").
* ``odd_written_names``: a surname after a masked initial ("A*** Haile"), a name spelled out letter by letter
  ("B-O-U-C-H-A-R-D"), a typist's initials after a signer's credential ("M.D./jmw").
* ``clan_names``: a Hmong clan name that is an English word after a given name ("Sheng Her", "Mai Hang"); and the
  names of the Central Highlands' peoples (Rhade, Jarai, Bahnar) by their one-letter prefix ("Y Blong Nie",
  "H'Linh", "son A Thuan"): after a relation's or a role's word, or before one of their surnames.

Like the other passes they only mask (same length); nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    KOREAN_CLINICAL,
    NAME,
    ROMANISED,
    UNKNOWN,
    WORD,
    is_first_name,
    is_last_name,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import HANGUL as HANGUL_RE
from megacxr.shards.phi_names import STOP, acronym, eponym_after, hangul_name_like, is_caps, korean_word_start
from megacxr.shards.phi_patterns import by_first_letter
from megacxr.shards.phi_places import generic_korean_institution
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_spans import ending_at, masked_runs

_HANJA_CHAR = re.compile("[\u4e00-\u9fff]")  # (one C scan; a generator over the characters is far slower)

Mask = Callable[[int, int, str], None]  # (start, end, kind): mask text[start:end] as one identifier of kind

# -- dictation footers --------------------------------------------------------------------------------------------
_DICTATION_LINE = re.compile(  # a footer line: "D: ... T: ...", "DD/DT", "Dictated", "Transcribed", "Job #"
    r"(?im)^.*(?:\b(?:D|T|DD|DT|DI|TR|TD|DICT|TRANS|TX)\s*:|\bdictat|\btranscri|\btyped\b|\bjob\s*(?:#|no|id)|"
    r"\bdoc(?:ument)?\s*(?:#|no|id)).*$"
)
_DICTATION_HINT = re.compile(r"(?i:[DT]\s*:|dictat|transcri|typed|job|doc|trans|tx\s*:)")
_READER_LABEL = re.compile(  # a reader's label before the mark: the initials follow it ("Signed: JRO")
    r"(?i:\b(?:dictated|transcribed|typed|signed|e-?signed|read|interpreted|reviewed|verified|approved|prelim(?:inary)?|"
    r"final|wet\s*read|attending|resident|fellow|tech(?:nologist)?|radiologist|reader|transcriptionist|typist|"
    r"initials|by)\b\.?(?:[ \t]+by)?[ \t]*)$"
)
_MARK_INITIALS = re.compile(  # ": JRO 03/14", "- TJK;": a letter group after a label's mark (the label is checked)
    r"[:/-][ \t]*([A-Za-z]{2,4})(?=[ \t]*(?:[;,.)\n]|\d|$|[ \t]{2}|[ \t]+(?:on|at|and|/)\b))"
)
# a signing verb before "by" (read backwards from "by": the scan is led by the literal "by", not by 20 verbs)
_SIGNER_BEFORE = re.compile(
    r"(?i:\b(?:signed|e-?signed|co-?signed|dictated|transcribed|typed|read|interpreted|reviewed|verified|approved|"
    r"entered|edited|amended|finali[sz]ed|prelim(?:inary)?|final))[ \t]+$"
)
# after a signing verb and "by": initials without a mark ("Prelim by jnw /", "SIGNED BY JMD IN ERROR"), and a
# surname with its initial ("VERIFIED BY HARDER M"): whoever signed, whatever word the surname also is
_BY_INITIALS = re.compile(  # (then a delimiter or a preposition: "reviewed by ACR guidelines" names a body)
    r"\b(?:by|By|BY)[ \t]+([A-Za-z]{2,4})(?=[ \t]*(?:[;,.)/\n]|$|[ \t]+(?i:on|at|in|and|for|after|before|with|via)\b))"
)
_BY_SURNAME_INITIAL = re.compile(r"\b(?:by|By|BY)[ \t]+([A-Z][A-Za-z'’-]+[ \t]+[A-Z])\.?(?![\w'’-])")
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


def _reader_initials(token: str) -> bool:
    """Right after a reader's label ("Signed: RMS") three or four capitals are initials unless a report word or a
    frequent English word ("Signed: YES")."""
    return token.isupper() and len(token) >= 3 and word_class(token) != CLINICAL and zipf(token.lower()) < 4.0


_TYPIST_INITIALS = re.compile(
    r"(?i:\b(?:transcribed|typed|keyed|entered)[ \t]+by)[ \t]+([a-z]{2,3}|[A-Z]{2,3})(?![\w'’.-])"
)

# a lower-case initial and surname after a report's "<verb> by": "transcribed by l washington", "dictated by j okafor"
_BY_LOWER_INITIAL_SURNAME = re.compile(
    r"(?i:\b(?:transcribed|typed|keyed|entered|dictated|signed|read|reviewed|interpreted|performed|verified)[ \t]+by)"
    r"[ \t]*:?[ \t]*(?!a[ \t])([a-z]\.?[ \t]+[a-z][a-z'’-]{2,20})(?![\w'’-])"  # (not an article: "by a nurse")
)


def dictation_initials(text: str, mask: Mask) -> None:
    """Initials in a dictation footer or after a reader's label (module docstring)."""
    for m in _MARK_INITIALS.finditer(text):
        if _READER_LABEL.search(text, max(0, m.start() - 40), m.start()) and (
            _initials(m.group(1)) or _reader_initials(m.group(1))
        ):
            mask(m.start(1), m.end(1), "name")
    if " by " in text or " BY " in text or " By " in text:
        for m in _BY_INITIALS.finditer(text):
            signed = _SIGNER_BEFORE.search(text, max(0, m.start() - 24), m.start())
            if signed and (_initials(m.group(1)) or _reader_initials(m.group(1))):
                mask(m.start(1), m.end(1), "name")
        for m in _BY_SURNAME_INITIAL.finditer(text):
            word = m.group(1).split()[0]
            signed = _SIGNER_BEFORE.search(text, max(0, m.start() - 24), m.start())
            if signed and word.lower() not in STOP and word_class(word) != CLINICAL:
                mask(m.start(1), m.end(1), "name")
        for m in _TYPIST_INITIALS.finditer(text):
            if m.group(1).lower() not in STOP and word_class(m.group(1)) != CLINICAL:
                mask(m.start(1), m.end(1), "name")  # "transcribed by mk": a typist's lower-case initials
        for m in _BY_LOWER_INITIAL_SURNAME.finditer(text):
            surname = m.group(1).split()[-1]
            if (
                surname not in STOP
                and word_class(surname) != CLINICAL
                and (is_last_name(surname) or zipf(surname) < 3.0)
            ):
                mask(m.start(1), m.end(1), "name")
    if "/" in text:
        for m in _INITIALS_PAIR.finditer(text):
            lower = m.group(2).islower()
            if lower and m.group(2) in _UNITS:
                continue  # "MG/dl"-like units
            if _initials(m.group(1)) and _initials(m.group(2)) and (lower or _DICTATION_LINE.search(_line(text, m))):
                mask(m.start(1), m.end(1), "name")  # "AJM/rls": the radiologist's and the typist's initials
                mask(m.start(2), m.end(2), "name")
    for line in _DICTATION_LINE.finditer(text) if _DICTATION_HINT.search(text) else ():
        for m in _LETTER_GROUP.finditer(text, line.start(), line.end()):
            label = text[m.end() : m.end() + 2].lstrip(" \t")[:1] == ":"
            if not label and _initials(m.group(0)) and word_class(m.group(0)) != WORD:
                mask(m.start(), m.end(), "name")  # "T: 11/03/2025 10:14 tmh" (not "dictado ... fue", "de voz")


# a colleague's initials after the verb that reviewed or discussed the study with them: "Reviewed with JRK and MAW
# at the QA conference", "Images reviewed with TJW" (initials no list knows; not "discussed with ICU", "with ENT")
_INITIALS_AFTER_REVIEW = re.compile(
    r"(?i:\b(?:reviewed|discussed|conferred|staffed|d/w)[ \t]+(?:jointly[ \t]+)?with)[ \t]+"
    r"([A-Z]{2,4})(?:[ \t]+(?:and|&)[ \t]+([A-Z]{2,4}))?(?![\w'’.-])"
)
# services' and teams' acronyms that are no one's initials
_SERVICE_ACRONYMS = frozenset(
    "cts ctsx im fm em ob gyn obgyn peds nsgy nsg ortho gi id ir ent icu micu sicu cicu nicu picu ccu tcu pcu hem onc "
    "heme rad rads qa qi ems rrt ert cvt cvs ts gs vs acs pt ot slp rt np pa rn md do".split()
)


def review_initials(text: str, mask: Mask) -> None:
    """Initials after "reviewed with" or "discussed with" (see ``_INITIALS_AFTER_REVIEW``)."""
    for m in _INITIALS_AFTER_REVIEW.finditer(text):
        for g in (1, 2):
            word = m.group(g)
            if word and word.lower() not in _SERVICE_ACRONYMS and word_class(word) == UNKNOWN:
                mask(m.start(g), m.end(g), "name")


def _line(text: str, m: re.Match) -> str:
    a = text.rfind("\n", 0, m.start()) + 1
    b = text.find("\n", m.end())
    return text[a : b if b >= 0 else len(text)]


# -- lists of names ---------------------------------------------------------------------------------------------
_NEXT_IN_LIST = re.compile(
    r"(?<=_)(?:[ \t]*(?:,|;|&|/)[ \t]*(?:and[ \t]+|&[ \t]*)?|[ \t]+(?:and|&)[ \t]+)"
    # (a title or a role before the next member: "Dr. Hamid, Dr. Soto and RT Becker")
    r"(?:(?:Drs?\.?|RT|RRT|RN|NP|PA|PA-C|LPN|CNA|CRNA|Nurse|Tech)[ \t]+)?"
    r"([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)(?![\w'’-])"
)
_CREDENTIAL_OR_END = re.compile(  # ("PA Kessel prior to thoracentesis": a function word after the name)
    r"[ \t]*(?:,[ \t]*(?:MD|DO|RN|NP|PA|M\.D\.)\b|[;.)\n(]|$"
    r"|[ \t]+(?:and|at|on|in|prior|before|after|for|to|with|who|from|regarding|about|re)\b|,)"
)


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
    # simplified forms (mainland China): "张伟", "刘洋", "陈静"
    "张刘陈杨黄赵吴孙罗郑谢许韩冯邓曹彭肖董袁蒋卢钟谭陆范贾韦邹熊秦邱薛闫侯龙陶贺顾毛龚钱严覃"
)
_HANJA_CLINICAL = frozenset(  # characters of medical words: "肺炎", "高血壓", "結核", "心臟", "無", "正常"
    "肺炎症血壓癌腫病心胸管結核影像無常左右上下葉部位性急慢肝腎臟骨節肋膜氣水液疑診斷檢査查所見"
    "化灰變肥厚側兩舊狀浸潤擴張縮硬纖維瘢痕轉移增減異術射線縱隔橫膈支洞陰態輕邊緣"
)
_HANJA_RUN = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff])")
_OTHER_SCRIPT = re.compile(  # "___ (陳小明)", "___ (BAT-ERDENE)", "___ (KARIMOVA DILBAR)": the name in another script
    r"(?<=_)[ \t]*\([ \t]*([\u4e00-\u9fff\uac00-\ud7a3]{2,5}(?:[ \t][\uac00-\ud7a3]{1,4})?"
    r"|[A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){0,3})[ \t]*\)"
)


def hanja_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """Chinese-character names, and a masked name's other script in parentheses (module docstring)."""
    if _HANJA_CHAR.search(text):
        for m in _HANJA_RUN.finditer(text):
            run = m.group(0)
            if run[0] in _HANJA_SURNAMES and not any(c in _HANJA_CLINICAL for c in run):
                mask(m.start(), m.end(), "name")  # records the span's end in ``ends``
                text = text[: m.start()] + "_" * len(run) + text[m.end() :]
    if "(" in text:
        for m in _OTHER_SCRIPT.finditer(text):
            words = m.group(1).replace("-", " ").split()
            hangul = HANGUL_RE.match(m.group(1)) is not None
            if hangul and not (len(words) == 1 and hangul_name_like(words[0], strict=False)):
                continue  # "___ (영상의학과 전문의)": a department or a role, not the name again
            short = len(words) == 1 and len(words[0]) <= 5  # "(CT)", "(ICU)", "(RUL)": an acronym
            if m.group(1)[:1].isascii() and (
                short and acronym(words[0]) or any(word_class(w) == CLINICAL for w in words)
            ):
                continue  # "___ (CT)", "___ (ICU)": report words and acronyms
            if ends.get(_run_end(text, m.start())) == "name":
                mask(m.start(1), m.end(1), "name")


def _run_end(text: str, at: int) -> int:
    """End of the masked run that ends at or just before ``at`` (spaces between allowed)."""
    i = at
    while i > 0 and text[i - 1] != "_":
        i -= 1
    return i


# -- the weekday of a masked date ------------------------------------------------------------------------------------
_TIME_BEFORE_DATE = re.compile(r"(?<![\d:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?[ \t]+")  # a stamp's time first
_WEEKDAY_BEFORE = re.compile(  # English, and French, Spanish and Portuguese weekdays and their abbreviations
    r"(?<![\w'’-])(?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mer|jeu|ven|sam|dim|"
    r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|mi[eé]|jue|vie|s[aá]b|dom|"
    r"(?:segunda|ter[cç]a|quarta|quinta|sexta)(?:-feira)?|seg|qua|qui|sex|"
    r"ngay|thu[ \t]+(?:hai|ba|tu|nam|sau|bay)|chu[ \t]+nhat)\.?,?[ \t]+(?:(?:le|el|o)[ \t]+)?(?=_)"  # Vietnamese
)


def weekday_dates(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """The weekday written before a masked date ("Tues 3/14") and the time of a date stamp after one ("___
    16:02:37 EDT"): the date's own words."""
    if "_" not in text:
        return
    # looked for beside each masked date only (a scan of the whole text per pattern costs more)
    for s, e, _ in masked_runs(text, ends, ("date",)):
        m = _TIME_AFTER_DATE.match(text, e)
        if m:
            mask(m.start(), m.end(), "date")
        m = ending_at(_WEEKDAY_BEFORE, text, s, 32)
        if m:
            mask(m.start(), m.end(), "date")
        m = ending_at(_TIME_BEFORE_DATE, text, s, 12)
        if m:
            mask(m.start(), m.end() - len(m.group(0)) + len(m.group(0).rstrip()), "date")  # "Signed 14:05 ___"


# -- the rest of a name ------------------------------------------------------------------------------------------
_CAPS_BEFORE_NAME = re.compile(  # "PATIENT: TWO ___", "(RUNS AFTER, ___)": a surname of several words
    r"(?m)(?:^|(?<=[(:])|(?<=[ \t]{2}))[ \t]*((?:[A-Z][A-Z'’-]+[ \t]+){0,2}[A-Z][A-Z'’-]+)(?:[ \t]+|,[ \t]*)(?=_)"
)
_CAPS_SURNAME_AFTER_CUE = re.compile(  # "Ordered by MORNING, ___": a capitals surname before a masked given name
    r"\b(?i:by|per|to|with|from|for|cc)[ \t]+([A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+)?),[ \t]*(?=_)"
)
_NAME_ABBREVIATION = re.compile(  # "Ma. ___", "Wm. Ortega", "Md. Shafiqul Islam": a given name's abbreviation
    r"(?<![\w'’-])(?:Ma|Wm|Chas|Jos|Thos|Geo|Jas|Robt|Edw|Benj|Saml|Md|Mohd|Muhd|Fco)\.[ \t]+"
    r"(?=_|[A-Z][a-z'’-]+)((?:[A-Z][a-z'’-]+)(?:[ \t]+[A-Z][a-z'’-]+){0,2})?"
)
_SUFFIX_AFTER_NAME = re.compile(r"(?<=_)[ \t]*,?[ \t]*(?:Jr|Sr|JR|SR|II|III|IV)\b\.?")  # "___ III, MD"
_FIRST_BEFORE_NAME = re.compile(r"(?<![\w'’-])(?:by|with|to|from|and|per|cc|for)[ \t]+([A-Z][a-z'’-]+)[ \t]+(?=_)")
_SHORT_BEFORE_NAME = re.compile(r"(?<![\w'’.-])([A-Z][a-z]{1,3})[ \t]+(?=_)")  # "Pa ___", "Yer ___": Hmong names
_HANGUL_NEXT = re.compile(  # "부 ___, 모 탁미경": the next Hangul name of a list, a kin word allowed before it
    r"(?<=_)[ \t]*[,/·][ \t]*(?:(?:부|모|조부|조모|형|누나|언니|오빠|동생|남편|아내|딸|아들|보호자)[ \t]+)?"
    r"([\uac00-\ud7a3]{2,4})(?![\uac00-\ud7a3])"
)
_HANGUL_KIN_NAME = re.compile(  # "보호자: 모 방지수", "보호자 부 엄태준": a parent named after the guardian label
    r"(?:보호자|가족|동반자)[ \t]*[:：]?[ \t]*(?:(?:[\uac00-\ud7a3_]+|_+),[ \t]*)?(?:부|모|조부|조모)[ \t]+"
    r"([\uac00-\ud7a3]{2,4})(?![\uac00-\ud7a3])"
)
_ROLE_TITLE_BEFORE = re.compile(  # "nurse practitioner Autumn Rain Blackfeather", "social worker Dana Whitlock"
    r"(?i:\b(?:nurse[ \t]+case[ \t]+manager|nurse[ \t]+practitioner|physician[ \t]+assistant|social[ \t]+worker|"
    r"case[ \t]+manager|manager|nurse|"
    r"technologist|interpreter|translator|chaplain|therapist|paramedic|resident|fellow|attending|radiologist|"
    r"pharmacist|sonographer|midwife|caseworker|detective|officer|deputy|sergeant|sgt\.?|trooper|pastor|"
    r"reverend|rev\.|judge|attorney|adjuster|counselor|guardian|foster[ \t]+(?:mother|father|parent)|"
    # work roles: "per foreman Bubba Gautreaux", "crew chief Dale Arceneaux", "captain Minh Tran"
    r"foreman|forewoman|supervisor|superintendent|crew[ \t]+chief|captain|capt\.|deckhand|coach|teacher|principal|"
    r"employer|landlord|neighbou?r|roommate|coworker|co-worker|boss|priest|rabbi|imam|minister|deacon|"
    r"social[ \t]+worker))"
    r"(?:[ \t]*,)?[ \t]+"  # "nurse case manager, April Goldberg,"
    r"([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})"
)
_LATIN_ROLE_HANGUL = re.compile(  # "Resident 문가은", "Attending: 임재형"
    r"(?i:\b(?:attending|resident|fellow|intern|nurse|tech|technologist|radiologist|reader|rn|md|rad|referring|"
    r"ref(?:\.?[ \t]*dr)?|read[ \t]+by|dr|prof))\.?"
    r"[ \t]*:?[ \t]*([\uac00-\ud7a3]{2,4})(?![\uac00-\ud7a3])"
)
_TIME_AFTER_DATE = re.compile(  # "___ 16:02:37 EDT", "___ à 08 h 45", "___ @ 0300": the time of a masked date
    r"(?<=_)[ \t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"  # an export's milliseconds: "14:03:55.217"
    r"(?:[ \t]*(?:AM|PM|am|pm|EDT|EST|CDT|CST|MDT|MST|PDT|PST|UTC|GMT|KST|Z)){0,2}(?![\w:])"
    # (not English "at 09:12", the study's time, as before)
    r"|(?<=_),?[ \t]+(?:(?:à|a|a[ \t]+las?|às|as|@|um|alle)[ \t]+|@[ \t]*)"
    r"(?:\d{1,2}[ \t]*(?:h|H|:)[ \t]*\d{2}(?:[ \t]*(?:h|hrs?|AM|PM|am|pm))?"
    r"|(?:[01]\d|2[0-3])[0-5]\d[ \t]*(?:h|hrs?|H)?)"
    r"(?![\w:])(?![ \t]*(?:mg|mcg|ml|mL|cc|units?|kg)\b)"
)
_PHONETIC = (
    "alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|juliett|kilo|lima|mike|november|oscar|papa|"
    "quebec|romeo|sierra|tango|uniform|victor|whiskey|x-?ray|yankee|zulu"
)
_TRAUMA_ALIAS = re.compile(  # "TRAUMA, ZULU 4471", "Trauma Bravo-22", "UNKNOWN, ECHO": a trauma bay's alias
    rf"(?i:\b(?:trauma|unknown|unk|unidentified|alias|doe|zz[a-z]*|xx[a-z]*)[ \t]*,?[ \t]*(?:{_PHONETIC})"
    r"(?:[ \t-]*\d{1,6})?\b)"
)
_TRAUMA_ALIAS_WORD = re.compile(  # "TRAUMA, OSPREY", "UNKNOWN, ZEBRA 14": an alias of an animal, a colour, a gem
    r"\b(?:TRAUMA|UNKNOWN|UNK|UNIDENTIFIED|DOE|ZZ[A-Z]*|XX[A-Z]*)[ \t]*,[ \t]*([A-Z]{4,})(?:[ \t-]*\d{1,6})?\b"
)
_LOWER_INITIAL_AFTER = re.compile(r"(?<=_)[ \t]+([a-z]\.?)[ \t]+([a-z][a-z'’-]+)")  # "___ t. bellweather"
_HANGUL_IN_PARENS = re.compile(r"[A-Za-z][^\n()]{0,24}\([ \t]*([\uac00-\ud7a3]{2,4})[ \t]*\)")  # "prior CT (송가람)"
_CAPS_MASK_HINT = re.compile(r"[A-Z]{2}(?:[ \t]+|,[ \t]*)_")
_CAPS_COMMA_HINT = re.compile(r"[A-Z]{2},[ \t]*[A-Z]{2}")
_CAPS_LAST_FIRST = re.compile(  # "(SITS TALL, BERNARD)", "PATIENT: LITTLE HAWK, ROSALIE": surname words any
    r"(?m)(?:^|(?<=[(:])|(?<=[ \t]{2}))[ \t]*([A-Z][A-Z'’-]+(?:[ \t]+[A-Z][A-Z'’-]+){0,2}),[ \t]*([A-Z][A-Z'’-]+)"
    r"(?:[ \t]+[A-Z]\.?)?(?=[ \t]*(?:[)\n]|$|[ \t]{2}))"
)
_ROLE_LABEL = re.compile(  # "RT:", "tech:", "read by:" before a colon
    r"(?i:\b(?:RT|tech|technologist|nurse|RN|resident|attending|fellow|radiologist|reader|interpreter|scribe|"
    r"transcriptionist|performed\s+by|read\s+by|dictated\s+by|signed\s+by)[ \t]*)$"
)
_LOWER_AFTER_COLON = re.compile(r":[ \t]*([a-z][a-z'’-]+)[ \t]+([a-z][a-z'’-]+)")  # "RT: elmer azure"
_ROLE_WORD_BEFORE = re.compile(  # "Interpreter Saw ___": a word between a role and a masked name is the name's
    r"(?i:\b(?:interpreter|translator|nurse|technologist|tech|chaplain|aide|paramedic|resident|fellow|attending|"
    r"pharmacist|therapist|sonographer|clerk|coordinator|guardian|caregiver))[ \t]+$"
)
_WORD_BEFORE_MASK = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+)[ \t]+(?=_)")
_PAREN_AFTER_MASK = re.compile(r"(?<=_)[ \t]*\([ \t]*([A-Z][a-z'’-]{2,}(?:[ \t]+[A-Z][a-z'’-]+)?)[ \t]*\)")
_WORD_AFTER_NAME = re.compile(
    # one space or tab after the name: a run of them opens a form's next column ("QC: ___   Repeat exposure")
    r"(?<=_)[ \t]([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)(?=[ \t]*(?:[,;.)]|\n|$)|[ \t]+[a-z])"
)
_ROLE = (
    r"(?:(?:night|day|evening|charge|covering|on-call|staff|floor|radiologic|x-ray|CT|MRI|ED|ICU|ER|unit)[ \t]+)?"
    r"(?i:nurse|RN|LPN|technologist|tech|RT|resident|fellow|attending|interpreter|translator|NP|PA-C|CNA|paramedic|"
    r"EMT|aide|pharmacist|hospitalist|radiologist|PGY-?\d|intern|sonographer|therapist|scribe|coordinator|"
    r"transcriptionist|clerk|registrar|physician|MD|DO|applicant|claimant|miner|inmate|detainee|participant|"
    r"donor|recipient|employee|worker|guardian|parent|mother|father|partner|spouse|wife|husband|son|daughter|"
    r"caregiver|friend|neighbor|neighbour|sister|brother|niece|nephew|aunt|uncle)\b"
)
_ROLE_AFTER_NAME = re.compile(  # ", night nurse", " (RT)": the role; the words before it are read backwards
    # (dictation says the comma: "garmai tarr comma the patient's sister")
    rf"(?<=[A-Za-z'’-])(?:(?:[ \t]*,|[ \t]+comma)[ \t]*(?:the[ \t]+|our[ \t]+|a[ \t]+|an[ \t]+|his[ \t]+|her[ \t]+)?"
    rf"(?:(?:patient|pt)['’]s[ \t]+)?|[ \t]*\([ \t]*){_ROLE}"
)
_KIN_ROLE = re.compile(
    r"(?i:partner|spouse|wife|husband|son|daughter|caregiver|friend|neighbou?r|sister|brother|niece|nephew|aunt|"
    r"uncle|mother|father|parent|guardian)\b"
)
_KIN_THEN_PAREN_NAME = re.compile(  # "daughter-in-law (Joy Adebayo)", "son (Kwame)": a relative named in parentheses
    r"(?i:\b(?:daughter|son|wife|husband|mother|father|sister|brother|niece|nephew|aunt|uncle|grand(?:daughter|son|"
    r"mother|father)|partner|spouse|caregiver|guardian|friend|neighbou?r|mom|dad|grandma|grandpa|granny)(?:-in-law)?)"
    r"[ \t]*\([ \t]*"
    # in lower case too ("mom (tiffany sonnier)"): then the first word must be a listed given name
    r"([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2}|[a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+){0,2})[ \t]*\)"
)
_UNIT_WORDS = frozenset(  # a role's unit or kind in brackets, no one's name: "nurse (Triage)", "RN (Hospice)"
    "triage neuro hospice float agency traveler travel student preceptor orientee registry pool stat days nights "
    "weekend evening evenings day night ortho peds onc cardiac tele telemetry rehab psych ob icu pacu endo cath".split()
)
_ROLE_THEN_PAREN_NAME = re.compile(  # "Per nursing (Ipo)", "RT (Keola)": a role named in parentheses
    r"(?i:\b(?:nursing|nurse|rn|lpn|cna|tech|technologist|rt|resident|attending|fellow|intern|charge|scribe|aide|"
    r"interpreter|translator|pharmacist|pharmacy|chaplain|therapist|pt|ot|sw|social[ \t]+work(?:er)?|"
    r"case[ \t]+manager|coordinator|transport|security|clerk))"
    r"[ \t]*\([ \t]*([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)[ \t]*\)"
)
_HANGUL_KIN_PAREN = re.compile(  # "속찬라 (남편)": a Hangul name before a parenthesised relation
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})[ \t]*\([ \t]*(?:남편|아내|부인|아들|딸|어머니|아버지|모친|부친|"
    r"배우자|보호자|며느리|사위|손자|손녀|형|누나|언니|오빠|동생)[ \t]*\)"
)
_WORDS_BEFORE = re.compile(r"(?<![\w'’-])((?:[A-Za-z][A-Za-z'’-]+[ \t]+){0,3}[A-Za-z][A-Za-z'’-]+)$")
_CUE_BEFORE = frozenset("with to by from and per".split())


def _end_kind(text: str, at: int, ends: dict[int, str]) -> str | None:
    """The kind of the masked run that starts at ``at``."""
    j = at
    while j < len(text) and text[j] == "_":
        j += 1
    return ends.get(j) if j > at else None


def _name_part(word: str, prev: str | None) -> bool:
    """A word of a name before a role: no report word, no stop word (but a first name right after "with")."""
    c = word_class(word)
    if c == CLINICAL:
        return False
    if word.lower() in STOP:
        return prev is not None and prev.lower() in _CUE_BEFORE and c in (NAME, AMBIGUOUS)
    return c in (NAME, AMBIGUOUS, UNKNOWN) or c == WORD and zipf(word) < 3.5


def trauma_aliases(text: str, mask: Mask) -> None:
    """A trauma bay's alias ("TRAUMA, ZULU 4471", "Unknown Echo"): run before the name passes take a part of it."""
    for m in _TRAUMA_ALIAS.finditer(text):
        mask(m.start(), m.end(), "name")
    for m in _TRAUMA_ALIAS_WORD.finditer(text):  # not "TRAUMA, FALL FROM HEIGHT" (a common word, a report word)
        if word_class(m.group(1)) != CLINICAL and zipf(m.group(1)) < 4.2:
            mask(m.start(), m.end(), "name")


_FIELD_LABEL_AHEAD = re.compile(r"(?:[ \t]+(?:by|By|BY))?[ \t]*[:：]")


def name_neighbours(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """The words of a name left beside a masked one, and names before an appositive role (module docstring)."""
    if "_" in text:
        for m in _CAPS_BEFORE_NAME.finditer(text) if _CAPS_MASK_HINT.search(text) else ():
            words = m.group(1).split()
            if _end_kind(text, m.end(), ends) == "name" and not any(word_class(w) == CLINICAL for w in words):
                mask(m.start(1), m.end(1), "name")  # "TWO BULLS, ARLENE M": the surname's first word
        for m in _CAPS_SURNAME_AFTER_CUE.finditer(text) if _CAPS_MASK_HINT.search(text) else ():
            words = m.group(1).split()
            if _end_kind(text, m.end(), ends) == "name" and not any(word_class(w) == CLINICAL for w in words):
                mask(m.start(1), m.end(1), "name")
        for m in _WORD_AFTER_NAME.finditer(text):
            words = m.group(1).split()
            if ends.get(m.start()) != "name" or zipf(words[-1]) >= 5.0:
                continue
            if any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                continue
            if eponym_after(text, m.end(1), paren=False):
                continue
            mask(m.start(1), m.end(1), "name")  # "Lorraine Black Crow, seen at ..."
    for m in _SUFFIX_AFTER_NAME.finditer(text) if "_" in text else ():
        if ends.get(m.start()) == "name":
            mask(m.start(), m.end(), "name")
    for m in _FIRST_BEFORE_NAME.finditer(text) if "_" in text else ():
        # "witnessed by Honey ___", "with Joy ___": a given name that is a common word too, before a masked surname
        if _end_kind(text, m.end(), ends) == "name" and is_first_name(m.group(1)):
            mask(m.start(1), m.end(1), "name")
    for m in _SHORT_BEFORE_NAME.finditer(text) if "_" in text else ():
        w = m.group(1)
        if _end_kind(text, m.end(), ends) != "name" or w.lower() in STOP or word_class(w) == CLINICAL:
            continue
        if word_class(w) == WORD and zipf(w) >= 5.0:
            continue  # "Per ___", "Via ___"
        mask(m.start(1), m.end(1), "name")
    if HANGUL_RE.search(text):
        for m in _HANGUL_KIN_NAME.finditer(text):
            if hangul_name_like(m.group(1), strict=False):
                mask(m.start(1), m.end(1), "name")
                text = text[: m.start(1)] + "_" * (m.end(1) - m.start(1)) + text[m.end(1) :]
        for m in _HANGUL_NEXT.finditer(text):
            if ends.get(m.start()) == "name" and hangul_name_like(m.group(1), strict=False):
                mask(m.start(1), m.end(1), "name")
    for m in _LOWER_INITIAL_AFTER.finditer(text) if "_" in text else ():
        w = m.group(2)
        if ends.get(m.start()) == "name" and w not in STOP and word_class(w) in (NAME, UNKNOWN, AMBIGUOUS):
            mask(m.start(1), m.end(2), "name")  # a middle initial and a surname after a masked first name
    if HANGUL_RE.search(text) and "(" in text:
        for m in _HANGUL_IN_PARENS.finditer(text):  # not a Korean word in parentheses ("정상 B (경계)")
            if hangul_name_like(m.group(1), strict=False) and not korean_word_start(m.group(1)):
                mask(m.start(1), m.end(1), "name")
    for m in _KIN_THEN_PAREN_NAME.finditer(text) if "(" in text else ():
        words = m.group(1).split()
        if any(word_class(w) == CLINICAL or w.lower() in STOP for w in words):
            continue
        if words[0].islower() and not (is_first_name(words[0]) and all(zipf(w) < 4.5 for w in words)):
            continue  # "son (at bedside)", "wife (spanish only)": lower-case words, no name
        mask(m.start(1), m.end(1), "name")
    for m in _ROLE_THEN_PAREN_NAME.finditer(text) if "(" in text else ():
        words = m.group(1).split()
        if all(
            word_class(w) in (NAME, UNKNOWN)
            or word_class(w) == AMBIGUOUS
            and zipf(w) < 4.0
            or is_first_name(w)
            or zipf(w) < 3.5  # ("Ipo": a rare word, capitalised in brackets after the role, is a name)
            for w in words
        ) and not any(w.lower() in STOP or w.lower() in _UNIT_WORDS or word_class(w) == CLINICAL for w in words):
            mask(m.start(1), m.end(1), "name")  # (not "nurse (Charge)", "tech (Portable)": words in use)
    if HANGUL_RE.search(text) and "(" in text:
        for m in _HANGUL_KIN_PAREN.finditer(text):
            if m.group(1) not in KOREAN_CLINICAL and not korean_word_start(m.group(1)):
                mask(m.start(1), m.end(1), "name")
    for m in _ROLE_TITLE_BEFORE.finditer(text):
        words = m.group(1).split()
        k = 0
        while k < len(words) and word_class(words[k]) != CLINICAL and words[k].lower() not in STOP:
            k += 1
        named = words[:k]
        gap = _SPACE.match(text, m.end(1))
        rest = k == len(words) and gap is not None and _end_kind(text, gap.end(), ends) == "name"  # "Juniper ___"
        if named and _FIELD_LABEL_AHEAD.match(text, m.start(1) + len(" ".join(named))):
            continue  # "Technologist     Read By: Radiologist": the next field's label
        if named and (rest or any(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) for w in named)):
            mask(m.start(1), m.start(1) + len(" ".join(named)), "name")
    if HANGUL_RE.search(text):
        for m in _LATIN_ROLE_HANGUL.finditer(text):  # (not "referring 위탁병원 clinic": a kind of institution)
            if hangul_name_like(m.group(1), strict=False) and not generic_korean_institution(m.group(1)):
                mask(m.start(1), m.end(1), "name")
    for m in _NAME_ABBREVIATION.finditer(text) if "." in text else ():
        if m.group(1) is None:  # a masked name follows
            if _end_kind(text, m.end(), ends) == "name":
                mask(m.start(), m.end() - 1, "name")
            continue
        words = m.group(1).split()
        while words and (word_class(words[-1]) == CLINICAL or words[-1].lower() in STOP):
            words.pop()  # "Md. Rahman Chest clinic": the name ends before a report word
        if words:
            mask(m.start(), m.start(1) + len(" ".join(words)), "name")
    for m in _WORD_BEFORE_MASK.finditer(text) if "_" in text else ():
        if not _ROLE_WORD_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue
        if _end_kind(text, m.end(), ends) == "name" and word_class(m.group(1)) != CLINICAL:
            mask(m.start(1), m.end(1), "name")
    for m in _PAREN_AFTER_MASK.finditer(text):  # "Dr. ___ (Dunseith)", "___ (Ulleung)": where the person or study was
        words = m.group(1).split()
        kind = ends.get(m.start())
        if kind in ("name", "date", "place") and all(word_class(w) == UNKNOWN for w in words):
            mask(m.start(1), m.end(1), "place")
        elif kind == "mrn" and len(words) == 1 and (word_class(words[0]) in (NAME, UNKNOWN) or is_first_name(words[0])):
            mask(m.start(1), m.end(1), "name")  # "interpreter #___ (Luis)": the person behind a number
    for m in _CAPS_LAST_FIRST.finditer(text) if _CAPS_COMMA_HINT.search(text) else ():
        words = m.group(1).split()
        if is_first_name(m.group(2).title()) and not any(word_class(w) == CLINICAL for w in words):
            mask(m.start(1), m.end(), "name")  # a listed first name after "LAST," in capitals
    for m in _LOWER_AFTER_COLON.finditer(text):
        first, last = m.group(1), m.group(2)
        if not _ROLE_LABEL.search(text, max(0, m.start() - 24), m.start()):
            continue
        if is_first_name(first) and word_class(last) != CLINICAL and last not in STOP:
            mask(m.start(1), m.end(2), "name")
    for r in _ROLE_AFTER_NAME.finditer(text):
        m = _WORDS_BEFORE.search(text, max(0, r.start() - 80), r.start())
        if m is None:
            continue
        words = m.group(1).split()
        k = len(words)
        while k > 0 and _name_part(words[k - 1], words[k - 2] if k >= 2 else None):
            k -= 1
        taken = words[k:]
        kin = _KIN_ROLE.search(r.group(0)) is not None
        if (
            not taken
            or len(taken) == 1
            and word_class(taken[0]) not in (NAME, UNKNOWN)
            and not (kin and is_first_name(taken[0]) and taken[0][:1].isupper())
        ):
            continue  # one common word before a role ("Hope, RN" is taken by the cue passes; "Will, the partner" not)
        if all(t.isupper() for t in taken) and not all(word_class(t) == NAME for t in taken):
            continue  # "ICU RN", "ED, charge nurse": units in capitals
        start = m.start(1) + len(" ".join(words[:k])) + (1 if k else 0)
        start = text.index(taken[0], start)
        mask(start, m.end(1), "name")


_KOREAN_SURNAMES_LATIN = (
    "kim|lee|park|choi|jung|jeong|kang|cho|jo|yoon|yun|jang|chang|lim|im|han|oh|seo|suh|shin|sin|kwon|hwang|ahn|"
    "song|jeon|jun|hong|yoo|yu|ko|go|moon|mun|yang|son|sohn|bae|baek|heo|hur|nam|shim|sim|noh|roh|kwak|gwak|sung|"
    "seong|cha|joo|ju|woo|koo|ku|min|ryu|jin|eom|chae|won|cheon|chun|bang|gong|kong|hyun|ham|byun|yeom|choo|seok|"
    "pyo|myung|ki|ban|keum|ok|yook|maeng|tak|yi|rhee|rim|pak|bak|namgung|hwangbo|jegal|sunwoo|"
    # rarer surnames in the Revised Romanization: 견, 국, 선, 설, 길, 여, 연, 현, 감, 편, 봉, 복, 추, 어, 형, 독고, 사공
    "gyeon|kyeon|guk|gook|seon|seol|gil|kil|yeo|yeon|hyeon|gam|pyeon|bong|bok|chu|eo|hyeong|dokgo|sagong|seomun|"
    "bu|jwa|"
    # 하, 마, 나 / 라, 예, 태, 왕, 은, 피, 변 in the Revised Romanization ("dictated by ha jiwoo")
    "ha|ma|na|ra|ye|tae|wang|eun|pi|byeon"
)
_SYLLABLE = r"(?:[bcdghjkmnprstwy]{0,3}[aeiouy]{1,3}(?:ng|n|m|l|k|p|t)?)"
_SYL_T = r"(?:[BCDGHJKMNPRSTWY][bcdghjkmnprstwy]{0,2}[aeiouy]{1,3}|[AEIOUY][aeiouy]{0,2})(?:ng|n|m|l|k|p|t)?"
_SYLLABLE_TITLE = rf"(?:{_SYL_T}|(?:[BCDGHJKMNPRSTWY]{{1,3}}[AEIOUY]{{1,3}}|[AEIOUY]{{1,3}})(?:NG|N|M|L|K|P|T)?)"
_HYPHEN_PAIR = re.compile(r"(?<![\w'’-])[A-Za-z]{1,7}-[A-Za-z]{1,7}(?=['’]s\b|(?![\w'’-]))")  # "Ji-hoon's"
_SYLLABLE_PAIR = re.compile(rf"(?i:{_SYLLABLE}-{_SYLLABLE})")
_SURNAME_BEFORE = re.compile(rf"(?<![\w'’-])(?i:{_KOREAN_SURNAMES_LATIN})(?:[ \t]+|,[ \t]*)$")  # "PARK, SOON-JA"
_SPACED_NAME = re.compile(  # "BAE CHUN JA", "Lee Min Ho": a surname and two one-syllable given names, spaced
    rf"(?<![\w'’-])([A-Z][A-Za-z]{{1,7}})[ \t]+({_SYLLABLE_TITLE})[ \t]+({_SYLLABLE_TITLE})(?![\w'’-])"
)
_SURNAMES_LATIN = frozenset(_KOREAN_SURNAMES_LATIN.split("|"))
# a lower-case spaced name of a common surname ("kim min ji", "choi jun ho"): surnames that are no English word
_SPACED_LOWER = re.compile(
    r"(?<![\w'’-])(?:kim|lee|park|choi|jung|jeong|kang|cho|yoon|jang|lim|shin|kwon|hwang|ahn|jeon|hong|yoo|baek|heo|"
    rf"noh|kwak|chae|seo|bae|ryu)[ \t]+({_SYLLABLE})[ \t]+({_SYLLABLE})(?![\w'’-])"
)
_SURNAME_AFTER = re.compile(rf"[ \t]+(?i:{_KOREAN_SURNAMES_LATIN})(?![\w'’-])")
_SPACE = re.compile(r"[ \t]+")
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())
_SYLLABLE_AFTER = re.compile(r"(?<=_)[ \t]+([A-Z]{1,3}[AEIOUY]{0,2}|[A-Z][a-z]{1,2})(?=[ \t]*(?:[;,.)\n]|$))")
_CREDENTIALS = frozenset("MD DO PA RN NP RT PHD JR SR II III IV MBA MPH".split())


# a surname and a given name of two romanised syllables written as one word, any case: "ko eunbi", "PARK JIWOO"
_JOINED_GIVEN = re.compile(
    rf"(?<![\w'’-])(?i:{by_first_letter(_KOREAN_SURNAMES_LATIN)})"
    r"(?:[ \t]+|,[ \t]*)([A-Za-z]{3,9})(?![\w'’-])"  # "PARK, SOOYOUNG" too
)
_RR_INITIALS = "g k kk n d t tt r l m b p pp s ss j jj ch h".split() + [""]
_RR_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
# the Revised Romanization's syllables (initial, vowel, final) and the romanised syllables of listed names: a given
# name of native words is spelled this way too ("maru", "bada", "gillye", "seulgi")
_KOREAN_SYLLABLES = (
    frozenset(ROMANISED)
    | {"bi", "ja", "ri", "di", "si", "hwi", "yeong", "hye", "rim"}
    | {i + v + f for i in _RR_INITIALS for v in _RR_VOWELS for f in ("", "k", "n", "t", "l", "m", "p", "ng")}
)


def _two_syllables(word: str) -> bool:
    """Whether ``word`` splits into two romanised syllables ("eunbi" = eun + bi, "jihoon" = ji + hoon)."""
    w = word.lower()
    return any(w[:i] in _KOREAN_SYLLABLES and w[i:] in _KOREAN_SYLLABLES for i in range(1, len(w)))


def _hyphen_word(word: str) -> bool:
    return word_class(word) == CLINICAL or zipf(word) >= 2.5  # "x-ray", "follow-up", "re-do": a word, not a name


def romanised_given(word: str) -> bool:
    """A hyphenated romanised Korean given name after its surname ("SOON-JA", "soo-ah", "Ji-hoon"): two syllables,
    neither a report word ("X-RAY" is one)."""
    return _SYLLABLE_PAIR.fullmatch(word) is not None and not any(word_class(p) == CLINICAL for p in word.split("-"))


def romanised_surname(word: str) -> bool:
    """A common Korean surname in Latin letters ("kim", "PARK", "Rhee")."""
    return word.lower() in _SURNAMES_LATIN


def romanised_korean_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """A Korean surname and a hyphenated romanised given name, either order, any case; a hyphenated given name
    beside a masked name (module docstring)."""
    for m in _SPACED_NAME.finditer(text):
        words = [m.group(1), m.group(2), m.group(3)]
        if words[0].lower() not in _SURNAMES_LATIN:
            continue
        if not (all(w.isupper() for w in words) or all(w.istitle() for w in words)):
            continue  # one case throughout: "BAE CHUN JA", "Lee Min Ho"
        if any(zipf(w) >= 4.0 or w.lower() in STOP or word_class(w) == CLINICAL for w in words[1:]):
            continue  # "Park In The", "Kim At Two": common English words, not given names
        mask(m.start(), m.end(), "name")
    for m in _SPACED_LOWER.finditer(text):
        if not any(w in STOP or w in _NUMBER_WORDS for w in (m.group(1), m.group(2))):
            mask(m.start(), m.end(), "name")  # (not "park in the", "lee at one")
    for m in _JOINED_GIVEN.finditer(text):
        given = m.group(1)
        surname = text[m.start() : m.start(1)].strip()
        if not (given.islower() and surname.islower() or given.isupper() and surname.isupper() or given.istitle()):
            continue  # one case throughout: "ko eunbi", "PARK JIWOO", "Ko Eunbi"
        if zipf(given) < 3.0 and word_class(given) != CLINICAL and given.lower() not in STOP and _two_syllables(given):
            mask(m.start(), m.end(), "name")
    for m in _SYLLABLE_AFTER.finditer(text) if "_" in text else ():
        w = m.group(1)
        if ends.get(m.start()) == "name" and w not in _CREDENTIALS and w.lower() not in STOP and zipf(w) < 4.5:
            mask(m.start(1), m.end(1), "name")  # "___ JA" of "BAE CHUN JA": the last syllable of a spaced name
    if "-" not in text:
        return
    for m in _HYPHEN_PAIR.finditer(text):
        if not _SYLLABLE_PAIR.fullmatch(m.group(0)):
            continue
        left = re.search(r"_[ \t]*,?[ \t]*$", text[max(0, m.start() - 8) : m.start()]) is not None
        # "___, SOON-JA", "PT NAME: ___ SOON-JA": right after a masked surname (a comma or a space between)
        after_surname = left and ends.get(text.rindex("_", 0, m.start()) + 1) == "name"
        parts_clinical = any(word_class(p) == CLINICAL for p in m.group(0).split("-"))
        before = _SURNAME_BEFORE.search(text, max(0, m.start() - 12), m.start())
        # "JUNG SOON-RYE": after a surname, a pair of syllables whose parts are no stop word is the given name
        named = after_surname or before is not None and all(p.lower() not in STOP for p in m.group(0).split("-"))
        if _hyphen_word(m.group(0)) and not (named and not parts_clinical):
            continue  # "x-ray", "follow-up"; but "___, SOON-JA": a given name after a masked surname
        after = _SURNAME_AFTER.match(text, m.end())
        if before or after:
            mask(before.start() if before else m.start(), after.end() if after else m.end(), "name")
            continue
        gap = _SPACE.match(text, m.end())
        i = m.start()
        while i > 0 and text[i - 1] in " \t,":
            i -= 1  # "___, SOON-JA": the given name after a masked surname and its comma
        masked_left = i < m.start() and text[i - 1 : i] == "_" and ends.get(i) == "name"
        if masked_left or gap and _end_kind(text, gap.end(), ends) == "name":
            mask(m.start(), m.end(), "name")  # "min-jun ___ (RT)", "___ Ji-hoon"


# Hmong clans whose name is also an English word or a common one ("Her", "Hang", "Lo"): after a capitalised word
# that is no English or report word ("Pt Sheng Her arrived", not "Told Her")
_CLAN_AFTER_GIVEN = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{1,7})[ \t]+(Her|Hang|Lo|Lor|Kong|Fang|Cha|Pha|Chue|Kue|Vue|Khang|Cheng)(?![\w'’-])"
)
# the Central Highlands' names: "Y Blong", "H'Linh", "A Thuan" (after a relation or before a surname of theirs)
_HIGHLAND_SURNAMES = (
    r"Nie|Mlo|Ksor|Siu|Rmah|Kpa|Nay|Rahlan|Adrong|Ayun|Eban|Knul|Bya|Hdok|Rcom|Hwing|Kbuor|Mdrang|Niay|Alio|Enuol|"
    r"Ecam|Ktla|Bkrong|Rah[ \t]?Lan|Ro[ \t]?Cham|Ro[ \t]?Mah|Buon[ \t]?Ya"
)
_HIGHLAND_NAME = re.compile(
    r"(?<![\w'’-])(?:H['’][ \t]?[A-Z][a-z]+|(?:Y|A)[ \t][A-Z][a-z]+)"
    rf"(?:[ \t]+(?:{_HIGHLAND_SURNAMES}))?(?![\w'’-])"
)
_HIGHLAND_CUE = re.compile(
    r"(?i:\b(?:son|daughter|nephew|niece|wife|husband|brother|sister|mother|father|cousin|uncle|aunt|grandson|"
    r"granddaughter|grandmother|grandfather|interpreter|pt|patient|mr|mrs|ms|named|caregiver|guardian))\.?[ \t]+$"
)


_MASKED_INITIAL_SURNAME = re.compile(  # (the initial itself may be masked already: "___*** OYELARAN-WHITFIELD")
    # (letters may follow the stars, and a surname may have any alphabet's letters: "S***a Delalić")
    r"(?<![A-Za-z0-9*])(?:[A-Z][a-z]{0,3}|_+)\*{2,}[a-z]{0,8}\.?[ \t]+([A-Z](?:[^\W\d_]|['’-]){1,30})(?![\w'’-])"
)
_SPELLED = re.compile(r"(?<![\w-])(?:[A-Za-z]-){4,}[A-Za-z](?![\w-])")  # "B-O-U-C-H-A-R-D", "k-o-v-a-l"
_CREDENTIAL_TYPIST = re.compile(r"(?<![\w.])(?:M\.D\.|MD|D\.O\.|DO|R\.N\.|RN)[ \t]*/[ \t]*([a-z]{2,4})(?![\w/])")


def odd_written_names(text: str, mask: Mask) -> None:
    """A surname after a masked initial, a spelled-out name, a typist's initials after a credential (docstring)."""
    if "**" in text:
        for m in _MASKED_INITIAL_SURNAME.finditer(text):
            if word_class(m.group(1)) != CLINICAL and m.group(1).lower() not in STOP:
                mask(m.start(1), m.end(1), "name")  # "Pt: A*** Haile", "J** Okafor"
    if "-" in text:
        for m in _SPELLED.finditer(text):
            letters = m.group(0).lower().split("-")
            if all(ord(b) - ord(a) == 1 for a, b in zip(letters, letters[1:], strict=False)):
                continue  # "A-B-C-D-E approach": a mnemonic, no name
            mask(m.start(), m.end(), "name")  # a name spelled for the record: "spelled B-O-U-C-H-A-R-D"
    if "/" in text:
        for m in _CREDENTIAL_TYPIST.finditer(text):
            mask(m.start(1), m.end(1), "name")  # "GREGORY P. ___, M.D./jmw"


def clan_names(text: str, mask: Mask) -> None:
    """Hmong clan names that are words after a given name, and the Central Highlands' names (module docstring)."""
    for m in _CLAN_AFTER_GIVEN.finditer(text):
        given = m.group(1)
        c = word_class(given)
        if given.lower() in STOP or c == CLINICAL or c == WORD and not is_first_name(given):
            continue  # "Told Her", "With Her": a word before the pronoun
        mask(m.start(), m.end(), "name")
    if "Y " in text or "A " in text or "H'" in text or "H’" in text:
        for m in _HIGHLAND_NAME.finditer(text):
            whole = m.group(0)
            given = re.split(r"[ \t'’]+", whole)[1]
            if given.lower() in STOP or word_class(given) in (CLINICAL, WORD):
                continue  # "A Swan-Ganz", "A Large effusion": an article and a word
            surname = len(re.split(r"[ \t]+", whole)) > 2
            if whole[0] == "H" or surname or _HIGHLAND_CUE.search(text, max(0, m.start() - 16), m.start()):
                mask(m.start(), m.end(), "name")


__all__ = [
    "odd_written_names",
    "clan_names",
    "age_sex_names",
    "dictation_initials",
    "hanja_names",
    "listed_names",
    "name_neighbours",
    "romanised_given",
    "romanised_korean_names",
    "romanised_surname",
    "trauma_aliases",
    "weekday_dates",
]

gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
