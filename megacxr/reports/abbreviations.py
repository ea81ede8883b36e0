"""The CXR abbreviation table, and expanding / contracting report text with it.

``ABBREVIATIONS`` lists what chest radiograph reports abbreviate: views (PA, AP), lobes (RLL, LUL), vessels and
chambers (SVC, IJ, RA), devices (ETT, NGT, PICC, AICD), diagnoses (CHF, COPD, PTX) and the shorthand of busy
departments (``b/l``, ``s/p``, ``consol``, ``atx``, ``w/o``). Each entry says whether it is used to expand
(short -> long) and to contract (long -> short); ambiguous or over-eager directions are switched off (``L`` ->
"left" only expands, and only before a lower-case word; "with" is never contracted to ``w/``).

Matching rules:

* An abbreviation is a whole token: never inside a word ("AP" in "APPEARANCE", "PA" in "PAIN") nor glued to
  letters or digits ("L5", "PA2"). Upper-case acronyms match only in upper case ("ap" is not "AP"); shorthand
  with lower-case letters ("consol", "b/l") matches in any case.
* Longest entry first: "PA catheter" -> "pulmonary artery catheter" before "PA" -> "posteroanterior",
  "right internal jugular" -> "RIJ" before "internal jugular" -> "IJ".
* Capitalisation: an expansion is lower case ("CHF" -> "congestive heart failure"), capitalised at the start of
  a sentence or where the shorthand was ("Consol" -> "Consolidation"), upper case in an all-caps report.
  A contraction keeps the acronym's case, capitalises shorthand at a sentence start. The article before the
  replaced words follows its sound ("an ETT" <-> "an endotracheal tube", "a NGT" <- "a nasogastric tube" is
  written "an NGT").

Expansion and contraction never touch laterality, negation or numbers (no entry holds a digit or a negation
except ``w/o`` -> "without", which keeps the negation), so both preserve a report's meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "Abbreviation", "contract_abbreviations", "expand_abbreviations"]


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str
    expand: bool = True  # short -> long
    contract: bool = True  # long -> short

    @property
    def acronym(self) -> bool:
        """Headed by an upper-case token ("PTX", "PA catheter"): that token matches case-sensitively."""
        head = self.short.split()[0]
        return not any(c.islower() for c in head)


def _a(short: str, long: str, expand: bool = True, contract: bool = True) -> Abbreviation:
    return Abbreviation(short, long, expand, contract)


ABBREVIATIONS: tuple[Abbreviation, ...] = (
    # views, technique, studies
    _a("PA", "posteroanterior"),
    _a("PA", "posterior-anterior", expand=False),
    _a("AP", "anteroposterior"),
    _a("AP", "anterior-posterior", expand=False),
    _a("LAT", "lateral", contract=False),
    _a("LLD", "left lateral decubitus"),
    _a("CXR", "chest radiograph"),
    _a("CXR", "chest x-ray", expand=False),
    _a("CT", "computed tomography"),
    _a("MRI", "magnetic resonance imaging"),
    # lobes and regions
    _a("RUL", "right upper lobe"),
    _a("RML", "right middle lobe"),
    _a("RLL", "right lower lobe"),
    _a("LUL", "left upper lobe"),
    _a("LLL", "left lower lobe"),
    _a("RUQ", "right upper quadrant"),
    _a("LUQ", "left upper quadrant"),
    _a("CP angle", "costophrenic angle"),
    _a("CP angles", "costophrenic angles"),
    _a("AP window", "aortopulmonary window"),
    _a("AC joint", "acromioclavicular joint"),
    # vessels and chambers
    _a("SVC", "superior vena cava"),
    _a("IVC", "inferior vena cava"),
    _a("RA", "right atrium"),
    _a("RV", "right ventricle"),
    _a("LA", "left atrium"),
    _a("LV", "left ventricle"),
    _a("IJ", "internal jugular"),
    _a("RIJ", "right internal jugular"),
    _a("LIJ", "left internal jugular"),
    _a("GEJ", "gastroesophageal junction"),
    _a("GE junction", "gastroesophageal junction", contract=False),
    # tubes, lines and devices
    _a("ETT", "endotracheal tube"),
    _a("ET tube", "endotracheal tube", contract=False),
    _a("NGT", "nasogastric tube"),
    _a("NG tube", "nasogastric tube", contract=False),
    _a("OGT", "orogastric tube"),
    _a("OG tube", "orogastric tube", contract=False),
    _a("PICC", "peripherally inserted central catheter"),
    _a("CVC", "central venous catheter"),
    _a("CVL", "central venous line"),
    _a("PA catheter", "pulmonary artery catheter"),
    _a("ICD", "implantable cardioverter-defibrillator"),
    _a("AICD", "automatic implantable cardioverter-defibrillator"),
    _a("IABP", "intra-aortic balloon pump"),
    _a("ECMO", "extracorporeal membrane oxygenation"),
    _a("LVAD", "left ventricular assist device"),
    _a("PEG", "percutaneous endoscopic gastrostomy"),
    _a("G-tube", "gastrostomy tube"),
    _a("J-tube", "jejunostomy tube"),
    _a("VP shunt", "ventriculoperitoneal shunt"),
    _a("CABG", "coronary artery bypass graft"),
    _a("AVR", "aortic valve replacement"),
    _a("MVR", "mitral valve replacement"),
    _a("TAVR", "transcatheter aortic valve replacement"),
    # diagnoses and history
    _a("CHF", "congestive heart failure"),
    _a("COPD", "chronic obstructive pulmonary disease"),
    _a("ARDS", "acute respiratory distress syndrome"),
    _a("ILD", "interstitial lung disease"),
    _a("PE", "pulmonary embolism"),
    _a("TB", "tuberculosis"),
    _a("CAD", "coronary artery disease"),
    _a("HTN", "hypertension"),
    _a("ESRD", "end-stage renal disease"),
    _a("SOB", "shortness of breath"),
    _a("ICU", "intensive care unit"),
    _a("PNA", "pneumonia"),
    _a("PTX", "pneumothorax"),
    _a("PNX", "pneumothorax", contract=False),
    # departmental shorthand
    _a("consol", "consolidation"),
    _a("atx", "atelectasis"),
    _a("cardiomeg", "cardiomegaly"),
    _a("eff", "effusion", contract=False),
    _a("effs", "effusions", contract=False),
    _a("fx", "fracture", contract=False),
    _a("fxs", "fractures", contract=False),
    _a("b/l", "bilateral"),
    _a("bilat", "bilateral", contract=False),
    _a("h/o", "history of"),
    _a("hx", "history", contract=False),
    _a("s/p", "status post"),
    _a("r/o", "rule out"),
    _a("c/w", "consistent with"),
    _a("f/u", "follow-up"),
    _a("DDx", "differential diagnosis"),
    _a("y/o", "year-old", contract=False),
    _a("w/o", "without", contract=False),
    _a("w/out", "without", contract=False),
    _a("w/in", "within", contract=False),
    _a("w/", "with", contract=False),
    _a("nml", "normal", contract=False),
    _a("mod", "moderate", contract=False),
    _a("pulm", "pulmonary", contract=False),
    _a("vasc", "vascular", contract=False),
    # sides: expansion only, and only as a modifier ("L base", "R-sided", "R IJ"), never "2 L nasal cannula"
    _a("L", "left", contract=False),
    _a("R", "right", contract=False),
)

_GUARDED_SIDES = {"L", "R"}
# "PA" after a side is the pulmonary artery ("right PA"), not the view
_GUARDS = {"PA": r"(?<![Rr]ight\s)(?<![Ll]eft\s)(?<![Mm]ain\s)"}


def _short_pattern(e: Abbreviation) -> str:
    head, *rest = [re.escape(w) for w in e.short.split()]
    tail = "".join(rf"\s+(?i:{w})" for w in rest)
    if e.short in _GUARDED_SIDES:
        return rf"(?<![\w/.-])(?<!\d\s){head}(?=-sided\b|\s+[a-z]|\s+[A-Z]{{2,}}\b)"
    body = (head if e.acronym else f"(?i:{head})") + tail
    edge = r"[\w/]" if "/" in e.short else r"\w"
    return rf"{_GUARDS.get(e.short, '')}(?<!{edge}){body}(?!{edge})(?!-\d)"


def _long_pattern(e: Abbreviation) -> str:
    body = r"\s+".join(re.escape(w) for w in e.long.split())
    return rf"(?<![\w-])(?i:{body})(?![\w-])"


def _compile(entries: list[Abbreviation], pattern, text_of) -> re.Pattern:
    # named groups in longest-first order: the regex alternation then prefers the longest entry at a position
    order = sorted(range(len(entries)), key=lambda i: -len(text_of(entries[i])))
    return re.compile("|".join(f"(?P<e{i}>{pattern(entries[i])})" for i in order))


_EXPAND = [e for e in ABBREVIATIONS if e.expand]
_CONTRACT = []
for _e in ABBREVIATIONS:  # one short form per long form: the first listed wins
    if _e.contract and not any(c.long.lower() == _e.long.lower() for c in _CONTRACT):
        _CONTRACT.append(_e)
_EXPAND_RE = _compile(_EXPAND, _short_pattern, lambda e: e.short)
_CONTRACT_RE = _compile(_CONTRACT, _long_pattern, lambda e: e.long)
_SENTENCE_END = re.compile(r"(?:[.!?:]\s+|\n\s*)$")  # what precedes a sentence start ("1. " included)
_ARTICLE = re.compile(r"\b(an?|An?|AN?)(\s+)$")
# letters whose spoken name starts with a vowel sound: "an NGT", "an SVC", "a PICC"
_VOWEL_LETTER_NAMES = set("AEFHILMNORSX")


def _all_caps(text: str) -> bool:
    """An ALL CAPS report: no lower case, and upper-case words left once the abbreviations are taken out
    ("LLL PNA." alone is abbreviations, not an all-caps report)."""
    if any(c.islower() for c in text):
        return False
    return sum(c.isalpha() for c in _EXPAND_RE.sub(" ", text)) > 3


def _needs_an(word: str, acronym: bool) -> bool:
    if not word:
        return False
    if acronym:
        return word[0].upper() in _VOWEL_LETTER_NAMES
    return word[0].lower() in "aeiou" and not word.lower().startswith(("uni", "eu", "one"))


def _fix_article(head: str, word: str, acronym: bool, caps: bool) -> str:
    """``head`` (the text before ``word``) with its trailing article matched to ``word``'s sound."""
    m = _ARTICLE.search(head[-8:])
    if not m:
        return head
    cut = len(head) - 8 + m.start() if len(head) > 8 else m.start()
    want = "an" if _needs_an(word, acronym) else "a"
    if caps:
        want = want.upper()
    elif m.group(1)[0].isupper():
        want = want.capitalize()
    return head[:cut] + want + m.group(2)


