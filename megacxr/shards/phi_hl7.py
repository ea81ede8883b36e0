"""HL7 v2 segments in a report's text: the PHI screen masks the fields that HL7 itself defines as identifying, by
position, whatever their content looks like.

An export often pastes the message a report came with ("PID|1||4471239^^^GCRTC^MR||TRAUMA^DELTA||19620330|M|||
1801 Seawall Blvd^^Galveston^TX^77550"). The shape passes find most of it, but a town inside an address field, a
given name in a person field or an id with letters is not shaped like anything; the standard says what each field
holds, so ``hl7_fields`` masks the whole field: patient ids, names, birth date, address, phones and numbers of
PID; the next of kin of NK1; the physicians and visit number of PV1; the order numbers, times and people of OBR
and ORC; the message time and the sending and receiving facilities of MSH; the observer and time of OBX, and its
value when it observes the age (over 89); the guarantor (GT1), the insured (IN1) and the merged record (MRG).
A field quoted by its reference outside its segment ("OBR-32: ...") goes too, and so does a person's composite
(an id, a family and a given name, an initial or a degree: "1447^Bhattacharya^Anil^K^^^MD") that an export put in
a field meant for something else. Codes (sex, race, test codes) are left as they are.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, WORD, word_class
from megacxr.shards.phi_prefilter import gate_patterns

_PLACEHOLDERS = frozenset("HOSP HOSPITAL RAD RADIOLOGY SITE FAC FACILITY LAB EHR EMR RIS PACS HIS MAIN".split())

__all__ = ["hl7_field_references", "hl7_fields"]

Mask = Callable[[int, int, str], None]

# segment -> {1-based field index: kind}
_FIELDS: dict[str, dict[int, str]] = {
    "MSH": {4: "place", 6: "place", 7: "date", 10: "mrn"},  # (4 and 6: the sending and receiving facilities)
    "EVN": {2: "date", 5: "name", 6: "date"},
    "PID": {
        2: "mrn",
        3: "mrn",
        4: "mrn",
        5: "name",
        6: "name",
        7: "date",
        9: "name",
        11: "address",
        12: "address",
        13: "phone",
        14: "phone",
        18: "mrn",
        19: "ssn",
        20: "mrn",
        21: "mrn",
        23: "address",
        29: "date",
    },  # fmt: skip
    "NK1": {2: "name", 4: "address", 5: "phone", 6: "phone", 30: "name", 31: "phone", 32: "address"},
    # (PV1-3, -6 and -39: the assigned and prior locations, whose fourth component is the facility, and the servicing
    # facility: "ER^12^A^SALISBURY REGIONAL")
    "PV1": {
        3: "place",
        6: "place",
        7: "name",
        8: "name",
        9: "name",
        17: "name",
        19: "mrn",
        39: "place",
        44: "date",
        45: "date",
        50: "mrn",
        52: "name",
    },  # fmt: skip
    "ORC": {
        2: "mrn",
        3: "mrn",
        4: "mrn",
        9: "date",
        10: "name",
        11: "name",
        12: "name",
        14: "phone",
        15: "date",
        19: "name",
    },  # fmt: skip
    "OBR": {
        2: "mrn",
        3: "mrn",
        6: "date",
        7: "date",
        8: "date",
        14: "date",
        16: "name",
        17: "phone",
        22: "date",
        28: "name",
        32: "name",
        33: "name",
        34: "name",
        35: "name",
        36: "date",
    },  # fmt: skip
    "OBX": {14: "date", 16: "name", 19: "date"},
    "GT1": {2: "mrn", 3: "name", 5: "address", 6: "phone", 7: "phone", 8: "date", 12: "ssn"},
    "IN1": {16: "name", 18: "date", 19: "address", 36: "mrn", 49: "mrn"},
    "MRG": {1: "mrn", 2: "mrn", 3: "mrn", 4: "mrn", 5: "mrn", 6: "mrn", 7: "name"},
}
_SEGMENT = re.compile(r"(?<![\w|^~&\\])(" + "|".join(_FIELDS) + r")\|")  # a segment, wherever a line was cut
# a field quoted by its reference, outside its segment: "OBR-32: 40112&Tart&Wilbur&J&&MD", "PID.5 = DOE^JANE"; the
# value is one token, or several whose spaces sit inside components ("1801 Seawall Blvd^^Galveston")
_FIELD_REFERENCE = re.compile(
    r"(?<![\w-])(" + "|".join(_FIELDS) + r")[-.](\d{1,2})(?:[-.]\d{1,2}){0,2}(?![\d.-])\)?[ \t]*(?:[:=]|is)[ \t]*"
    r"([^\s|;,]+(?:(?:[ \t][^\s|;,^&~]+){0,3}[ \t][^\s|;,]*[\^&~][^\s|;,]*)*)"
)


# an observation of the patient's age (OBX-3 names it) and its value over 89 (OBX-5): "OBX|1|NM|AGE||100|a"
_OBX_AGE = re.compile(
    r"(?<![\w|])OBX\|[^|\n]*\|[^|\n]*\|[^|\n]*\bAGE\b[^|\n]*\|[^|\n]*\|[ \t]*(9\d|1[0-2]\d)(?:\.\d+)?[ \t]*(?=\||$)",
    re.IGNORECASE | re.MULTILINE,
)


# a person's composite (XCN) in a field the standard gives to something else, as an export misplaces it:
# "1447^Bhattacharya^Anil^K^^^MD" (an id or none, a family and a given name of one word each, then a middle
# initial or a degree: not "71045^XR CHEST 1 VIEW", a code and its text)
_PERSON_COMPOSITE = re.compile(
    r"[A-Z]?\d{0,10}\^([A-Z][A-Za-z'’-]+)\^([A-Z][A-Za-z'’-]+)"
    r"(?:\^[A-Z]\.?(?:\^[^|^]*){0,3}|(?:\^[^|^]*){0,2}\^(?:MD|DO|RN|NP|PA|PA-C|MBBS|DPM|CNM|CRNA|RT|RRT))"
    r"(?:\^[^|]*)?"
)


def _generic_facility(value: str) -> bool:
    """A message header's facility that names none: report or English words only ("HOSP", "RAD", "SITE")."""
    words = re.findall(r"[A-Za-z]+", value)
    return all(w.upper() in _PLACEHOLDERS or word_class(w) in (WORD, CLINICAL) for w in words)


