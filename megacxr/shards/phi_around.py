"""The PHI screen's last passes: parts of an identifier that stand around one already masked, and identifiers
named by a label that says what they are.

Like ``phi_context`` these read the window's text as the earlier passes left it (masked spans are runs of ``_``;
``ends`` maps the end of each masked span to its kind):

* ``nickname_names``: a nickname in quotes or parentheses between a given name and a surname ("Tyrone 'Boo'
  Batiste", "Dolores (Dee) Marchetti", "Dr. ___ (Isaac) Rosenzweig"): the nickname and the surname go too.
* ``credential_names``: the surname before a masked given name and a credential ("Guillory, ___, MD"), and the
  given name after a masked surname and its credential ("___ MD, APRIL": a sign-off written LAST MD, FIRST).
* ``labelled_names``: initials after an "initials" label ("Technologist initials: DLT / RRB", "LMcG"), and a
  name after a name label written in prose ("preferred name Sasha", "legal name ...", "maiden name ...").
* ``date_stamps``: the time of a date stamp after a masked date (", 14:05 CST", " at 2:10 a.m.", " 0741",
  " (목) 14:22"), a year written in words after one ("___ two thousand twenty four", "___, twenty twenty-five"),
  and a year after a masked holiday ("Erev ___ 2024").
* ``places_around``: a town after a masked institution ("___ in Inwood"), the town of a campus ("___ - Mobile
  campus"), the number of a masked place's building or school ("P.S. ___ 214"), and a named works written in lower
  case ("the Bayonne shipyard", "the Quequechan textile mill").

Nothing here returns or logs the text's words.
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
    word_class,
    zipf,
)
from megacxr.shards.phi_names import (
    STOP,
    acronym,
    common_korean_word,
    eponym_after,
    foreign_hangul_token,
    korean_word_start,
)
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_spans import masked_runs

_HANGUL_CHAR = re.compile("[\uac00-\ud7a3]")  # (one C scan; a generator over the characters is far slower)

Mask = Callable[[int, int, str], None]

_NAME_WORD = r"[A-Z][a-z'’-]+"
_ANY_NAME_WORD = r"[A-Z][A-Za-z'’-]+"  # Title Case or capitals: 'BOBBY "TANK" KRUEGER'
_NICKNAME = re.compile(  # "Tyrone 'Boo' Batiste", "Dolores (Dee) Marchetti", 'Dawit ("Dave") Gebremedhin'
    rf"(?<![\w'’-])({_ANY_NAME_WORD}|_+)[ \t]+((?:\(['\"]|['\"(])[A-Z][A-Za-z-]{{1,12}}(?:[ \t][A-Z][A-Za-z]{{1,12}})?"
    r"(?:['\"]\)|['\")]))[ \t]+"
    rf"({_ANY_NAME_WORD}(?:[ \t]{_ANY_NAME_WORD})?|_+)(?![\w'’-])"  # (one space: a run of them is a form's column)
)
_CREDENTIAL = r"(?:MD|M\.D\.|DO|D\.O\.|RN|NP|PA-C|PA|PhD|MBBS|FRCR|FRCPC|DNP|CRNA|RT|RRT)"
_LAST_BEFORE_MASK = re.compile(rf"(?<![\w'’-])({_NAME_WORD}|[A-Z]{{2,}}),[ \t]*(?=_+,?[ \t]*{_CREDENTIAL}\b)")
_LAST_AFTER_MASK = re.compile(rf"(?<=_)[ \t]+({_NAME_WORD}),?[ \t]*(?={_CREDENTIAL}\b)")  # "___ Call, MD"
_BY_INITIALS = re.compile(  # "Transcribed by dlc", "typed by: JRM": a typist's initials after "by", no colon needed
    r"(?i:\b(?:transcribed|typed|dictated|entered|keyed)[ \t]+by)[ \t]*:?[ \t]*([A-Za-z]{2,4})(?![\w'’-])"
    # "Preliminary interpretation by JKW (resident)": a reader's initials, in capitals
    r"|(?i:\b(?:interpretation|interpreted|read|reviewed|over-?read|prelim(?:inary)?|final(?:ized)?|signed|verified)"
    r"[ \t]+by)[ \t]*:?[ \t]*([A-Z]{2,4})(?=[ \t]*(?:[(,.;)/]|$))"
)
_SIGN_CUE = re.compile(  # a sign verb just before: "signed", "read by", "Second read:", "co-signed"
    r"(?i:\b(?:signed|read|dictated|reviewed|interpreted|approved|verified|attested|confirmed|finalized|"
    r"authenticated)(?:[ \t]+by)?)[ \t]*:?[ \t]*$"
)
# the shapes are found first (a capital and a full stop, or a word and a lone capital: rare) and the cue looked for
# just before them: "signed A. Begaye", "read by J. Yazzie"; "Read by Stathakis G | Verified Karras E"
_SIGNED_INITIAL = re.compile(r"(?<![\w.])([A-Z]\.[ \t]*[A-Z][a-z'’-]+)")
_SIGNED_SURNAME_INITIAL = re.compile(r"(?<![\w'’-])([A-Z][A-Za-z'’-]{1,}[ \t]+[A-Z])(?=[ \t]*(?:[|/;,)]|$))", re.M)
_CELL_NAME = re.compile(  # ',"ARRIZABALAGA J"', '|OSTROWSKI K|': a surname and an initial filling a cell
    r"(?:^|(?<=[\"|,\t]))[ \t]*([A-Z][A-Z'’-]{3,}[ \t]+[A-Z]\.?)[ \t]*(?=[\"|,\t]|$)",
    re.M,
)
_PARTICLE_BEFORE = re.compile(  # "de la ___", "van der ___": a surname's particle before the masked surname
    r"(?<![\w'’-])((?i:de|del|de[ \t]+la|de[ \t]+los|van|von|van[ \t]+der|van[ \t]+den|da|di|du|le|la|dos|das|bin|ibn|"
    r"al|el|ter|ten|sta\.|sto\.))[ \t]+(?=_)"  # "STA. ___": Santa or Santo in a Filipino surname (Sta. Maria)
)
_GIVEN_AT_LINE_END = re.compile(r"(?<=_),[ \t]*([A-Z][a-z'’-]+)(?=[ \t]*(?:$|[;|]))", re.M)  # "RESIDENT: ___, Per"
# "Reading radiologist: HWANGBO, RA": the given name in capitals ending a person's field after the masked surname
_CAPS_GIVEN_AT_LINE_END = re.compile(r"(?<=_),[ \t]*([A-Z]{2,10}(?:[ -][A-Z]{2,10})?)(?=[ \t]*$)", re.M)
_PERSON_LABEL = re.compile(
    r"(?:^|\n)[ \t]*(?i:[a-z .'/-]{0,30}\b(?:name|patient|radiologist|physician|attending|resident|fellow|reader|"
    r"provider|technologist|tech|interpreter|signed(?:[ \t]+by)?|by|referring|ordering|doctor|dr))[ \t]*:[ \t]*_+$"
)
_NOT_GIVEN = re.compile(  # a credential or a state after a name, not its given name ("___, MD", "___, PA")
    rf"{_CREDENTIAL}|JR|SR|II|III|IV|MPH|MBA|FACR|FACP|FCCP|DABR|RPA|RRA|"
    r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|"
    r"OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
_BEFORE_PREFERRED = re.compile(  # "identifies as Gaagige (preferred name; ...)": the name a patient goes by
    r"(?<![\w'’-])([A-Z][a-z'’-]+)[ \t]*\((?i:preferred|chosen|nick)[ \t]*name"
)
# "환자 바트볼드 간바타르", "보호자(딸): 무함마드 누르", "Patient name (Hangul): 누르란 ..."
_HANGUL_NAME_LABEL = re.compile(
    r"(?:환자명|환자|보호자(?:\([\uac00-\ud7a3]{1,4}\))?|성명|이름|"
    r"(?i:patient[ \t]+name|name)(?:[ \t]*\([^)\n]{1,12}\))?)"
    # (the label's word ends there: "환자이나 정상" is the word and its ending, no name after a label)
    r"(?![\uac00-\ud7a3])[ \t]*[:：]?[ \t]*([\uac00-\ud7a3]{2,6}(?:[ \t][\uac00-\ud7a3]{1,6}){1,3})"
)
_HANGUL_AFTER_NAME = re.compile(r"(?<=_)[ \t]+([\uac00-\ud7a3]{2,6})(?![\uac00-\ud7a3])")  # "___ 옐레나"
_HANGUL_ROLE_BEFORE = re.compile(
    r"(?:통역사|통역|보호자|환자|간호사|의사|교수|코디네이터|직원|근로자|선생님|교관|교환교관|선교사|강사)[ \t]+$"
)
_HANGUL_BEFORE_NAME = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,6})[ \t]+$")  # "라일라 ___"
# initials alone after a dictation's "D:" or a transcription's "T:" label, before the line's end or the next label
_DICTATION_INITIALS = re.compile(
    r"(?:^|(?<=[ \t]))[DT][ \t]*:[ \t]*([a-z]{2,4}|[A-Z]{2,4})(?=[ \t]*$|[ \t]{2,}|[ \t]+[A-Z]{1,3}[ \t]*:)", re.M
)
_INITIALS_PAIR = re.compile(r"(?<![\w/])([a-z]{2,4})/([a-z]{2,4})(?![\w/])")  # "mrp/dk": reader and typist
_DIGITS_THEN_INITIALS = re.compile(r"(?<=\d)/([a-z]{2,4})(?![\w/])")  # "T: 2211/lmp": the typist after the time
_STARRED = re.compile(r"(?<![\w*])[A-Za-z]{1,4}\*{2,}[A-Za-z]{0,8}(?![\w*])")  # "Jo*** Ka******ski": a half-masked name
_NAME_LINE_TAIL = re.compile(  # "Patient Name: ___ See": what is left of the line after a masked name in a name field
    r"^[ \t]*(?i:(?:patient[ \t]*)?name)[ \t]*:[^\n]*?_[ \t]+([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)[ \t]*$",
    re.M,
)
_PATIENT_FIRST_LAST = re.compile(  # "Patient Sarah Miller-Lehman (Amish ...)": a listed first name and a surname
    r"\b(?:Patient|Pt\.?|patient|pt\.?)[ \t]+([A-Z][a-z'’-]+)[ \t]+([A-Z][A-Za-z'’-]+)(?![\w'’-])"
)
_HANGUL_BEFORE_HONORIFIC = re.compile(  # "통역사 최나탈리아 선생님": a long foreign given name after a Korean surname
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{5,7})[ \t]*(?:선생님|님|씨|교수님|여사님?)"
    r"(?:과|와|께서|께|이|가|은|는|을|를|의)?(?![\uac00-\ud7a3])"
)
_FIRST_AFTER_CREDENTIAL = re.compile(rf"(?<=_)[ \t]+{_CREDENTIAL},[ \t]*([A-Z][A-Za-z'’-]+)(?![\w'’-])")
_INITIALS_LABEL = re.compile(
    r"(?i:\binitials?\b)[ \t]*[:=-]?[ \t]*"
    r"((?:[A-Z][A-Za-z]{1,4}|_+)(?:[ \t]*(?:/|,|&|and)[ \t]*(?:[A-Z][A-Za-z]{1,4}|_+)){0,3})(?![\w'’-])"
)
_INITIALS = re.compile(r"[A-Z][A-Za-z]{1,4}")
_HANGUL_BEFORE_MASKED = re.compile(  # "응우옌 티 호아(___)": the Hangul writing of a name masked in Latin letters
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,5}(?:[ \t][\uac00-\ud7a3]{1,5}){0,3})[ \t]*\((?=_+[ \t]*\))"
)
_CAPS_LAST_INITIAL = re.compile(r"(?<![\w'’-])([A-Z][A-Z'’-]{2,}),[ \t]*[A-Z]\.(?![\w.])")  # "LEVY, R."
_NAME_LABEL_PROSE = re.compile(  # "preferred name Sasha", "(legal name Aleksandra ...)", "maiden name is Doyle"
    r"(?i:\b((?:preferred|legal|maiden|birth|former|married|nick|given|family|chosen)[ \t]+)?name(?:[ \t]+is)?)"
    rf"[ \t]*:?[ \t]*({_ANY_NAME_WORD}(?:[ \t]+(?:{_ANY_NAME_WORD}|_+)){{0,2}})"  # capitals too: "maiden name PINCKNEY"
)

_TIME = (
    # "11:58P" (a fax header's meridiem), "14:03:55.217" (an export's milliseconds)
    r"(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:[ \t]*(?:[AaPp]\.?[Mm]\.?)|[AaPp](?![A-Za-z]))?"
    r"|(?:[01]\d|2[0-3])[0-5]\d(?:[ \t]*(?:h|hrs|hours))?)"
    r"(?:[ \t]*(?:EDT|EST|CDT|CST|MDT|MST|PDT|PST|AKST|HST|UTC|GMT|KST|Z))?"
)
# a given name opening a sentence before a person's verb in the past ("Kevin brought the films", "Dolores called
# back"; a present form is a noun's too: "Prior reports: none")
_GIVEN_SUBJECT = re.compile(  # (the sentence's start is checked after a match: a lookbehind at every position is slow)
    r"\b([A-Z][a-z'’]+)[ \t]+(?:brought|called|phoned|said|"
    r"reported|stated|declined|refused|arrived|came|asked|requested|agreed|wanted|denied|"
    r"confirmed|consented|returned|dropped|picked|translated|interpreted|accompanied|helped|assisted)\b"
)
# a name opening a sentence in a person's frame: "<name> from transport states", "<name> and the patient were told"
# (any name, one no list knows too: the frame says it is a person)
_PERSON_FRAME_SUBJECT = re.compile(
    r"\b([A-Z][a-z'’]+)[ \t]+(?:from[ \t]+(?:the[ \t]+)?[a-z]+(?:[ \t]+[a-z]+)?[ \t]+"
    r"(?:states|stated|says|said|reports|reported|called|notes|noted|confirms|confirmed)"
    r"|and[ \t]+the[ \t]+patient[ \t]+(?:were|are|have|had|both|agreed|asked|left|returned))\b"
)
# an initial and a surname in lower case opening a line or a sentence before a person's verb in the past
# ("h. dahal transported patient", "r. okafor called"): a staff member's note
_LOWER_INITIAL_SUBJECT = re.compile(
    r"(?:^|(?<=[.;!?\n])[ \t]*|(?<=^[ \t]))([a-z]\.[ \t]?[a-z][a-z'’-]{2,})[ \t]+(?:transported|brought|called|phoned|"
    r"wheeled|escorted|took|performed|obtained|repeated|notified|paged|reported|stated|said|assisted|helped)\b",
    re.M,
)
# a person's name before a comma and a role: "Bopha Lim, Khmer-speaking unit clerk, assisted"
_NAME_COMMA_ROLE = re.compile(
    r"\b([A-Z][a-z'’-]+[ \t]+[A-Z][a-z'’-]+),[ \t]+(?:the[ \t]+|our[ \t]+|a[ \t]+)?"
    r"(?:[A-Za-z-]+[ \t]+){0,3}(?:clerk|nurse|interpreter|tech|technologist|aide|assistant|coordinator|navigator|"
    r"volunteer|chaplain|manager|supervisor|scribe|transporter|sonographer|therapist|RN|LPN|CNA|MA)\b"
)
_PAREN_GIVEN = re.compile(  # "(Brenda at the front desk)": a given name opening a note in parentheses
    r"\(([A-Z][a-z]{2,})[ \t]+(?:at|from|in|on|with|of|our|who|says|said|reports?|called|the|per|via)\b"
)
_LOGIN_HINT = re.compile(r"printed|export|accessed|viewed|download|logged|user|login|logon|handle|chat")
_LOGIN = re.compile(  # "Printed by: ndefoe", "user=jsmith2": a login names its user
    r"(?i:\b(?:printed|exported|accessed|viewed|downloaded|logged[ \t]+in)[ \t]+(?:by|as)(?:[ \t]+user)?"
    r"|\buser(?:[ \t]*(?:name|id))?"
    # ("portal login on file: dbqgrandma1933", "Secure chat handle: cdozier3")
    r"|\blog[io]n(?:[ \t]+on[ \t]+file)?|\b(?:chat|messenger|app)[ \t]+(?:handle|name|id))"
    r"[ \t]*[:=]?[ \t]*([a-z][a-z0-9._-]{3,30})(?![\w.@-])"
)
_LOGIN_WITH_DIGITS = re.compile(r"[a-z]{3,}[._-]?\d{1,4}")
# an account's handle told later in its sentence: "new account made by daughter as mattie.g58", "her profile is
# grandma_lou77" (a handle's shape: a full stop or an underscore inside, or digits at its end)
_ACCOUNT_HANDLE = re.compile(
    r"(?i:\b(?:account|profile|username|handle|screen[ \t]?name)\b)[^\n;:.]{0,40}?"
    r"\b(?:as|is|was|named|called)[ \t]+([a-z][a-z0-9]{1,20}(?:[._][a-z0-9]{1,20})*\d{0,4})(?![\w@-]|\.\w)"
)
_HANDLE_SHAPE = re.compile(r"[a-z0-9]+[._][a-z0-9._]+|[a-z]+\d{1,4}")
_PART_OF_DAY_AFTER = re.compile(r"[ \t]+(?:weekend|eve|morning|night|evening|afternoon)\b")  # "___ weekend"
_MERIDIEM = re.compile(r"[ \t]*(?i:[ap]\.?m\b\.?)")
_TIME_BEFORE_DATE = re.compile(rf"(?i:\bat[ \t]+)?({_TIME})[ \t]+(?i:on)[ \t]+$")  # "at 11:05 on ___"
_STAMP_TIME = re.compile(  # ", 14:05 CST", " at 2:10 a.m.", " 0741", " (목) 14:22", " @ 0915", " / 0742"
    rf"(?<=_)(?:[ \t]*,|[ \t]*\([^\n()]{{1,6}}\))?[ \t]*(?:(?i:at|@|-|/|time[ \t]*[:=]|tm[ \t]*[:=])[ \t]*)?"
    rf"({_TIME})(?![\w/]|[:.]\d)"  # ("Date: ___   Time: 16:40": the stamp's time in the next field)
)
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UP_TO_99 = rf"(?:{_TENS}(?:[ \t-]+{_UNITS})?|{_TEENS}|{_UNITS}|oh[ \t-]+{_UNITS})"
_WORDS_YEAR = re.compile(  # "___ two thousand twenty four", "___, twenty twenty-five", "___ comma twenty twenty five"
    rf"(?<=_)(?:[ \t]*,|[ \t]+comma)?[ \t]+(?i:(?:two[ \t]+thousand(?:[ \t]+and)?(?:[ \t]+{_UP_TO_99})?"
    rf"|(?:nineteen|twenty)[ \t-]+{_UP_TO_99}))(?![\w-])"
)
_ORDINAL_OF = re.compile(  # "the Fourth of ___" (July masked with its year): the day before a masked month
    r"(?i:\b(?:the[ \t]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\w+teenth|twentieth|thirtieth|twenty[ \t-]+\w+|thirty[ \t-]+first|\d{1,2}(?:st|nd|rd|th))[ \t]+of[ \t]+)(?=_)"
)
_RELATIVE_HINT = re.compile(r"day|night|morning|evening|afternoon|week|early|mid|late")
_RELATIVE_BEFORE = re.compile(  # "the day after ___", "the weekend of ___": a day told by a masked date
    r"(?i:\b(?:the[ \t]+)?(?:day|night|morning|evening|afternoon|week|weekend|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)(?:[ \t]+(?:after|before|of|following|preceding))?[ \t]+"
    r"|\b(?:early|mid|late)[ \t]*-?[ \t]*)(?=_)"
)
_SEASON_YEAR = re.compile(  # "spring 2022", "late summer of 2019", "mid-2021": more than a year says
    r"(?i:\b(?:(?:early|mid|late)[ \t-]+)?(?:spring|summer|fall|autumn|winter)(?:[ \t]+of)?[ \t]+|"
    r"\b(?:early|mid|late)[ \t-]+(?:of[ \t]+)?)((?:19|20)\d{2}(?:[-–/](?:(?:19|20)\d{2}|\d{2})(?![\d/:-]))?|['’]\d{2})"
    r"(?![\d/-]|:\d|\.\d)"  # "spring of '09", "Summer 2022:", "winter 2019-2020"
)
_KOREAN_SEASON_YEAR = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}년[ \t]*(?:봄|여름|가을|겨울)(?![\uac00-\ud7a3](?<![에의은는이철]))"
)
_SEASON_KEYS = ("spring", "summer", "fall ", "autumn", "winter", "early", "mid", "late")
_MONTH_HINT = re.compile(r"January|February|March|April|May|June|July|August|September|October|November|December")
_NAMED_DAY_YEAR = re.compile(
    r"\b(?:[A-Z][a-z]+[ \t]+){1,2}Day,?[ \t]+(?:19|20)\d{2}(?![\d/:-]|\.\d)"
)  # "Pioneer Day 2025"
_YEAR_BEFORE = re.compile(r"(?<![\d.])(?:19|20)\d{2}년?[ \t]*(?=_)")  # "2026년 ___ 연휴": the year of a masked holiday
_YEAR_AFTER = re.compile(r"(?<=_)[ \t,(]+((?:19|20)\d{2})(?:년)?(?![\d/:-]|\.\d)")
_HOLIDAY_PREFIX = re.compile(r"(?<![\w'’-])(?:Erev|erev|Eve of|eve of)[ \t]+(?=_)")

_TOWN_AFTER = re.compile(  # "___ in Inwood", "___ at Lake Charles": the town of a masked institution
    rf"(?<=_)[ \t]+(?:in|at|near|of)[ \t]+((?:St\.[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)(?![\w'’-])"
)
_CAMPUS = re.compile(
    rf"(?<=_)[ \t]*(?:ICU|ED|campus)?[ \t]*[-–,][ \t]*({_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)[ \t]+campus\b"
)
_NUMBER_AFTER = re.compile(  # "P.S. 214", "Ship Shoal 208", "Building 7" after a masked place
    # (not a count of time: "booked at ___ 2 days ago")
    r"(?<=_)[ \t]+(?:No\.?[ \t]*|#[ \t]*)?(\d{1,4}[A-Z]?)(?![\w/.:%-]|[ \t]*(?:mm|cm|mg|ml|kg|%|x|X|cc|Fr|F)\b)"
    r"(?![ \t]+(?i:days?|weeks?|wks?|months?|mos?|years?|yrs?|hours?|hrs?|minutes?|mins?|times|am|pm)\b)"
)
_SAINT_BEFORE = re.compile(r"(?<![\w'’-])(?:St|Ste|Saint|Sainte|Mt|Ft|San|Santa)\.?[ \t]+(?=_)")  # "Ste. ___ Manor"
_COMPASS_BEFORE = re.compile(
    r"(?<![\w'’-])(?:New|North|South|East|West|Upper|Lower|Greater|Old|NEW|NORTH|SOUTH|EAST|WEST|UPPER|LOWER|OLD)"
    r"[ \t]+(?=_)"
)
_COMPASS_AFTER = re.compile(  # "New ___ East", "___ Heights": the part of a town
    r"(?<=_)[ \t]+(North|South|East|West|Heights|Hills|Beach|Springs|Falls|Village|Township|Junction|Hole|Valley|"
    r"Canyon|Creek|Flats|Gap|Pass|Ridge|Butte|Mesa|Basin)\b"
)
_HANGUL_ADDRESS_TAIL = re.compile(r"(?<=_)(번지|번길|호실|호|층)(?![\uac00-\ud7a3])")  # "___번지": the lot's unit word
_HANGUL_RELATIVE_AFTER = re.compile(  # "___ 직후", "___ 연휴 첫날": a day told by a masked date or holiday
    r"(?<=_)[ \t]*(직후|직전|이후|이전|전날|다음\s?날|당일|무렵|즈음|첫날|마지막\s?날|둘째\s?날|셋째\s?날)"
)  # "___ 직후"
_ROMANISED_PLACE = re.compile(  # "Gukdong port", "Haeundae beach", "Jagalchi market": a Korean place in Latin letters
    r"(?<![\w'’-])([A-Z][a-z]{3,12})[ \t]+(?:port|harbou?r|hang|beach|market|island|village|pier)\b"
)
_ROMANISED_PLACE_HINT = re.compile(r" (?:port|harbou?r|hang|beach|market|island|village|pier)\b")
_VESSEL = re.compile(  # "F/V Miss Kim Lan", "M/V Ocean Star", "USNS Comfort": a vessel's name (where a patient works)
    r"(?<![\w/])(?:F/V|M/V|S/V|O/V|R/V|FV|MV|USS|USNS|USCGC|HMS|HMCS"
    # "Cruise ship MS Pacific Aurora"
    r"|(?<=ship[ \t])MS|(?<=vessel[ \t])MS|(?<=aboard[ \t])MS|(?<=aboard the[ \t])MS)[ \t]+"
    r"((?:[A-Z][A-Za-z'’-]+|_+)(?:[ \t]+(?:[A-Z][A-Za-z'’-]+|_+)){0,3})"
)
_PLACE_CUE_BEFORE = re.compile(r"\b(?:from|in|to|near|at|of)[ \t]+$")  # "from Port Sulphur"
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
    r"(?:twenty|thirty)[ \t-]+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))"
)
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_SPOKEN_DATE = re.compile(  # "the fourth of May", "the twenty-third of July, 2024": a date said aloud
    rf"(?i:\b(?:the[ \t]+)?(?:{_ORDINAL_WORD}|\d{{1,2}}(?:st|nd|rd|th))[ \t]+of[ \t]+)(?-i:{_MONTH_FULL})\b"
    r"(?:,?[ \t]+(?:19|20)\d{2}\b)?"
)
_MILITARY_UNIT = re.compile(  # "육군 제27보병사단 의무대": a military unit is where a soldier serves
    r"(?:(?:육군|해군|공군|해병대)[ \t]*)?제?\d{1,3}[\uac00-\ud7a3]{0,6}(?:사단|여단|연대|대대|군단|비행단|함대|전대)"
    r"(?:[ \t]*[\uac00-\ud7a3]{1,4}(?:대|중대|소대))?"
)
_PLACE_LABEL = re.compile(  # "county: Hennepin", "Parish - Lafourche", "town: Garrison"
    r"(?i:\b(?:county|parish|borough|township|town|city|village|hometown|reservation)[ \t]*[:=-][ \t]*)"
    r"([A-Z][a-z'’.-]+(?:[ \t]+[A-Z][a-z'’.-]+)?)"
)
_FACILITY_NOUN_AFTER = re.compile(  # "___ clinic", "___ 보건소": the kind of a masked institution goes with its name
    r"(?<=_)[ \t]*(clinic|hospital|health[ \t]+center|medical[ \t]+center|nursing[ \t]+home|school|shelter|center|"
    r"centre|보건소|보건지소|보건진료소|병원|의원|요양병원|요양원|센터)(?![\w\uac00-\ud7a3])"
)
_NO_BETWEEN = re.compile(r"(?<=_)[ \t]+No\.?[ \t]*(?=_)")  # "___ No. ___": one institution's number
_DISTANCE_FROM = re.compile(  # "3 miles off Garrison", "14 mi NE of Holmes Creek": a place named by a distance
    r"\b\d+(?:\.\d+)?[ \t]*(?:mi|miles?|km|kilomet(?:er|re)s?)[ \t]+(?:(?:N|S|E|W|NE|NW|SE|SW|north|south|east|west|"
    r"northeast|northwest|southeast|southwest)[ \t]+)?(?:of|off|from|outside)[ \t]+"
    r"([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)"
)
_KOREAN_UNIT = re.compile(r"(?<![\w])[A-Z0-9]{1,3}동[ \t]*\d{1,5}호(?:실)?")  # "B동 1104호": a building and a room
_PREFIXED_PLACE = re.compile(  # "Port Fourchon", "Bayou Lafourche", "Cape Girardeau", "Isle Dernieres"
    rf"(?<![\w'’-])(?:Port|Bayou|Cape|Isle|Point|Pointe|Grand|Lake|Fort|Mount)[ \t]+({_NAME_WORD})(?![\w'’-])"
)
_WORKS = re.compile(  # "the Bayonne shipyard", "the Quequechan textile mill", "the Ship Shoal 208 platform"
    rf"(?<![\w'’-])the[ \t]+((?:{_NAME_WORD}|_+)(?:[ \t]+{_NAME_WORD})?[ \t]+(\d{{1,4}}[A-Z]?[ \t]+)?(?:[a-z]+[ \t]+)?"
    r"(?:shipyard|mill|plant|refinery|factory|mine|cannery|foundry|quarry|smelter|terminal|rig|platform|"
    r"warehouse|dockyard|yard|depot|packinghouse|sawmill|railyard|landfill|farm|ranch|dairy|orchard|clinic|"
    r"free[ \t]+clinic|mosque|church|temple|synagogue|shelter|school|camp|reservation))\b"
)


_ROMANISED_WORD = re.compile(  # two or three romanised Korean syllables run together: "Gukdong", "Haeundae"
    r"(?i:(?:[bcdghjkmnprstwy]{0,3}[aeiouy]{1,3}(?:ng|n|m|l|k|p|t)?){2,3})"
)


_WORKS_HINT = re.compile(
    r"shipyard|mill\b|plant\b|refinery|factory|mine\b|cannery|foundry|quarry|smelter|terminal|rig\b|platform|"
    r"warehouse|dockyard|yard\b|depot|packinghouse|sawmill|railyard|landfill|farm\b|ranch|dairy|orchard|clinic|"
    r"mosque|church|temple|synagogue|shelter|school|camp\b|reservation"
)


_BODIES = frozenset("ACR AMA CDC WHO FDA NIH AHA ATS ERS NCCN ACCP IDSA ABR RSNA SIR SNMMI CMS TJC VA DOD NHS".split())


def _acronym_body(word: str) -> bool:
    """A professional body or agency ("reviewed by ACR", "read by VA"), not a reader's initials."""
    return word in _BODIES


