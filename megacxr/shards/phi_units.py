"""The PHI screen's pass for a military unit by its designation: where a service member serves, as small a place
as a town's employer ("UNIT: 2ND BN, 504TH PIR, 82ND ABN DIV", "3rd Battalion, 7th Marines", "B Co, 1-327 INF",
"HHC 2-505 PIR", "1st Special Forces Group").

A unit is an ordinal before a unit's word or abbreviation (in capitals, or a capitalised word), or a company's
letter before a battalion's number and its branch. The ordinal's words in reports ("4th ventricle", "1st rib",
"5th metacarpal", "2nd floor") are no unit's word; abbreviations that are report words too (MP, IN, CO, GP, FA)
are read only in the battalion form.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["military_units"]

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


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
