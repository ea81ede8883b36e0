"""Names by their place in a byline, a sign-off, a correction or a row: where the position, not the word, says
"a person".

The name passes know a name by its words (a list, a capital, a title before it). These positions name a person
whatever the word is, so any word there that is no common word and no report word is read as a name:

- between a contact's cue and a credential, or after both, in any case: "per oxendine rn", "dw rt swanger";
- initials or a login after a reader's, a typist's or a checker's label: "Tech: KJH / Rad: tke", "DICT: jt
  TRANS: cm", "QA: bnguyen2"; a surname and its initials before a reader's role: "Park S.H. (resident)";
- a surname in capitals and its initial between a report's delimiters: "WET READ -- MCALLISTER R. --";
- initials in brackets after a reader's role, or before one: "read by resident (J.P.D.)", "by jt (res)"; an
  initial and a surname in brackets: "read by cardiology (A. Esplin)";
- a sign-off's initials after a slash at a line's end: "agree with findings. /LTZ";
- a name after an electronic signature's "/s/": "sig: /s/ m. a. de jong";
- a spelling correction: "surname is spelled Arguinchona, not Arguinchana";
- a surname and its initial after a signing verb's "by", whatever word the surname is: "Witnessed by Workman, S.";
- after a role's word in lower case: initials and a surname in lower case ("radiologist a. k. fenstermacher"), a
  capitalised surname a bracket or a colon closes ("(medic Bird)", "per nurse Story:"), a surname after "doc";
- a lower-case name between a name's label and the next label ("pt name tanner brooks stone dob 3 2 71"), and a
  lower-case "last, first" before a credential in brackets ("Ref: hunter, rose (FNP)");
- a Korean name in a row of name, sex and age ("엄순임/F/88"), or after a role and before a copula
  ("담당의는 고은비입니다").

Cost: each pattern runs only when a cheap hint (a credential, a slash, "spel", a bracket) is in the window.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    KOREAN_CLINICAL,
    NAME,
    UNKNOWN,
    WORD,
    is_first_name,
    is_last_name,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import STOP, hangul_name_like
from megacxr.shards.phi_prefilter import gate_patterns

Mask = Callable[[int, int, str], None]

_CREDENTIAL = r"(?:rn|md|np|pa|pa-c|do|lpn|lvn|rt|rrt|crna|cna|aprn|fnp|emt|medic)"
_BEFORE_CREDENTIAL = re.compile(  # "per oxendine rn", "d/w haskins np", "called lowry md"
    r"(?i:\b(?:per|by|d/w|w/|with|called|paged|notified|informed|to)[ \t]+)"
    rf"([A-Za-z][a-z'’-]{{2,}}(?:[ \t]+[A-Za-z][a-z'’-]{{2,}})?)[ \t]*,?[ \t]+(?i:{_CREDENTIAL})\b(?![/-])"
)
_CREDENTIALS = re.compile(rf"(?i:{_CREDENTIAL}|rad|res|tech|na|n/a|tbd|none)")
_CREDENTIAL_BEFORE = re.compile(  # "dw rt swanger after study", "per np haskins", "d/w pa-c becky shook, she ..."
    rf"(?i:\b(?:d/w|dw|per|spoke[ \t]+(?:with|w/)|called|paged|discussed[ \t]+with|by)[ \t]+"
    rf"(?:{_CREDENTIAL}|nurse[ \t]+practitioner|physician[ \t]+assistant|nurse|charge[ \t]+nurse|tech|resident|fellow|"
    r"intern|medic|aide|co|officer|deputy|guard)\.?[ \t]+)"
    r"([A-Za-z][a-z'’-]{2,})(?![\w'’-])(?:[ \t]+([a-z][a-z'’-]{2,})(?=[ \t]*(?:[,.;:)]|$))"
    r"|[ \t]+([a-z][a-z'’-]{2,})(?![\w'’-]))?"  # (a surname no vocabulary knows, whatever follows: "t-boy guidry pt")
)
_SURNAME_INITIALS_ROLE = re.compile(  # "Park S.H. (resident) called", "Okafor J. (fellow)"
    r"(?<![\w'’-])([A-Z][a-z'’-]+[ \t]+(?:[A-Z]\.){1,3})[ \t]*\([ \t]*"
    r"(?i:resident|fellow|attending|intern|rn|np|pa|md|tech|rt|radiologist|res|pgy-?\d)[ \t]*\)"
)
_LABEL_LOGIN = re.compile(  # "Tech: jmartinez   QA: bnguyen2": a login after a reader's or checker's label
    # (any "<done> by:" of a system's audit line: "Scheduled by: ahossain   Performed by: pmendoza2")
    r"(?i:\b(?:tech|qa|qc|rad|user|login|reviewer|[a-z]{3,12}ed[ \t]+by|done[ \t]+by|made[ \t]+by)"
    r"|사용자|작성자|입력자|로그인|아이디"
    # a system's id of a person, any label ending in "ID": "Login ID: kpatel", "NetID: jsmith"
    r"|\b(?:[A-Z]{2,8}|[A-Z][a-z]{1,8}[ \t]?)?ID|(?i:\b(?:net|login|logon|user|staff|network|windows|epic)[ \t]?id))"
    r"[ \t]*[:=][ \t]*"
    r"([a-z][a-z._-]{3,15}\d{0,3})(?=[ \t]{2,}|[ \t]*$|[ \t]*[|/;,])",
    re.M,
)
# a login with its digits after any label ending in "ID", anywhere in a line: "CDSID: dhollin7 ordered the study"
_ID_LABEL_LOGIN = re.compile(
    r"(?:\b(?:[A-Z]{2,8}|[A-Z][a-z]{1,8}[ \t]?)?ID|(?i:\b(?:net|login|logon|user|staff|network|windows|epic)[ \t]?id))"
    r"[ \t]*[:=][ \t]*([a-z][a-z._-]{2,15}\d{1,4})(?![\w.@-])"
)
_INITIAL_SURNAME_PAREN = re.compile(r"\([ \t]*([A-Z]\.[ \t]?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)[ \t]*\)")  # "(A. Esplin)"
_LABEL_INITIALS = re.compile(  # "Tech: KJH / Rad: tke", "DICT: jt   TRANS: cm", "tech: jm | room"
    r"(?i:\b(?:tech|technologist|rad|radiologist|dict|dictated|trans|transcribed|typed|reader|rt|res|resident|"
    r"fellow|sonographer|scribe|transcriptionist|qa|qc|checked|checker|reviewed|verified|techs|rads))"
    r"[ \t]*[:=][ \t]*([A-Za-z]{2,3})"
    r"(?=[ \t]*(?:$|[|/;,]|[ \t]{2,})|[ \t]+[A-Z][a-z])",
    re.M,
)
_CAPS_INITIAL = re.compile(  # "WET READ -- MCALLISTER R. --", "| OYELARAN T. |"
    r"(?:^|--|—|\||:)[ \t]*([A-Z][A-Z'’-]{2,}[ \t]+[A-Z]\.)(?=[ \t]*(?:--|—|\||,|;|$))", re.M
)
_INITIALS_AFTER_ROLE = re.compile(  # "read by resident (J.P.D.)", "fellow (kmt)"
    r"(?i:\b(?:resident|fellow|attending|radiologist|tech|technologist|rn|np|pa|intern|res|scribe)[ \t]*)"
    r"\([ \t]*((?:[A-Za-z]\.?){2,4})[ \t]*\)"
)
_INITIALS_BEFORE_ROLE = re.compile(  # "wet read by jt (res)", "by KMT (PGY-3)"
    r"(?i:\b(?:by|per|from)[ \t]+)((?:[A-Za-z]\.?){2,4})[ \t]*\([ \t]*"
    r"(?i:res|resident|fellow|pgy-?\d|r\d|intern|moonlighter|np|pa)[ \t]*\)"
)
_SLASH_SIGN_OFF = re.compile(  # "... findings. /LTZ" at a line's end or before the next sentence
    r"(?:^|(?<=[.!?])[ \t]+|[ \t]{2,})/([A-Z]{2,4})(?=[ \t]*$|[ \t]+[A-Z][a-z])", re.M
)
_SPELLED = re.compile(  # "surname is spelled Arguinchona, not Arguinchana (as registered)"
    r"(?i:\b(?:sur|last[ \t]+|first[ \t]+|maiden[ \t]+)?name\b[^.\n]{0,30}?\b(?:spel(?:led|t|ling)|written)"
    r"(?:[ \t]+(?:as|is))?)[ \t]*:?[ \t]+([A-Z][\w'’-]+)(?:[ \t]*,?[ \t]+(?i:not|and[ \t]+not)[ \t]+([A-Z][\w'’-]+))?"
)
_HANGUL_ROW = re.compile(  # "엄순임/F/88", "엄순임 / 여 / 88"
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})[ \t]*/[ \t]*(?:F|M|여|남)[ \t]*/[ \t]*\d{1,3}(?!\d)"
)
_HANGUL_ROLE_COPULA = re.compile(  # "담당의는 고은비입니다", "판독의는 곽도현임"
    r"(?:담당의|주치의|판독의|담당자|담당\s?간호사|보호자|의뢰의)(?:는|은)[ \t]+([\uac00-\ud7a3]{2,4}?)"
    r"(?:입니다|이다|임|님|선생님|교수님)(?![\uac00-\ud7a3])"
)


_CHAT_SPEAKER = re.compile(  # "[00:41] Becca: the 92 y/o ...", "16:02 dr_kim: ok": who wrote a chat line
    r"(?:^|\n)[ \t]*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?\]?[ \t]*-?[ \t]*"
    r"([A-Za-z][a-z'’-]+(?:[ \t]+[A-Z]\.?)?)[ \t]*:"
)
_TOLD_GIVEN = re.compile(  # "ok i told amber", "paged kendra re: the tube": a given name after a verb of telling
    r"(?i:\b(?:told|paged|texted|messaged|called|notified|informed|updated|asked|let))[ \t]+([a-z][a-z'’-]{2,})"
    r"(?=[ \t]*(?:$|[.,;:)!?\n]|[ \t]+(?:re|about|that|at|in|and|to|know|the)\b))"
)
_OPENING_NAME = (
    re.compile(  # "hollingsworth called the reading room", "Ka Cha presents with", "friday tinker is a 46 yo"
        r"(?:^|(?<=[.!?\n])[ \t]*)((?:[A-Za-z][a-z'’-]*[ \t]+){0,2}[A-Za-z][a-z'’-]+)[ \t]+"
        r"(?:(called|paged|texted|phoned|says|said|asked|wants|requests|requested)\b"
        r"|presents[ \t]+(?:with|for)\b|presented[ \t]+(?:with|for)\b"
        r"|is[ \t]+an?[ \t]+\d{1,3}[ \t-]*(?:yo\b|y/o|y\.o\.|-?year|-?yr)"
        # "Osceola Fish was brought in by EMS": a name opening the note before what happened to the patient
        r"|was[ \t]+(?:brought[ \t]+in|transferred|transported|found|admitted|seen|evaluated|intubated))"
    )
)
_NOT_A_SUBJECT = frozenset(
    "patient pt the this he she they male female man woman boy girl child infant toddler baby gentleman lady "
    "veteran resident today now family mother father son daughter wife husband nurse doctor radiology nursing "
    "pharmacy someone everyone who which that ed er icu clinic team floor unit".split()
)
_LABEL_INITIAL_SURNAME = re.compile(  # "REVIEWED: T. SMART", "attending - j. okoro": a role's label, initial, surname
    r"(?i:\b(?:reviewed|verified|checked|approved|attending|resident|fellow|tech|technologist|radiologist|reader|"
    r"signed|read[ \t]+by|qa|qc)[ \t]*[:=-][ \t]*)([A-Za-z]\.[ \t]*[A-Za-z][A-Za-z'’-]{2,})(?![\w'’-])"
)
_LABEL_GIVEN_INITIAL = re.compile(  # "resident: becca s.": a lower-case given name and its initial after a role
    r"(?i:\b(?:resident|attending|fellow|tech|technologist|radiologist|reader|nurse|rn|np|pa|intern)[ \t]*[:=-][ \t]*)"
    r"([a-z][a-z'’-]{2,}[ \t]+[a-z]\.)"
)
_POSSESSIVE_RECORD = re.compile(  # "Ada Troyer-Miller's prior films", "Nguyen Van Hung's line supervisor"
    r"(?<![\w'’-])((?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+){1,2}[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)['’]s[ \t]+"
    r"(?:prior|previous|old|outside|recent|"
    r"films?|images?|stud(?:y|ies)|chart|records?|results?|exam|x-?rays?|cxr|ct|mri|insurance|appointment|"
    r"employer|supervisor|line[ \t]+supervisor|boss|foreman|case|file|account|room|bed)\b"
)
_NOT_AFTER_ROLE = frozenset(
    "per order orders request protocol policy phone report verbal at in on for to and or".split()
)
# cheap gates before the patterns below (each scans the whole window otherwise)
_SIGN_OFF_KEYS = ("thx", "thanks", "thank you", "tks", "regards", "cheers", ". -", ". —", ". –")
_TY = re.compile(r"\bty\b")
# a surname and its initials after a signing verb's "by", whatever word the surname is: "Witnessed by Workman, S.",
# "Signed by Duty, R. Wayne", "verified by: COOK, R.T." (the comma and the initial's full stop make the position)
_BY_SURNAME_INITIAL = re.compile(
    r"(?i:\b(?:signed|witnessed|verified|performed|read|dictated|transcribed|reviewed|approved|attested|entered|"
    r"completed|obtained|acquired|interpreted|prepared|checked|confirmed|co-?signed|countersigned|counter-signed|"
    r"released|scanned|positioned|taken|done|given|administered|consented)[ \t]+by)[ \t]*:?[ \t]+"
    r"((?:[A-Z][a-z'’]+|[A-Z]{2,}|_{2,})(?:-(?:[A-Z][a-z'’]+|[A-Z]{2,}))?,"
    r"[ \t]*(?:[A-Z]\.(?:[ \t]?[A-Z]\.)?|_{2,}(?![\w'’-]))"
    r")([ \t]+[A-Z][a-z'’]+(?![\w'’-]))?"  # ("R. Wayne": a given name after the initial, when no sentence opens)
)
_BY_KEYS = (" by ", " by:", " BY ")
_READ_KEYS = ("read", "review", "prelim", "addend")
_LOWER_TITLE_KEYS = ("mr.", "mrs.", "ms.", "dr.", "miss.")
_INITIAL_AFTER_LABEL = re.compile(r"[:=-][ \t]*[A-Za-z](?:\.|[a-z]{2,}[ \t]+[a-z]\.)")
_TOLD_KEYS = ("told", "paged", "texted", "messaged", "called", "notified", "informed", "updated", "asked", "let ")
_OPENING_KEYS = (
    "called",
    "paged",
    "texted",
    "phoned",
    "says",
    "said",
    "asked",
    "wants",
    "request",
    "presents",
    "presented",
    " is a",
    " is an",
    " was ",
)
_MORE_INITIALS = re.compile(r"[ \t]*[/&,][ \t]*([A-Z]{2,3})(?![\w'’-])")
_TYPIST_PAIR = re.compile(  # "jjr/mfb  d: 0812  t: 0840": the dictator's and the typist's initials before the times
    r"(?:^|\n)[ \t]*([A-Za-z]{2,4})/([A-Za-z]{2,4})(?=[ \t]+(?i:d|t|dd|dt|doc|job)[ \t]*[:#])"
)
_READ_PAREN = re.compile(  # "Wet read (Ortega)", "Final read (Schultz):": the reader in brackets after the read
    r"(?i:\b(?:read|reads|overread|over-read|prelim(?:inary)?|addendum|review(?:ed)?))[ \t]*\([ \t]*"
    r"([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)[ \t]*\)"
)
_LOWER_TITLE = re.compile(  # "spouse (mr. t. j. aucoin)", "dr. r. okafor": a lower-case title, initials, a surname
    r"(?<![\w'’-])(?:mr|mrs|ms|dr|miss)\.[ \t]*((?:[a-z]\.[ \t]*){1,3}[a-z][a-z'’-]{2,})(?![\w'’-])"
)
# a role's word in lower case, then initials in lower case and a surname: "reviewed by radiologist a. k.
# fenstermacher", or "doc" and a lower-case surname: "her pcp is doc hanneman"
_ROLE_LOWER_INITIALS = re.compile(
    r"(?<![\w'’-])(?:radiologist|resident|fellow|attending|physician|surgeon|nurse|tech|technologist|medic|"
    r"paramedic|emt|therapist|pcp)[ \t]+((?:[a-z]\.[ \t]*){1,3}[a-z][a-z'’-]{2,})(?![\w'’-])"
    r"|(?<![\w'’-])doc[ \t]+([a-z][a-z'’-]{3,})(?![\w'’-])"
)
# a role's word in lower case before a capitalised surname that a bracket, a colon or a comma closes: "(medic
# Bird)", "per nurse Story:" (the capital in running lower case is the name's, whatever word it is)
_ROLE_CAPITAL_SURNAME = re.compile(
    r"(?<![\w'’-])(?:medic|paramedic|nurse|tech|technologist|emt|deputy|officer|trooper|chaplain|interpreter|"
    r"driver|aide|sitter|ranger)[ \t]+([A-Z][a-z'’]{2,})(?=[ \t]*[):,;])"
)
# a lower-case name between a name's label and the next label: "pt name tanner brooks stone dob 3 2 71"; a
# lower-case "last, first" before a credential in brackets: "Ref: hunter, rose (FNP)"
_LABELLED_LOWER_NAME = re.compile(
    r"(?i:\b(?:pt|patient)[ \t]+name)[ \t]*:?[ \t]+((?:[a-z_][a-z_'’-]+[ \t]+){1,3}[a-z_][a-z_'’-]+)"
    r"(?=[ \t]+(?i:dob|d\.o\.b\.?|mrn|sex|age|dos|acct|ssn)\b)"
    r"|\b([a-z][a-z'’-]{2,},[ \t]*[a-z][a-z'’-]{2,})[ \t]*\((?i:fnp|np|md|do|pa-c|pa|rn|dnp|crnp|aprn|lpn)\)"
)
_NOT_SURNAMES = frozenset(
    "practitioner manager supervisor navigator educator coordinator specialist station triage desk line call note "
    "notes report reports aide assistant student in on".split()
)
_LOWER_SIGN_OFF = re.compile(  # "... can stand. thx, r. mobley": a lower-case sign-off ends a note
    r"(?:(?i:\b(?:thx|thanks|thank[ \t]+you|ty|tks|regards|cheers))[ \t]*[,.-]?[ \t]+"
    r"|(?<=[.!?])[ \t]+(?:--?|—|–)[ \t]*)"
    r"((?:[a-z]\.[ \t]*|[a-z]{2}[ \t]+)?[a-z][a-z'’-]{2,})[ \t]*\.?[ \t]*$",  # "... moved. — jh lee"
    re.M,
)
_POSSESSIVE_KIN = re.compile(  # "Yousif Kallabat's wife", "Mrs. Ortega's daughter": a person whose kin is named
    r"(?<![\w'’-])((?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+){0,2}[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)['’]s[ \t]+"
    r"(?:wife|husband|son|daughter|mother|father|"
    r"mom|dad|sister|brother|niece|nephew|grandson|granddaughter|grandmother|grandfather|partner|fianc[eé]e?|"
    r"caregiver|guardian|aunt|uncle|cousin|widow)\b"
)


# an electronic signature's name after "/s/", to the line's end, a comma or a bracket: "sig: /s/ m. a. de jong"
_ELECTRONIC_SIGNATURE = re.compile(
    r"(?i:/s/)[ \t]*((?:[A-Za-z][A-Za-z'’.-]*)(?:[ \t]+[A-Za-z][A-Za-z'’.-]*){0,4})(?=[ \t]*(?:$|[,(\n;]))", re.M
)


def _a_name_word(word: str) -> bool:
    """A word a name's position may hold: no common English word, no report word, no function word."""
    return word.lower() not in STOP and word_class(word) != CLINICAL and zipf(word) < 3.5