def _strong_foreign(tok: str) -> bool:
    """A Hangul word with a syllable Korean words rarely use ("바트볼드", "무함마드"): a foreign name alone."""
    return foreign_hangul_token(tok) and any(c in _FOREIGN_SYLLABLES for c in tok)


_ROLE_END = re.compile(  # a title or a role before or after a name: "보호관찰관 ___", "후견인 ___"
    "(?:님|씨|환자|보호자|선생|교수|의사|간호사|후견인|대리인|보증인|동거인|간병인|보호사|관찰관|교도관|조사관|감독관|"
    "주무관|상담사|상담원|지도원|지도사|지원사|치료사|복지사|계장|이장|통장|반장|선장|센터장|시설장|사무장|"
    "접수자|수검자|피검자|검사자|촬영자|기록자|인계자|인수자|보고자|목격자|신고자|동승자|운전자|구조사|대원|"
    "순경|경장|경사|경위|경감|경정|총경|소방사|소방교|소방장|소방위|소방관|경찰관|치위생사|위생사|교정의|방사선사|"
    "임상병리사|물리치료사|작업치료사|영양사|간호조무사|사회복지사|선원|"
    # a soldier's, a worker's, a visitor's or a migrant's word: "연락장교 ___", "결혼이주여성 ___", "검진자 ___"
    "장교|부사관|병사|장병|군인|미군|군의관|연락관|통역관|외교관|여성|남성|검진자|근로자|노동자|종사자|작업자|신청자|"
    "참가자|방문자|거주자|대상자|이용자|입소자|주민|어민|농민|학생|연수생|선교사|"
    "목사|신부|수녀|스님|기자|대표|사장|회장|직원)$"
)
_TRAILING_PARTICLE = re.compile("(?:에게|께서|에서|한테|으로|[께이가은는의을를님와과도에로])$")
_PARTICLE_END = re.compile("[가이은는을를의에로와과도]$")  # "협조가", "접촉자를": a word and its particle, not a name
_FOREIGN_SYLLABLES = frozenset("르프트스드즈츠크브그쉬셰쇼옌쩐흐웨샤쥔쯔블플렉탈쿨굴딜릭믹닉빅엘레나바타볼무함마")