def _replace(text: str, regex: re.Pattern, entries: list[Abbreviation], expanding: bool) -> str:
    caps = _all_caps(text)
    done, last = "", 0
    for m in regex.finditer(text):
        e = entries[int(m.lastgroup[1:])]
        found = m.group(0)
        head = done + text[last : m.start()]
        at_start = not head.strip() or bool(_SENTENCE_END.search(head[-8:]))
        if expanding:
            word, acronym = e.long, False
            if caps:
                word = word.upper()
            elif at_start or (not e.acronym and found[:1].isupper()):
                word = word[:1].upper() + word[1:]
        else:
            word, acronym = e.short, e.acronym
            if caps:
                word = word.upper()
            elif at_start and word[:1].islower():
                word = word[:1].upper() + word[1:]
        done = _fix_article(head, word, acronym, caps) + word
        last = m.end()
    return done + text[last:] if last else text


def expand_abbreviations(text: str) -> str:
    """``text`` with every abbreviation of the table written out ("ETT 4 cm above the carina" ->
    "endotracheal tube 4 cm above the carina"); text without abbreviations comes back unchanged."""
    return _replace(text, _EXPAND_RE, _EXPAND, expanding=True)


def contract_abbreviations(text: str) -> str:
    """``text`` with the long forms of the table abbreviated ("right lower lobe consolidation" -> "RLL
    consolidation"); the reverse of ``expand_abbreviations`` for the entries that contract."""
    return _replace(text, _CONTRACT_RE, _CONTRACT, expanding=False)
