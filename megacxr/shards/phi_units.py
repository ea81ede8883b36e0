"""The PHI screen's pass for a military unit by its designation: where a service member serves, as small a place
as a town's employer ("UNIT: 2ND BN, 504TH PIR, 82ND ABN DIV", "3rd Battalion, 7th Marines", "B Co, 1-327 INF",
"HHC 2-505 PIR", "1st Special Forces Group"), in Korean too ("35사단 신병교육대"), and a service member's name
after the rank abbreviated as the services write it ("SSgt Tyler Hollenbeck", "SPC Dana Whitfield", "HM2 Rosa
Delgado").

A unit is an ordinal before a unit's word or abbreviation (in capitals, or a capitalised word), or a company's
letter before a battalion's number and its branch. The ordinal's words in reports ("4th ventricle", "1st rib",
"5th metacarpal", "2nd floor") are no unit's word; abbreviations that are report words too (MP, IN, CO, GP, FA)
are read only in the battalion form.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, word_class
from megacxr.shards.phi_names import STOP
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["military_units", "ranked_names"]

Mask = Callable[[int, int, str], None]

_UNIT_WORDS = (
    r"BN|BDE|DIV|REGT|RGT|SQDN|SQN|PIR|INF|ABN|CAV|ADA|ENGR|AVN|MEF|MLG|MAW|MARDIV|SFG|RGR|BCT|CSH|TFW|FW|AW|"
    r"Battalion|Brigade|Division|Regiment|Squadron|Infantry|Airborne|Cavalry|Marines|Fleet|Wing|Armored|Artillery|"
    r"Special\s+Forces\s+Group|Ranger\s+Battalion|Combat\s+Team|Expeditionary|Fighter\s+Wing|Airlift\s+Wing"
)
_UNIT = re.compile(
    r"(?<![\w-])\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH)[ \t]+(?:(?:[A-Z][A-Za-z]*|[A-Z]{2,5})[ \t]+){0,2}?"
    rf"(?:{_UNIT_WORDS})(?:[ \t]+(?:{_UNIT_WORDS}))*(?![\w-])"  # ("82ND ABN DIV")
    # "B Co, 1-327 INF", "HHC 2-505 PIR", "A/2-8 CAV": a company of a numbered battalion of a branch
    r"|(?<![\w-])(?:[A-H][ \t]*(?:Co\.?|CO|Company|Btry|BTRY|Trp|TRP)[ \t]*,?[ \t]*|HHC[ \t]+|[A-H]/)"
    r"\d{1,2}-\d{1,3}(?:[ \t]+(?:INF|IN|PIR|CAV|FA|AR|EN|AVN|ADA|SF|MI|MP|SIG|BSB|BEB)\b)?"
    # an Air Force group or wing by its number alone: "366 MDG", "92 ARW", "60 AMDS" (letters no report uses)
    r"|(?<![\w.-])\d{1,3}[ \t]?(?:MDG|MDOS|MDSS|AMDS|ARW|ABW|AMW|MXG|MSG|CES|SFS|LRS|FSS|RQW|SOW|ARS|AES|OSS|MXS|"
    r"AMXS|MEDGRU)(?![\w-])"
    # a Navy or Marine squadron, a Seabee battalion: "HSM-46", "VFA-106", "VMFA-251", "NMCB 133"
    r"|(?<![\w-])(?:HSM|HSC|HSL|VFA|VAW|VAQ|VRC|VMFA|VMA|VMM|VMGR|HMLA|HMH|HMM|NMCB|EODMU|VQ|VR)[ \t-]?\d{1,3}(?![\w-])"
)
# a Korean unit by its number: "35사단 신병교육대", "제17전투비행단", "2함대 의무대" (and the post inside it)
_KOREAN_UNIT = re.compile(
    r"(?<![\d\uac00-\ud7a3])(?:제[ \t]?)?\d{1,3}[ \t]?(?:사단|여단|연대|대대|군단|전투비행단|비행단|함대|전단|해병사단|"
    r"특공여단|기갑여단|포병여단|공병단|경비단)"
    r"(?:[ \t]*[\uac00-\ud7a3]{0,6}(?:교육대|의무대|본부|대대|중대|소대|여단|연대|부대|훈련소))?(?![\uac00-\ud7a3])"
)
# a service member's rank, abbreviated as the services write it, before the name: "SSgt Tyler Hollenbeck", "SrA
# Nguyen", "SPC Dana Whitfield", "LCpl Ortiz", "HM2 Rosa Delgado", "1LT Amir Haddad" (case as written: "COL" and
# "MAJ" in capitals only; not "SA node", "PO intake": no rank here is a report's abbreviation)
_RANK_NAME = re.compile(
    r"(?<![\w'’-])(?:SSgt|TSgt|MSgt|SMSgt|CMSgt|SrA|A1C|Amn|SSG|SFC|MSG|1SG|SGM|CSM|SGT|Sgt|SPC|Spc|PFC|Pfc|PV[12]|"
    r"PVT|Pvt|CPL|Cpl|LCpl|GySgt|MGySgt|1stSgt|SgtMaj|PO[123]|CPO|SCPO|MCPO|HM[123]|HMC|HN|ENS|LTJG|LCDR|CDR|"
    r"1LT|2LT|1stLt|2ndLt|CPT|Capt|MAJ|Maj|LTC|LtCol|Col|COL|BG|CW[2-5]|WO1)\.?[ \t]+"
    r"((?:[A-Z][a-z'’-]+|[A-Z]{2,}(?:-[A-Z]+)?)(?:[ \t]+(?:[A-Z]\.[ \t]*)?(?:[A-Z][a-z'’-]+|[A-Z]{2,})){0,2})"
    r"(?![\w'’-])"
)
_RANK_WORDS = frozenset("first class major general sergeant corporal private officer chief petty master".split())
_HINT = re.compile(
    r"\d(?:st|nd|rd|th|ST|ND|RD|TH)\b|\d[ \t]?[A-Z]{3,6}\b|HHC|\b[A-H][ \t]*(?:Co|CO|Company|Btry|BTRY|Trp|TRP)\b"
    r"|\b[A-H]/\d|\b(?:HS|VF|VA|VR|VM|HM|NMCB|EODMU|VQ)"
)


def military_units(text: str, mask: Mask) -> None:
    """See the module docstring; cost: one scan, only when an ordinal or a company's form is in the text."""
    if not _HINT.search(text):
        return
    for m in _UNIT.finditer(text):
        mask(m.start(), m.end(), "place")


def korean_units(text: str, mask: Mask) -> None:
    """A Korean unit by its number ("35사단 신병교육대"): a place, as a unit's designation is."""
    for m in _KOREAN_UNIT.finditer(text):
        mask(m.start(), m.end(), "place")


def ranked_names(text: str, mask: Mask) -> None:
    """A name after a service member's abbreviated rank ("SSgt Tyler Hollenbeck"): its words that are no report
    word and no function word (not "SPC Chest", "Sgt First Class": a rank's own words)."""
    for m in _RANK_NAME.finditer(text):
        end = m.start(1)
        for w in re.finditer(r"\S+", m.group(1)):
            word = w.group(0)
            if word.lower() in STOP or word.lower() in _RANK_WORDS or word_class(word.rstrip(".")) == CLINICAL:
                break
            end = m.start(1) + w.end()
        if end > m.start(1):
            mask(m.start(1), end, "name")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