def _namelike(word: str) -> bool:
    return word.lower() not in STOP and word_class(word) in (NAME, UNKNOWN, AMBIGUOUS) or is_first_name(word)


def nickname_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """A nickname between a given name and a surname: the three go (module docstring)."""
    if "'" not in text and '"' not in text and "(" not in text:
        return
    for m in _NICKNAME.finditer(text):
        first, nick, last = m.group(1), m.group(2), m.group(3).split()
        masked = first.startswith("_") and ends.get(m.end(1)) == "name"
        if last[0].startswith("_"):  # "___ "Skeeter" ___": both names masked, the nickname between them
            if masked or ends.get(m.end(3)) == "name":
                named_first = not masked and (is_first_name(first.title()) or _namelike(first.title()))
                mask(m.start(1) if named_first else m.start(2), m.end(2), "name")
            continue
        first, last = first.title(), [w.title() for w in last]  # 'BOBBY "TANK" KRUEGER' is read as Title Case
        if not masked and not (is_first_name(first) or word_class(first) in (NAME, UNKNOWN)):
            continue
        if any(word_class(w) in (CLINICAL,) or w.lower() in STOP for w in last):
            continue
        bare = nick.strip("'\"()").title()
        if not (is_first_name(bare) or word_class(bare) in (NAME, UNKNOWN, AMBIGUOUS) or nick[0] in "'\""):
            continue
        if masked or _namelike(last[0]):
            mask(m.start(1) if not masked else m.start(2), m.end(3), "name")