def byline_names(text: str, mask: Mask) -> None:
    """Mask the names of the module docstring's positions in ``text``."""
    low = text.lower()
    if "/s/" in low:
        for m in _ELECTRONIC_SIGNATURE.finditer(text):
            words = [w.strip(".") for w in m.group(1).split() if len(w.strip(".")) > 1]
            if words and not all(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                mask(m.start(1), m.end(1), "name")  # "/s/ m. a. de jong": whoever signed, whatever the words
    if any(
        f" {c}" in low
        for c in ("rn", "md", "np", "pa", "do", "lpn", "rt", "crna", "cna", "emt", "medic", "nurse", "tech", "res")
    ):
        for m in _BEFORE_CREDENTIAL.finditer(text):
            words = m.group(1).split()
            listed = (  # "given to Dawn Staples, NP": a listed given name and a surname that is also a word
                len(words) == 2
                and is_first_name(words[0].lower())
                and words[1].lower() not in STOP
                and (word_class(words[1]) != CLINICAL or words[0][0].isupper() and words[1][0].isupper())
            )  # (in capitals a surname may be a report word too: "Dawn Staples, NP")
            if listed or all(_a_name_word(w) for w in words):
                mask(m.start(1), m.end(1), "name")
        for m in _CREDENTIAL_BEFORE.finditer(text):
            if m.group(1).lower() in _NOT_AFTER_ROLE:
                continue  # "given by RN per order": the role's sentence goes on
            if _a_name_word(m.group(1)) or is_first_name(m.group(1).lower()):
                mask(m.start(1), m.end(1), "name")
                last = m.group(2)
                if last and is_first_name(m.group(1).lower()) and last not in STOP and word_class(last) != CLINICAL:
                    mask(m.start(2), m.end(2), "name")  # "becky shook": a surname that is also a word
                elif m.group(3) and (
                    word_class(m.group(3)) == UNKNOWN
                    and zipf(m.group(3)) < 2.5
                    or word_class(m.group(3)) in (NAME, AMBIGUOUS)
                    and zipf(m.group(3)) < 4.0
                    and m.group(3) not in STOP
                ):
                    mask(m.start(3), m.end(3), "name")  # "per nurse t-boy guidry pt ...": a surname no list knows
    if ":" in text or "=" in text:
        for m in _LABEL_INITIALS.finditer(text):
            letters = m.group(1)
            if _CREDENTIALS.fullmatch(letters) or letters.lower() in STOP or word_class(letters) == CLINICAL:
                continue  # "Tech: RT": a role, not a person
            if zipf(letters) < 4.0:
                mask(m.start(1), m.end(1), "name")
                more = _MORE_INITIALS.match(text, m.end(1))  # "Techs: MB / KL": the second tech's initials
                if more and not _CREDENTIALS.fullmatch(more.group(1)) and word_class(more.group(1)) != CLINICAL:
                    mask(more.start(1), more.end(1), "name")
    if "." in text:
        for m in _CAPS_INITIAL.finditer(text):
            if _a_name_word(m.group(1).split()[0].title()):
                mask(m.start(1), m.end(1), "name")
    if ":" in text or "=" in text:
        for m in _LABEL_LOGIN.finditer(text):
            login = m.group(1)
            letters = login.rstrip("0123456789")
            if (login != letters or zipf(letters) < 2.5) and word_class(letters) != CLINICAL:
                mask(m.start(1), m.end(1), "name")
        for m in _ID_LABEL_LOGIN.finditer(text) if "ID" in text or "id" in text else ():
            mask(m.start(1), m.end(1), "name")
    if "(" in text:
        for m in _SURNAME_INITIALS_ROLE.finditer(text):
            surname = m.group(1).split()[0]
            if surname.lower() not in STOP and word_class(surname) != CLINICAL:  # a surname's shape and a role
                mask(m.start(1), m.end(1), "name")
        for m in _INITIAL_SURNAME_PAREN.finditer(text):  # "read by cardiology (A. Esplin)"
            if word_class(m.group(1).split(".")[-1].strip()) != CLINICAL:
                mask(m.start(1), m.end(1), "name")
        for pattern in (_INITIALS_AFTER_ROLE, _INITIALS_BEFORE_ROLE):
            for m in pattern.finditer(text):
                letters = m.group(1).replace(".", "")
                if letters.lower() not in STOP and word_class(letters) != CLINICAL and zipf(letters) < 4.0:
                    mask(m.start(1), m.end(1), "name")
    if "/" in text:
        for m in _SLASH_SIGN_OFF.finditer(text):
            if word_class(m.group(1)) != CLINICAL:
                mask(m.start(1), m.end(1), "name")
        for m in _HANGUL_ROW.finditer(text):
            if hangul_name_like(m.group(1), strict=False):
                mask(m.start(1), m.end(1), "name")
    if any(k in low for k in _SIGN_OFF_KEYS) or _TY.search(low):
        for m in _LOWER_SIGN_OFF.finditer(text):
            last = m.group(1).split(".")[-1].strip()
            if last not in STOP and word_class(last) != CLINICAL and (zipf(last) < 4.0 or "." in m.group(1)):
                mask(m.start(1), m.end(1), "name")
    for m in _TYPIST_PAIR.finditer(text) if "/" in text else ():
        for g in (1, 2):
            if word_class(m.group(g)) != CLINICAL and m.group(g).lower() not in STOP:
                mask(m.start(g), m.end(g), "name")
    for m in _READ_PAREN.finditer(text) if "(" in text and any(k in low for k in _READ_KEYS) else ():
        if word_class(m.group(1)) != CLINICAL and m.group(1).lower() not in STOP:
            mask(m.start(1), m.end(1), "name")
    for m in _ROLE_LOWER_INITIALS.finditer(text) if "doc " in text or ". " in text else ():
        g = 1 if m.group(1) else 2
        last = m.group(g).split(".")[-1].strip()
        if last not in STOP and word_class(last) != CLINICAL and zipf(last) < 4.0:
            mask(m.start(g), m.end(g), "name")  # "radiologist a. k. fenstermacher", "doc hanneman"
    for m in _LABELLED_LOWER_NAME.finditer(text) if "name" in text.lower() or "(" in text else ():
        g = 1 if m.group(1) else 2
        words = re.split(r"[ \t,]+", m.group(g))
        if not any(word_class(w) == CLINICAL or w in STOP for w in words):
            mask(m.start(g), m.end(g), "name")  # "pt name tanner brooks stone dob", "hunter, rose (FNP)"
    for m in _ROLE_CAPITAL_SURNAME.finditer(text):
        word = m.group(1)
        if word.lower() not in _NOT_SURNAMES and word.lower() not in STOP and word_class(word) != CLINICAL:
            mask(m.start(1), m.end(1), "name")  # "(medic Bird)": a role, then its person's surname
    for m in _LOWER_TITLE.finditer(text) if any(k in text for k in _LOWER_TITLE_KEYS) else ():
        last = m.group(1).split(".")[-1].strip()
        if last not in STOP and word_class(last) != CLINICAL and zipf(last) < 4.5:
            mask(m.start(1), m.end(1), "name")
    if ":" in text:
        for m in _CHAT_SPEAKER.finditer(text):
            word = m.group(1).split()[0]
            if (
                word.lower() not in STOP
                and word_class(word) != CLINICAL
                and (is_first_name(word.lower()) or zipf(word) < 3.5)
            ):
                mask(m.start(1), m.end(1), "name")
        for pattern in (_LABEL_INITIAL_SURNAME, _LABEL_GIVEN_INITIAL) if _INITIAL_AFTER_LABEL.search(text) else ():
            for m in pattern.finditer(text):
                word = re.split(r"[ \t.]+", m.group(1).strip("."))
                last = [w for w in word if len(w) > 1]
                if last and all(w.lower() not in STOP and word_class(w) != CLINICAL for w in last):
                    mask(m.start(1), m.end(1), "name")
    for m in _TOLD_GIVEN.finditer(text) if any(k in low for k in _TOLD_KEYS) else ():
        word = m.group(1)
        if word not in STOP and is_first_name(word) and word_class(word) != CLINICAL and zipf(word) < 4.6:
            mask(m.start(1), m.end(1), "name")
    for m in _OPENING_NAME.finditer(text) if any(k in low for k in _OPENING_KEYS) else ():
        words = m.group(1).split()
        if any(w.lower() in STOP or w.lower() in _NOT_A_SUBJECT or word_class(w) == CLINICAL for w in words):
            continue
        if m.group(2):  # "hollingsworth called": one word before a verb of calling must be a listed name
            last = words[-1]
            listed = is_first_name(last.lower()) or is_last_name(last.lower())
            rare = len(words) == 1 and word_class(last) == UNKNOWN and zipf(last) < 3.0
            rare = rare or len(words) == 2 and word_class(last) == UNKNOWN and zipf(last) < 3.0
            if len(words) > 2 or not (listed or rare) or len(words) == 2 and not is_first_name(words[0].lower()):
                continue  # "hollingsworth called", "barbara raber says" (not "Night radiographers asked")
        if all(word_class(w) in (WORD, AMBIGUOUS) and zipf(w) >= 4.0 for w in words) and not (
            m.group(2) and is_first_name(words[-1].lower())
        ):
            continue  # "Everyone presents", "Case presented": common words (but "Faith called": a given name)
        mask(m.start(1), m.end(1), "name")
    if "'s " in text or "’s " in text:
        for m in _POSSESSIVE_RECORD.finditer(text):
            words = m.group(1).split()
            if any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                continue
            if any(is_first_name(w.lower()) or word_class(w) in (NAME, UNKNOWN) for w in words):
                mask(m.start(1), m.end(1), "name")
        for m in _POSSESSIVE_KIN.finditer(text):
            words = m.group(1).split()
            if any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                continue  # "The patient's wife": no name
            if all(is_first_name(w.lower()) or _a_name_word(w) for w in words):
                mask(m.start(1), m.end(1), "name")
    for m in _BY_SURNAME_INITIAL.finditer(text) if ", " in text and any(k in text for k in _BY_KEYS) else ():
        surname, initials = m.group(1).split(",", 1)
        if _CREDENTIALS.fullmatch(re.sub(r"[\s.]", "", initials)):
            continue  # "Read by ___, M.D.": a credential after a masked name, no initial
        if all(p.lower() not in STOP and word_class(p) != CLINICAL for p in surname.split("-")):
            given = m.group(2)
            given = given is not None and is_first_name(given.strip().lower()) and given.strip().lower() not in STOP
            mask(m.start(1), m.end(2) if given else m.end(1), "name")
    if "spel" in low or "written" in low:
        for m in _SPELLED.finditer(text):
            for g in (1, 2):
                if m.group(g) and m.group(g).lower() not in STOP and word_class(m.group(g)) != CLINICAL:
                    mask(m.start(g), m.end(g), "name")
    for m in _HANGUL_ROLE_COPULA.finditer(text) if "는" in text or "은" in text else ():
        if m.group(1) not in KOREAN_CLINICAL and hangul_name_like(m.group(1), strict=False):
            mask(m.start(1), m.end(1), "name")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