def hl7_field_references(text: str, mask: Mask) -> None:
    """Mask the value after a reference to an identifying field ("OBR-32: ...", "PID.3 = ..."): the standard says what
    it holds, whatever it looks like."""
    for m in _FIELD_REFERENCE.finditer(text):
        kind = _FIELDS[m.group(1)].get(int(m.group(2)))
        if kind is not None:
            mask(m.start(3), m.end(3), kind)


def hl7_fields(text: str, mask: Mask) -> None:
    """Mask the identifying fields of every HL7 segment (module docstring); a segment ends at its line's end."""
    for m in _OBX_AGE.finditer(text):
        mask(m.start(1), m.end(1), "age")
    for m in _SEGMENT.finditer(text):
        fields = _FIELDS[m.group(1)]
        end = len(text)
        for stop in ("\n", "\r"):
            k = text.find(stop, m.end())
            if k != -1:
                end = min(end, k)
        # MSH-1 is the field separator itself, so MSH's fields are counted from the separator
        index, pos = (2 if m.group(1) == "MSH" else 1), m.end()
        while pos <= end:
            if text[pos : pos + 1] in (" ", "\t"):
                break  # "...|PRICE^T^R| Lungs are clear": prose after the segment's last bar
            nxt = text.find("|", pos, end)
            stop = end if nxt == -1 else nxt
            if nxt == -1:  # the line's last field: prose pasted after it on the same line is not the field
                last = text.rfind("^", pos, stop)
                gap = re.search(r"\s", text[last + 1 if last != -1 else pos : stop])
                if gap and (last != -1 or gap.start() > 0):
                    stop = (last + 1 if last != -1 else pos) + gap.start()
            kind = fields.get(index)
            if kind == "place" and m.group(1) == "MSH" and _generic_facility(text[pos:stop]):
                kind = None  # "MSH|^~\&|RIS|HOSP|EHR|SITE|": a placeholder, no facility's name
            if kind is not None and text[pos:stop].strip(" \t^~&"):
                mask(pos, stop, kind)
            elif kind is None and "^" in text[pos:stop]:
                person = _PERSON_COMPOSITE.fullmatch(text, pos, stop)
                if person and word_class(person.group(1)) != CLINICAL:
                    mask(pos, stop, "name")  # a person's composite in a field meant for something else
            if nxt == -1:
                break
            index, pos = index + 1, nxt + 1


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