def credential_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """ "Guillory, ___, MD" and "___ MD, APRIL": the other half of a name written around a credential; and the
    rest of a name around a masked part: a particle before it ("de la ___"), a given name ending the line after it
    ("___, Per"), the rest of a name field's line, a name given in parentheses as preferred, a half-masked name."""
    for m in _STARRED.finditer(text) if "**" in text else ():
        mask(m.start(), m.end(), "name")
    pt = "atient " in text or "Pt " in text or "pt " in text or "Pt. " in text or "pt. " in text
    for m in _PATIENT_FIRST_LAST.finditer(text) if pt else ():
        first, last = m.group(1), m.group(2)
        if not is_first_name(first) or word_class(first) == CLINICAL:
            continue
        if last.lower() in STOP or word_class(last) == CLINICAL or word_class(last) == WORD and zipf(last) >= 4.5:
            continue  # "Patient May Require ...": a common word after a name-like one
        mask(m.start(1), m.end(2), "name")
    for m in _HANGUL_BEFORE_HONORIFIC.finditer(text) if "님" in text or "씨" in text else ():
        if any(c in _FOREIGN_SYLLABLES for c in m.group(1)) and m.group(1) not in KOREAN_CLINICAL:
            mask(m.start(1), m.end(1), "name")
    for m in _BEFORE_PREFERRED.finditer(text) if "(" in text and " name" in text.lower() else ():
        if word_class(m.group(1)) != CLINICAL and m.group(1).lower() not in STOP:
            mask(m.start(1), m.end(1), "name")
    for m in _HANGUL_NAME_LABEL.finditer(text) if _HANGUL_CHAR.search(text) else ():
        tokens = m.group(1).split()
        n = 0
        while (
            n < len(tokens)
            and foreign_hangul_token(tokens[n])
            and not _PARTICLE_END.search(tokens[n])
            and not (len(tokens[n]) >= 3 and korean_word_start(tokens[n]))  # "접촉력": a Korean word and its suffix
        ):
            n += 1
        if n and any(_strong_foreign(t) for t in tokens[:n]):  # a foreign name in Hangul after a name label
            while n < len(tokens) and len(tokens[n]) <= 3 and not _PARTICLE_END.search(tokens[n]):
                if tokens[n] in KOREAN_CLINICAL or not foreign_hangul_token(tokens[n]) and _ROLE_END.search(tokens[n]):
                    break
                n += 1  # "무함마드 누르": a short last part, though a Korean word too
            mask(m.start(1), m.start(1) + len(" ".join(tokens[:n])), "name")
    for m in _DICTATION_INITIALS.finditer(text) if "T:" in text or "D:" in text else ():
        if zipf(m.group(1)) < 3.0 and word_class(m.group(1)) != CLINICAL:
            mask(m.start(1), m.end(1), "name")  # "D: MLR   T: jtc", "T: amb": a dictator's or a typist's initials
    for m in _INITIALS_PAIR.finditer(text) if "/" in text and ("T:" in text or "D:" in text) else ():
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if re.search(r"(?:^|\s)[TD][ \t]*:", line) and any(zipf(g) < 3.5 for g in m.groups()):  # "jrw/km"
            mask(m.start(1), m.end(1), "name")
            mask(m.start(2), m.end(2), "name")
    for m in _DIGITS_THEN_INITIALS.finditer(text) if "/" in text else ():
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if re.search(r"(?:^|\s)[TD][ \t]*:|(?i:transcri|typed|dict)", line) and zipf(m.group(1)) < 3.5:
            mask(m.start(1), m.end(1), "name")
    if "_" not in text:
        return
    for m in _HANGUL_AFTER_NAME.finditer(text) if _HANGUL_CHAR.search(text) else ():
        stem = _TRAILING_PARTICLE.sub("", m.group(1))
        # "___ 스님께서": a title, not a name's part; "___ 내원", "___ 교도관에게": a report word or a role
        title = m.group(1).rstrip("께서이가은는의을를님") in KOREAN_CLINICAL or (
            stem in KOREAN_CLINICAL or common_korean_word(stem) or _ROLE_END.search(stem) is not None
        )
        if ends.get(m.start()) == "name" and foreign_hangul_token(m.group(1)) and not _PARTICLE_END.search(m.group(1)):
            if title:
                continue
            mask(m.start(1), m.end(1), "name")  # the second word of a foreign name written in Hangul
    for start, _, _ in masked_runs(text, ends, ("name",)) if _HANGUL_CHAR.search(text) else ():
        m = _HANGUL_BEFORE_NAME.search(text, max(0, start - 8), start)
        role = m is not None and _HANGUL_ROLE_BEFORE.search(text, max(0, m.start(1) - 12), m.start(1)) is not None
        foreign = m is not None and (foreign_hangul_token(m.group(1)) or role and not common_korean_word(m.group(1)))
        cue_word = m is not None and (  # "판독의사", "통역 지원팀": a role or a team, no name's first word
            _ROLE_END.search(m.group(1)) or m.group(1) in KOREAN_CLINICAL or m.group(1).endswith("팀")
        )
        if m and foreign and not cue_word and not _PARTICLE_END.search(m.group(1)):
            mask(m.start(1), m.end(1), "name")  # "통역사 라일라 ___ 선생님": the first word of a foreign name in Hangul
    for start, _, _ in masked_runs(text, ends, ("name",), whole=True):  # tried only before masked names: "de la ___"
        m = _PARTICLE_BEFORE.search(text, max(0, start - 16), start + 1)
        if m and m.end() == start:
            mask(m.start(1), m.end(1), "name")
    for e in _after(text, ends, ("name",)):
        m = _GIVEN_AT_LINE_END.match(text, e)
        if m and is_first_name(m.group(1)):
            mask(m.start(1), m.end(1), "name")  # a listed given name, even one that is a word ("Per", "Will")
            continue
        m = _CAPS_GIVEN_AT_LINE_END.match(text, e)
        if m and _PERSON_LABEL.search(text, max(0, e - 60), e) and not _NOT_GIVEN.fullmatch(m.group(1)):
            mask(m.start(1), m.end(1), "name")  # "Reading radiologist: ___, RA": any word in capitals is the given name
    for m in _NAME_LINE_TAIL.finditer(text):
        e = m.start(1)
        while e > 0 and text[e - 1] in " \t":
            e -= 1
        if ends.get(e) != "name":
            continue
        if not any(word_class(w) == CLINICAL for w in m.group(1).split()):
            mask(m.start(1), m.end(1), "name")  # "Name: ___ See": a name field holds only a name ("See" is Hmong)
    for start, _, _ in masked_runs(text, ends, ("name",), whole=True):
        m = _LAST_BEFORE_MASK.search(text, max(0, start - 40), start + 1)
        if m and m.end() == start and _namelike(m.group(1).title()):
            mask(m.start(1), m.end(1), "name")
    for e in _after(text, ends, ("name",)):
        m = _LAST_AFTER_MASK.match(text, e)
        word = m.group(1) if m else ""
        if m and word.lower() not in STOP and word_class(word) != CLINICAL:
            mask(m.start(1), m.end(1), "name")  # "___ Call, MD": a surname that is also a word
        m = _FIRST_AFTER_CREDENTIAL.match(text, e)
        word = m.group(1) if m else ""
        if m and (is_first_name(word.title()) or _namelike(word.title())):
            mask(m.start(1), m.end(1), "name")


# the words before "(___)" that are a role or a kinship, not the name written a second time
_NOT_THE_NAME = frozenset(
    "환자 보호자 님 엄마 아빠 어머니 아버지 할머니 할아버지 외할머니 외할아버지 이모 고모 삼촌 외삼촌 "
    "남편 아내 배우자 딸 아들 모친 부친 언니 오빠 누나 형 동생 손자 손녀 며느리 사위".split()
)


def _sentence_start(text: str, at: int) -> bool:
    """Whether ``at`` opens the text, a line, or a sentence after one or two spaces (". ", "!  ", "; ")."""
    i = at
    while i > 0 and at - i < 3 and text[i - 1] in " \t":
        i -= 1
    if i == 0:
        return True
    if i == at:
        return text[i - 1] == "\n"
    return at - i <= 2 and text[i - 1] in ".!?;\n"


def labelled_names(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """Initials after an "initials" label, a name after a name label written in prose, the Hangul writing of a
    masked name, a listed surname in capitals before an initial ("LEVY, R."), a given name opening a parenthesis
    ("(Brenda at the front desk)") and a user's login ("Printed by: ndefoe")."""
    low = text.lower()
    for m in _PAREN_GIVEN.finditer(text) if "(" in text else ():
        if word_class(m.group(1)) == NAME and is_first_name(m.group(1)) and not eponym_after(text, m.end(1)):
            mask(m.start(1), m.end(1), "name")
    for m in _GIVEN_SUBJECT.finditer(text):
        given = m.group(1)
        if not _sentence_start(text, m.start(1)):
            continue
        if is_first_name(given) and word_class(given) in (NAME, AMBIGUOUS) and zipf(given.lower()) < 5.0:
            mask(m.start(1), m.end(1), "name")
    for m in _LOWER_INITIAL_SUBJECT.finditer(text) if ". " in text or "." in text else ():
        surname = m.group(1).split(".", 1)[1].strip()
        if word_class(surname) not in (WORD, CLINICAL) and surname not in STOP and zipf(surname) < 3.5:
            mask(m.start(1), m.end(1), "name")
    for m in _PERSON_FRAME_SUBJECT.finditer(text) if " from " in text or "the patient" in text else ():
        given = m.group(1)
        if _sentence_start(text, m.start(1)) and given.lower() not in STOP:
            if word_class(given) in (NAME, AMBIGUOUS, UNKNOWN) and zipf(given.lower()) < 4.0:
                mask(m.start(1), m.end(1), "name")
    for m in _NAME_COMMA_ROLE.finditer(text):
        words = m.group(1).split()
        if not _sentence_start(text, m.start(1)):
            continue
        if all(word_class(w) not in (WORD, CLINICAL) for w in words) and any(w.lower() not in STOP for w in words):
            mask(m.start(1), m.end(1), "name")
    for m in _LOGIN.finditer(text) if _LOGIN_HINT.search(low) else ():
        if word_class(m.group(1)) not in (WORD, CLINICAL) or _LOGIN_WITH_DIGITS.fullmatch(m.group(1)):
            mask(m.start(1), m.end(1), "name")  # "ndefoe", "wfhollis41" (a number makes a word "clinical")
    for m in _ACCOUNT_HANDLE.finditer(text) if "account" in low or "profile" in low or "name" in low else ():
        if _HANDLE_SHAPE.fullmatch(m.group(1)):  # (its digits make it no word of any list)
            mask(m.start(1), m.end(1), "name")
    for m in _BY_INITIALS.finditer(text) if " by" in low else ():
        k = 1 if m.group(1) else 2
        g = m.group(k)
        if word_class(g) != CLINICAL and g.lower() not in STOP and zipf(g.lower()) < 3.5 and not _acronym_body(g):
            mask(m.start(k), m.end(k), "name")
    for m in _SIGNED_SURNAME_INITIAL.finditer(text):
        surname = m.group(1).split()[0]
        if not _SIGN_CUE.search(text, max(0, m.start() - 24), m.start()):
            continue
        if word_class(surname) in (NAME, UNKNOWN, AMBIGUOUS) and surname.lower() not in STOP:
            mask(m.start(1), m.end(1), "name")
    for m in _SIGNED_INITIAL.finditer(text):
        if not _SIGN_CUE.search(text, max(0, m.start() - 24), m.start()):
            continue
        surname = m.group(1).split(".")[-1].strip()
        kind = word_class(surname)  # "Signed D. Ng": a short surname is an English word too
        if (kind in (NAME, UNKNOWN, AMBIGUOUS) or kind == WORD and zipf(surname) < 4.5) and surname.lower() not in STOP:
            mask(m.start(1), m.end(1), "name")
    for m in _CELL_NAME.finditer(text) if '"' in text or "|" in text or "\t" in text else ():
        surname = m.group(1).split()[0]
        if word_class(surname.title()) in (NAME, UNKNOWN) and word_class(surname) != CLINICAL and not acronym(surname):
            mask(m.start(1), m.end(1), "name")
    for m in _HANGUL_BEFORE_MASKED.finditer(text) if "(_" in text or "( _" in text else ():
        if _end_kind(text, m.end(), ends) != "name":
            continue
        tokens = m.group(1).split()
        k = len(tokens)
        while k > 0 and tokens[k - 1] not in KOREAN_CLINICAL and tokens[k - 1] not in _NOT_THE_NAME:
            k -= 1  # "환자 장 웨이 (___)": the words of the name, not the label before them
        if k < len(tokens):
            start = m.start(1) + len(" ".join(tokens[:k])) + (1 if k else 0)
            mask(start, m.end(1), "name")
    for m in _CAPS_LAST_INITIAL.finditer(text) if "." in text else ():
        if word_class(m.group(1).title()) == NAME:
            mask(m.start(), m.end() - 1, "name")
    if "initial" in low:
        for m in _INITIALS_LABEL.finditer(text):
            for g in _INITIALS.finditer(m.group(1)):
                if word_class(g.group(0)) != CLINICAL and g.group(0).lower() not in STOP:
                    mask(m.start(1) + g.start(), m.start(1) + g.end(), "name")
    if "name" in low:
        for m in _NAME_LABEL_PROSE.finditer(text):
            words = m.group(2).split()
            keep = 0
            for w in words:
                if w.startswith("_"):
                    keep += 1  # a word an earlier pass masked: "name Yokasta ___"
                    continue
                if w.lower() in STOP or word_class(w) == CLINICAL or (word_class(w) == WORD and zipf(w) >= 4.5):
                    break
                keep += 1
            if keep >= (1 if m.group(1) else 2):  # a bare "name" asks for two words: "name Yokasta Almonte"
                mask(m.start(2), m.start(2) + len(" ".join(words[:keep])), "name")


def _after(text: str, ends: dict[int, str], kinds: tuple[str, ...]) -> list[int]:
    """The ends of the masked spans of ``kinds`` that the text still shows (a pattern anchored there is tried with
    ``match``: a pass costs the number of masked spans, not the length of the text)."""
    return sorted(
        e for e, k in ends.items() if k in kinds and 0 < e < len(text) and text[e - 1] == "_" and text[e] != "_"
    )


def date_stamps(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """A season's year, a date said aloud, the time of a date stamp, a year in words, a day told relative to a
    masked date and a year after a masked holiday (module docstring)."""

    def take(start: int, end: int) -> None:
        nonlocal text
        mask(start, end, "date")
        ends[end] = "date"
        text = text[:start] + "_" * (end - start) + text[end:]

    low = text.lower()
    if any(k in low for k in _SEASON_KEYS) and any(c.isdigit() for c in text):
        for m in _SEASON_YEAR.finditer(text):
            take(m.start(), m.end())
    if "년" in text:
        for m in _KOREAN_SEASON_YEAR.finditer(text):
            take(m.start(), m.end())  # "2022년 여름": a season of a year, as "Summer 2022"
    if "Day" in text:
        for m in _NAMED_DAY_YEAR.finditer(text):
            take(m.start(), m.end())
    if " of " in text and _MONTH_HINT.search(text):
        for m in _SPOKEN_DATE.finditer(text):
            take(m.start(), m.end())
    if "_" not in text:
        return
    for e in _after(text, ends, ("date", "mrn")):  # "04MAR2026 0741" is masked as a compact id
        m = _STAMP_TIME.match(text, e)
        if m and ":" in text[e : m.start(1)] or m and "=" in text[e : m.start(1)]:
            take(m.start(1), m.end(1))  # "___   Time: 16:40": the time, its field's label stays
        elif m:
            take(m.start(), m.end())
    for e in _after(text, ends, ("date",)):
        m = _MERIDIEM.match(text, e) or _PART_OF_DAY_AFTER.match(text, e)
        if m:
            take(m.start(), m.end())  # "___ pm": the rest of a time masked with its date
    for s, _e, _kind in masked_runs(text, ends, ("date",)):
        m = _TIME_BEFORE_DATE.search(text, max(0, s - 24), s)
        if m:
            take(m.start(1), m.end(1))  # "via secure chat at 11:05 on ___": the time of the date that follows
    for e in _after(text, ends, ("date",)):
        m = _WORDS_YEAR.match(text, e) or _HANGUL_RELATIVE_AFTER.match(text, e)  # "___ 직후": before its year
        if m:
            take(m.start(m.lastindex or 0), m.end(m.lastindex or 0))
    if "rev" in low or "eve " in low:
        for m in _HOLIDAY_PREFIX.finditer(text):
            if _end_kind(text, m.end(), ends) == "date":
                take(m.start(), m.end())
    if _RELATIVE_HINT.search(low):
        for m in _RELATIVE_BEFORE.finditer(text):
            if _end_kind(text, m.end(), ends) == "date":
                take(m.start(), m.end())
    for e in _after(text, ends, ("date",)):
        m = _YEAR_AFTER.match(text, e)
        if m:
            take(m.start(1), m.end(1))  # "Erev ___ 2024", "___ 직후(2025년)": the holiday's year
    for m in _ORDINAL_OF.finditer(text) if " of _" in text else ():
        if _end_kind(text, m.end(), ends) == "date":
            take(m.start(), m.end())
    for m in _YEAR_BEFORE.finditer(text):
        if _end_kind(text, m.end(), ends) == "date":
            take(m.start(), m.end())


def places_around(text: str, mask: Mask, ends: dict[int, str], gazetteer: frozenset[str]) -> None:
    """A masked place's number, a town after a masked institution, a campus's town, a saint's abbreviation before
    a masked place, the compass word of a town, a place named by its prefix ("Port Fourchon"), a vessel and a
    named works."""

    def take(start: int, end: int) -> None:
        nonlocal text
        mask(start, end, "place")
        ends[end] = "place"
        text = text[:start] + "_" * (end - start) + text[end:]

    if "_" in text:
        for e in _after(text, ends, ("place",)):  # first: "P.S. ___ 214 in Flushing" then reads "___ in Flushing"
            m = _NUMBER_AFTER.match(text, e)
            if m:
                take(m.start(1), m.end(1))
        for e in _after(text, ends, ("place", "name")):
            m = _TOWN_AFTER.match(text, e)  # "___ in Inwood": an institution named for a person too
            if not m:
                continue
            words = m.group(1).split()
            if any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
                continue
            if " ".join(words).lower() in gazetteer or all(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) for w in words):
                take(m.start(1), m.end(1))
        for e in _after(text, ends, ("place",)):
            m = _CAMPUS.match(text, e) or _COMPASS_AFTER.match(text, e) or _HANGUL_ADDRESS_TAIL.match(text, e)
            if m and not any(word_class(w) == CLINICAL for w in m.group(1).split()):
                take(m.start(1), m.end(1))
        for e in _after(text, ends, ("place",)):
            m = _FACILITY_NOUN_AFTER.match(text, e)
            if m:
                take(m.start(1), m.end(1))
        for e in _after(text, ends, ("address",)):
            m = _HANGUL_ADDRESS_TAIL.match(text, e)
            if m:
                take(m.start(1), m.end(1))
        for start, _, kind in masked_runs(text, ends, ("place", "name"), whole=True):
            m = _SAINT_BEFORE.search(text, max(0, start - 10), start + 1)
            if not (m and m.end() == start) and kind == "place":
                m = _COMPASS_BEFORE.search(text, max(0, start - 10), start + 1)
            if m and m.end() == start:
                take(m.start(), m.end())
    for m in _ROMANISED_PLACE.finditer(text) if _ROMANISED_PLACE_HINT.search(text) else ():
        if word_class(m.group(1)) == UNKNOWN and _ROMANISED_WORD.fullmatch(m.group(1)):
            take(m.start(), m.end())  # the place with its noun, as "the Bayonne shipyard"
    for m in _VESSEL.finditer(text) if "/" in text or "US" in text or "HM" in text or "MS " in text else ():
        take(m.start(1), m.end(1))
    for m in _MILITARY_UNIT.finditer(text) if "대" in text or "단" in text else ():
        take(m.start(), m.end())
    for m in _KOREAN_UNIT.finditer(text) if "호" in text else ():
        take(m.start(), m.end())
    low = text.lower()
    labelled = any(k in low for k in ("county", "parish", "borough", "township", "town", "city", "village", "reserv"))
    for m in _PLACE_LABEL.finditer(text) if labelled else ():
        if not any(word_class(w) == CLINICAL or w.lower() in STOP for w in m.group(1).split()):
            take(m.start(1), m.end(1))
    for m in _DISTANCE_FROM.finditer(text):
        if not any(word_class(w) == CLINICAL for w in m.group(1).split()):
            take(m.start(1), m.end(1))
    for m in _NO_BETWEEN.finditer(text) if "No" in text else ():
        if _kind_before(text, m.start(), ends) == "place":
            take(m.start(), m.end())
    for m in _PREFIXED_PLACE.finditer(text):
        word = m.group(1)
        listed = m.group(0).lower() in gazetteer
        cued = _PLACE_CUE_BEFORE.search(text, max(0, m.start() - 12), m.start()) is not None and zipf(word) < 4.5
        cued = cued or text[max(0, m.start() - 2) : m.start()].strip() == "," and zipf(word) < 4.5  # ", Lake Placid."
        if word.lower() in STOP or word_class(word) in (CLINICAL, WORD) and not (listed or cued):
            continue  # "Lake Effect", "Point Tenderness", "Port Placement": a common word after the prefix
        if eponym_after(text, m.end()):
            continue  # "Lake Louise score": a score named for a place
        take(m.start(), m.end())
    if "the " in text and _WORKS_HINT.search(text):
        for m in _WORKS.finditer(text):
            names = [w for w in m.group(1).split() if w[:1].isupper()]
            if any(w.lower() in STOP or word_class(w) == CLINICAL for w in names):
                continue
            numbered = m.group(2) is not None  # "the Ship Shoal 208 platform": a numbered works, whatever its words
            if numbered or all(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) or w.lower() in gazetteer for w in names):
                take(m.start(1), m.end(1))


def _kind_before(text: str, at: int, ends: dict[int, str]) -> str | None:
    """The kind of the masked span that ends at ``at``, or at the end of a masked run right before it."""
    kind = ends.get(at)
    if kind is None and at > 0 and text[at - 1] == "_":
        return ends.get(at)
    return kind


def _end_kind(text: str, at: int, ends: dict[int, str]) -> str | None:
    """The kind of the masked span that starts at ``at`` (None when none does)."""
    if at >= len(text) or text[at] != "_":
        return None
    end = at
    while end < len(text) and text[end] == "_":
        end += 1
    return ends.get(end)


__all__ = ["credential_names", "date_stamps", "labelled_names", "nickname_names", "places_around"]

gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
