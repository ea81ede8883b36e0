"""Regular expressions of the PHI screen's shape-based classes: contact, dates, identifiers, ages, addresses, cues.

Every pattern here finds an identifier by its shape (a phone number in any national layout, a date in any order
of day, month and year, an identifier-shaped code after any identifier-like label, an age over 89 in any case or
spelling) or by a cue in front of it (a title, a label, a contact verb). Patterns are linear on their input: no
nested unbounded repetition, and the screen only runs them on bounded windows (``phi.WINDOW_CHARS``). Patterns
that start with ``\\d`` followed by a look-behind get the engine's fast first-character scan.
"""

from __future__ import annotations

import re

from megacxr.shards.phi_prefilter import gate_patterns

_MONTHS = (
    "January February March April May June July August September October November December "
    "Sept Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec"
).split()


def month_alternation(months, lower: bool = False) -> str:
    """Months as literal alternatives (Title and UPPER case, and lower case when asked), each checking the word
    boundary behind itself, so that the compiled pattern keeps a first-character prefix."""
    forms = [f for m in months for f in ((m, m.upper(), m.lower()) if lower else (m, m.upper()))]
    # nor a letter after it: "7 novembre", "marzo" are other languages' months, not "Nov", "Mar"
    return "(?:" + "|".join(rf"{f}(?<!\w{f})(?![A-Za-z])" for f in forms) + r")\.?"


def led(first: str, pattern: str) -> re.Pattern:
    """``pattern`` compiled behind a lookahead for its possible first characters (``first``: a character class's
    inside; both cases, and "ſ" where an (?i:) "s" starts): the engine then skips every other position at once
    instead of trying the whole alternation at each. The same matches in a fraction of the time."""
    return re.compile(f"(?=[{first}])(?:{pattern})")


def by_first_letter(alternation: str) -> str:
    """A case-insensitive alternation of words regrouped by first letter, each group behind a lookahead for it:
    the engine tries one group's words at a word start instead of all of them. Words that start with a group
    ``(...)`` join every group; each group keeps the words' order, so the same word wins."""
    items, depth, start, i = [], 0, 0, 0
    while i < len(alternation):
        ch = alternation[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = alternation.index("]", i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            items.append(alternation[start:i])
            start = i + 1
        i += 1
    items.append(alternation[start:])
    groups: dict[str, list[str]] = {}
    for item in items:
        for c in item[0].lower() if item[0].isalpha() else "abcdefghijklmnopqrstuvwxyz":
            groups.setdefault(c, []).append(item)
    return "|".join(f"(?=[{c}])(?:{'|'.join(words)})" for c, words in sorted(groups.items()))


_MONTH = month_alternation(_MONTHS, lower=False)
_MONTH_ANY = month_alternation([m for m in _MONTHS if m not in ("May", "March", "Mar")], lower=True)
_MONTH_NO_MAY = month_alternation([m for m in _MONTHS if m != "May"])
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|ST|ND|RD|TH)?"
_YEAR = r"(?:19|20|21)\d{2}"
_NOT_UNIT = (  # ("8-10 degrees", "3-4 ribs": a range of a measure or a count, no day of a month)
    r"(?!\s*(?:mm|cm|m|ml|mL|L|l|lpm|LPM|%|x|X|cc|mg|kg|g|Fr|F|french|hours?|hrs?|days?|weeks?|wks?|min|degrees?|deg|"
    r"mmHg|bpm|years?|yrs?|months?|mos|seconds?|secs?|mcg|units?|ribs?|levels?|times)\b|\s*°)"
)
_END = r"(?![\w/-]|\.\d)"

NAME_WORD = (  # "O'Brien", "SMITH", "'Aho" (Tongan), "al-Masri" (an Arabic article joined to the name), "d'Souza"
    r"(?:['’]?[A-Z](?:['’][A-Z])?[a-z][A-Za-z'’-]*|[dl]['’][A-Z][a-z][A-Za-z'’-]*|[A-Z][A-Z'’-]+|(?:al|el|ad|ar|as|at|an|abd|abu)-[A-Z][a-z'’-]+)"
)
MIXED_WORD = r"(?:[A-Z](?:['’][A-Z])?[a-z][A-Za-z'’-]*)"
INITIAL = r"(?:(?:[A-Z]|Ma|Wm|Chas|Jas|Geo|Thos|Jos|Robt|Edw|Benj|Saml|Danl|Sh|Mohd|Md|Muhd)\.[ \t]*)"  # "J.", "Ma."
# particles inside a name: "Faisal bin Khalid Al-Harbi", "Ludwig van der Berg", "Maria de la Cruz"
PARTICLE = (
    r"(?:bin|binti|bint|ibn|abu|van|von|der|den|de|del|dela|delos|della|di|da|du|dos|das|la|le|al|el|ben|ter|ten|"
    # "Noor ul Haq", "Zia ud Din", "Habib ur Rehman": Urdu and Arabic joins; "St. Pierre", "ST. CLAIR"
    r"op|het|['’]t|y|e|ul|ud|ur|us|St\.|Ste\.|ST\.|STE\.)"
)
NAME = (
    # one line: "Dictated by: Rose M. Sullivan\nSigned: RMS" is a name and the next line's label
    rf"(?:{PARTICLE}[ \t]+){{0,2}}{INITIAL}?{NAME_WORD}"
    rf"(?:[ \t]+(?:{PARTICLE}[ \t]+){{0,2}}{INITIAL}?{NAME_WORD}){{0,3}}"
    r"(?:,?[ \t]+(?:Jr|Sr|JR|SR)\.?(?![A-Za-z])|[ \t]+(?:II|III|IV)\b)?"
)

# -- contact --------------------------------------------------------------------------------------------------
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# a login at a host with no domain, a workstation's or a system's account: "jlahti@CBMI", "rad3@PACS01"
LOGIN_AT_HOST = re.compile(r"(?<![\w.@])[A-Za-z][A-Za-z0-9._-]{1,30}@[A-Za-z][A-Za-z0-9_-]{1,30}(?![\w.@-])")
_AT_SPELLED = r"(?:\[at\]|\(at\)|\[AT\]|\(AT\))"
_DOT_SPELLED = r"(?:\[dot\]|\(dot\)|\[DOT\]|\(DOT\)|\bdot\b|\bDOT\b)"
_MAIL_TLD = r"(?i:com|org|net|edu|gov|kr|co|io|uk|ca|de|jp|cn|in|au)\b"
EMAIL_SPELLED = re.compile(  # "j.okafor [at] mgh [dot] harvard [dot] edu", "maria DOT ruiz AT hotmail DOT com"
    rf"[A-Za-z0-9][A-Za-z0-9_%+-]*(?:[ \t]*(?:{_DOT_SPELLED}|\.)[ \t]*[A-Za-z0-9_-]+)*[ \t]*{_AT_SPELLED}[ \t]*"
    rf"[A-Za-z0-9-]+(?:[ \t]*(?:{_DOT_SPELLED}|\.)[ \t]*[A-Za-z0-9-]+)*[ \t]*(?:{_DOT_SPELLED}|\.)[ \t]*{_MAIL_TLD}"
    # the word "at" only with dots spelled out too: "radreads at snuh dot org" (not "available at www.x.com")
    # (a dot written as such in the name: "hunter.bird.md at gmail dot com")
    rf"|[A-Za-z0-9][A-Za-z0-9_%+-]*(?:(?:[ \t]+{_DOT_SPELLED}[ \t]+|\.)[A-Za-z0-9_-]+)*[ \t]+(?:at|AT)[ \t]+"
    rf"[A-Za-z0-9-]+(?:[ \t]+{_DOT_SPELLED}[ \t]+[A-Za-z0-9-]+)*[ \t]+{_DOT_SPELLED}[ \t]+{_MAIL_TLD}"
    rf"|[A-Za-z0-9._%+-]+[ \t]+@[ \t]*[A-Za-z0-9-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9-]+)*[ \t]*\.[ \t]*{_MAIL_TLD}"
)
HANDLE = re.compile(  # "@lupe_deltoro"; "WeChat: zhangwei_88", "LINE: somchai.w", "Skype: dr.subramaniam.rad"
    r"(?<![\w@.])@[A-Za-z][A-Za-z0-9_.]{2,29}(?<!\.)"
    r"|(?i:\b(?:wechat|weixin|line|skype|kakao(?:talk)?|카카오톡|카톡|라인|위챗|텔레그램|왓츠앱|인스타그램|인스타|포털|아이디|"
    r"telegram|whatsapp|signal|instagram|insta|twitter|"
    r"tiktok|facebook|fb|snapchat|viber|zalo|"
    # an account of a portal, a chat or a meeting tool: "Username: JDHILLON2", "Pt portal acct: r.daigle_biw",
    # "Teams: n.ullah.interp", "message from user kiala.mbemba88" (the handle's digit, "_" or "." below)
    r"teams|slack|zoom|webex|user[ \t]?name|screen[ \t]?name|acct|account|(?<=from[ \t])user|(?<=by[ \t])user|"
    r"user(?=[ \t]*[:：])|"  # "PACS user: DLHAMO01"
    r"portal|my[ \t]?chart)"  # "Portal user lupita.avalos87", "Patient portal login: SLONE.DELMER1951"
    # ("MyChart login is marvin.tso.4c": the label told in a sentence)
    r"(?:(?:[ \t]*(?:id|handle|user\s?name|user\s?id|user|log-?in|sign-?in|아이디|계정)(?![A-Za-z])){1,2}"
    r"(?:[ \t]*[:：]|[ \t]+(?:is|was)(?=[ \t]))?"
    r"|[ \t]*[:：]|"
    # a space alone before a handle's shape: "카카오톡 hallim_haenyeo77", 'message from user "emehmedovic1975"'
    r"[ \t](?=[ \t]*[\"“']?[A-Za-z][\w.-]*[\d_.]))[ \t]*)[\"“']?"
    # a handle has a digit, or a "_" or "." inside it ("patent." after "Portal:" is a word and its full stop)
    r"((?=[A-Za-z0-9_.-]*?(?:\d|[_.][A-Za-z0-9]))[A-Za-z][A-Za-z0-9_.-]{2,40}[A-Za-z0-9])"
    r"|카톡\s*(?:아이디|ID)?\s*[:：]?\s*([A-Za-z][A-Za-z0-9_.-]{2,40})"
)
HANDLE_KEYS = (  # on lower-cased text; "line" only as a label ("PICC line" is everywhere)
    "@", "wechat", "weixin", "line:", "line id", "skype", "kakao", "telegram", "whatsapp", "signal", "instagram",
    "insta",
    "twitter", "tiktok", "facebook", "fb", "snapchat", "viber", "zalo", "카톡", "카카오톡", "라인", "위챗", "텔레그램",
    "왓츠앱", "인스타", "teams", "slack", "zoom", "webex", "username", "user name", "screen name", "acct", "account",
    "user ", "user:", "portal", "mychart", "my chart", "포털", "아이디",
)  # fmt: skip
URL = re.compile(  # (and a messenger's short link: "wa.me/5024417229", "m.me/pearlie.smalls.77", "t.me/x")
    r"(?i:\bhttps?://|\bs?ftp://|\bdicom(?:web)?://|\bsmb://|\bfile://|\bldaps?://|\bssh://|\bwww\.|"
    r"(?<![\w.])(?:wa|m|t|fb|line|ig|qr\.kakao|open\.kakao)\.(?:me|com)/(?=\w))"
    r"[^\s<>\"]*[^\s<>\".,;:!?)\]]"
)
_TLD = (
    r"(?:com|org|net|edu|gov|mil|int|io|info|biz|health|care|med|kr|uk|ca|de|fr|jp|cn|in|au|nz|ie|sg|us|kz|uz|mn|"
    r"vn|kh|th|ph|tw|hk|ru|br|mx|es|it|nl|ch|se|dk|fi|pl|za|ng|ke|ae|sa|il|tr|pk|bd|lk|np|my|co)"
)
DOMAIN = re.compile(
    rf"(?<![\w@.-])(?:[A-Za-z0-9][A-Za-z0-9-]*\.){{1,5}}{_TLD}(?:\.[a-z]{{2}})?(?::\d{{2,5}})?"
    r"(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]])?(?![\w-])"
)
# Phones: an international prefix (+CC or 00CC), then groups of digits; or a national layout of 2-4 + 3-4 + 4
# digits (02-123-4567, 010-1234-5678, (555) 123-4567, 020 7946 0958); or 3-4 (555-0134); or Korean 4-4 service
# numbers (1588-1234). A measurement unit after the number rejects it.
PHONE = led(
    "+(0-9",
    r"(?<![\w+.])(?:\+|00(?=\d{1,3}[\s.-]))(?:\d[\s.-]?){1,3}(?:\(0?\d{1,4}\)[\s.-]?)?\d{1,5}(?:[\s.-]?\d{2,5}){1,4}(?![\d-])"
    r"|(?<![\w.])\((?:\+|00)\d{1,3}\)[\s.-]?\d{1,5}(?:[\s.-]?\d{2,5}){1,4}(?![\d-])"  # "(0044) 161 276 1234"
    # (not three groups of a longer number: "898 0012 3456 7890" is one id, which DIGIT_GROUPS takes)
    # (a national prefix first: "1-", Mexico's "01 (492) ...")
    r"|(?<![\w.-])(?<!\d[ \t])(?:0?1[\s.-])?(?:\(\d{2,5}\)[\s.-]?|\d{2,5}[\s.-])\d{3,4}[\s.-]\d{4}(?![\d-]|\.\d)"
    r"(?![ \t]\d{4}\b)"
    r"|(?<![\w.-])\d{3}-\d{4}\b(?![.-]\d)"
    r"|(?<![\w/.-])\d{3}/\d{3}[/-]\d{4}(?![\w/])"  # "262/515/4421", "801/555-0163"
    r"|(?<![\w/.-])\d{3}[ \t]+/[ \t]+\d{3}[ \t]+/[ \t]+\d{4}(?![\w/])"  # "785 / 233 / 7019": slashes set apart
    # a number's letters on the keypad: "(517) 975-RADS", "1-800-555-CARE" (capitals only: "3-4-ABC" is no phone)
    r"|(?<![\w.-])(?:1[\s.-])?(?:\(\d{3}\)[ \t]?|\d{3}[\s.-])(?:\d{3}[\s.-])?(?:\d{3}[\s.-][A-Z]{4}|[A-Z]{7})(?![\w-])"
    r"|(?<![\w(])0\d{1,2}\)[ \t]?\d{3,4}-\d{4}\b"  # "031)787-7114"
    r"|(?<![\w.-])1[5-9]\d{2}-\d{4}(?![\d-])"
    r"|(?<![\w.,-])0\d{1,4}[\s/-]\d{6,8}(?![\d.,-])"
    r"|(?<![\w.,-])\d{5}\s\d{5}(?![\d.,-])"
    r"|(?<![\w.-])\(\d{3}\)[ \t]?\d{3}[ \t]+-[ \t]+\d{4}(?![\d-])"  # "(352) 629 - 4408": a dash set apart
    r"|(?<![\w.-])\d{3}[ \t]*-[ \t]*\d{3}[ \t]*-[ \t]*\d{4}(?![\d-])"  # "864 – 578 – 1036": dashes set apart
    r"|(?<![\w.-])\(\d{2,3}\)[ \t]?\d{3,4}-\d{2}-\d{2}(?![\d-])"  # "(951) 204-88-17": Mexico's pairs
    # the Russian and CIS layout: a trunk 8, the city's code in brackets, pairs ("8 (4212) 45-67-89")
    r"|(?<![\w.+-])8[ \t]?\(\d{3,5}\)[ \t]?\d{1,3}-\d{2}-\d{2}(?![\d-])"
    r"|(?<![\w.-])\(\d{4,5}\)[ \t]?\d{1,2}-\d{2}-\d{2}(?![\d-])",
)
PHONE_HINT = re.compile(
    r"\d[\s.)/-]{1,2}\d{3}|\d{3}-\d{4}|\+\d|\b00\d|\d[ \t]+[-/][ \t]+\d{3}|\)[ \t]?\d{1,3}-\d{2}-\d{2}"
    r"|\d[\s.-][A-Z]{4}"
)
# a pager's or a hospital phone's number after its cue and a "#": "Page reading radiologist #2841", "Vocera #4471"
PAGE_NUMBER = re.compile(
    r"(?i:\b(?:page[sd]?|pager|beeper|bleep|vocera|spectralink|text[ \t]+page|call[ \t]+back|callback|dial))\b"
    # (a full stop after it ends the sentence: "page the fellow at #4417.")
    r"[^\n#*]{0,40}?(?:#|(?<=[ \t])\*)[ \t]?(\d{3,6})(?![\d,:/-]|\.\d)"  # "Alpha page *76034": a paging system's star
)
# a player's or a locker's number: "Jersey #31", "bib no. 1142", "locker 214"
JERSEY_NUMBER = re.compile(
    r"(?i:\b(?:jersey|uniform|bib|locker)[ \t]*(?:#|no\.?|number)?[ \t]*)(\d{1,4})(?![\w,/-]|\.\d)"
)
# the words whose "#" numbers a picture or a place in the hospital, not a pager ("see image #1234", "bed #1204")
PAGE_NUMBER_NOT_AFTER = re.compile(
    r"(?i:\b(?:image|images|img|series|slice|view|frame|film|bed|room|item|step|page|lot)[ \t]*#[ \t]?\d+$)"
)
# "555 0148", "555.0162": taken after a call cue
LOCAL_NUMBER = re.compile(r"(?<![\d.])\d{3}[ \t.]\d{4}(?![\d-]|\.\d)")
LOCAL_NUMBER_CUE = re.compile(  # ("reachable at 555.0162")
    r"(?i:\b(?:call(?:[ \t]*back)?|phone|tel|cell|reach(?:able)?|contact|dial|page|pager)\b)[^\n\d]{0,24}$"
)
EXTENSION = re.compile(  # "___ ext. 312", "___ poste 3318" (French), "___ Durchwahl 12", "___ ramal 45", "___ int. 118"
    # (and what is keyed after the number: "___ mailbox 3317", "___ then enter #4412", "___ x.17")
    r"(?<=_)[ \t,(]*(?i:(?:then|and)[ \t]+(?:(?:enter|dial|press|key|punch)[ \t]+)?#?|x\.?|ext\.?|extension|local|"
    r"loc\.?|poste|durchwahl|ramal|interno|int\.|anexo|option|opt\.|press|(?:voice[ \t]?)?mail[ \t]?box|vm[ \t]?box|"
    r"pin|(?:[\uac00-\ud7a3]{1,3}[ \t]+)?(?:내선|교환)|#)"  # "___ (야간 내선 14)": a Korean word before the line
    r"[ \t]*#?[ \t]*(?:\d{1,6}\b|_+)"
)
EXTENSION_LABEL = re.compile(  # "ext. 227" (not "extension 12 mm": a size)
    # (a full stop after it ends the sentence: "then ext 219."; "ext 2.5" is a measure)
    r"(?i:\bext\.?|\bextension)[ \t]*#?[ \t]*(\d{2,6}(?:-\d{2,5})?)(?![\d/-]|\.\d)(?![ \t]*(?:mm|cm|%|deg|°))"
)
# an in-house line's extension after the line's word: "company safety line x117", "front desk x2210" (not "x 10
# days", "PICC line x2")
EXTENSION_AFTER_LINE = re.compile(
    r"(?i:\b(?:line|phone|desk|office|station|number|hotline|extension))[ \t]*[:#]?[ \t]*(x\d{3,5})(?![\w/-]|[.,]\d)"
)
EXTENSION_BARE = re.compile(r"(?<![\w.])x(?:\d{4,5}|\d-\d{4})(?![\w/-]|\.\d)")  # "x5512", "x4-3921": an internal line
PAGER = led(
    "PpBbEeTtCcMmFfHhOo연전휴핸팩내교삐호무",
    r"(?i:\b(?:pager|beeper|pgr|bpr|ext|extension|tel|telephone|phone|cell|mobile|mob|fax|contact|callback|"
    r"call\s*back|hp|office)\b\.?|연락처|전화번호|전화|휴대폰|핸드폰|휴대전화|팩스|내선|교환|삐삐|호출기|무선호출|호출번호)\s*(?:#|no\.?|number|num)?\s*[:=]?\s*#?\s*"
    r"(\+?\d[\d\s.()-]{2,18}\d)(?![\d-])"
    r"|(?i:\b(?:pg|pge|bpr)\.?)[ \t]*#?[ \t]*(\d{4,5})(?![\d.-])"  # "pg 2284": a pager's short number
    r"|(?i:\b(?:pager|beeper|pgr|bpr|bleep)\b\.?)[ \t]*(?:#|(?i:no\.?))[ \t]*(\d{3})(?![\d.-])"  # "beeper #207"
    r"|(?:내선|교환)(?:번호)?[ \t]*[:：]?[ \t]*(\d{3})(?![\d.-])",  # "영상의학과 내선 315": a short extension
)
PAGER_DEVICE = re.compile(  # "page #2204", "Spectralink 44127", "PHS 3471": an in-house number of 4-6 digits
    r"(?i:\b(?:page|paging|paged|text|texted|dial|dialed|dialled|vocera|spectralink|ascom|spok|bleep|bleeped|dect|"
    r"zone[ \t]+phone|"
    r"wireless[ \t]+phone|"
    r"badge[ \t]+phone|portable[ \t]+phone|unit[ \t]+phone|charge[ \t]+phone|phs))[ \t]*(?:(?i:at|to|on)[ \t]+)?"
    r"(?:#[ \t]*|(?i:no\.?|x)[ \t]*)?(\d{4,6})(?![\d/:-]|\.\d)"
)
PAGER_DEVICE_KEYS = ("page", "text", "dial", "vocera", "spectralink", "ascom", "spok", "phone", "bleep", "dect", "phs")
PAGER_KEYS = (
    "pager", "beeper", "pgr", "bpr", "pg", "ext", "tel", "phone", "cell", "mobile", "mob", "fax", "contact",
    "call", "hp", "office", "연락처", "전화", "휴대폰", "핸드폰", "팩스", "내선", "교환", "삐삐", "호출",
)  # fmt: skip
# (not the groups of an international phone: "+977 98 0123 4567")
SSN = re.compile(r"\d(?<![\w+]\d)\d{2}[- ]\d{2}[- ]\d{4}\b(?![ -]\d{2,4}\b)")
SSN_MASKED = led(
    "*Xx#Ssſ",
    r"(?<![\w*])(?:\*{3}|[Xx#]{3})[- ]?(?:\*{2}|[Xx#]{2})[- ]?(\d{4})\b"
    r"|(?i:\b(?:ssn|social\s+security(?:\s+(?:no|number|#))?)\.?[^\n\d]{0,12}last[ \t-]*(?:4|four)(?:[ \t-]*digits)?\)?"
    r"[ \t]*[:#=-]?[ \t]*)(\d{4})\b",  # "SSN (last 4): 0362"
)
# A national id with its check character: Chile's RUT and Brazil's RG ("14.872.539-K", "34.567.890-X"), Spain's
# DNI / NIE ("12345678-Z"); the dotted thousands or the 7-8 digits before a lone letter are an id's shape
ID_CHECK_CHARACTER = re.compile(
    r"\d(?<![\w./-]\d)\d{0,2}(?:\.\d{3}){2,3}-[0-9A-Za-z](?![\w-])|\d(?<![\w./-]\d)\d{6,7}-[A-Za-z](?![\w-])"
)
AE_TITLE = re.compile(  # a DICOM node's application entity title: "(AE TELE_BOG)", "Calling AET: STMARYS_CR1"
    r"\b(?:(?:Calling|Called|Station)[ \t]+)?(?:AE[ \t]*[- ]?[ \t]*[Tt]itle|AET|AE)[ \t]*[:=]?[ \t]*"
    r"([A-Z][A-Z0-9_-]{2,15})(?![\w-])"
)
HOSTNAME = re.compile(  # a computer's name after its label: "hostname rad-ws14", "Computer name: DOV-RAD-07"
    r"(?i:\b(?:host[ \t]?name|computer[ \t]+name|device[ \t]+name|station[ \t]+name|workstation[ \t]+(?:id|name)|"
    r"machine[ \t]+name|node[ \t]+name|(?:dicom|pacs|ris)[ \t]+(?:node|server|host|gateway)))[ \t]*[:=#]?[ \t]*"
    r"([A-Za-z0-9][A-Za-z0-9._-]{1,40}[A-Za-z0-9])(?![\w-]|::)"  # (not an IPv6 address's first group: "fe80::1c2b")
)
HOST_BEFORE_IP = re.compile(  # a machine's name before its address: "RSCHPACS01 @ 172.16.5.40", "pacs-gw2 at 10.2.0.14"
    r"(?<![\w.-])[A-Za-z][A-Za-z0-9._-]{2,40}[A-Za-z0-9]"
    r"(?=[ \t]*(?:@|\bat\b|\(|/)[ \t]*\d{1,3}(?:\.\d{1,3}){3}(?![\d.]))"
)
# a Medicare Beneficiary Identifier (11 characters: digit, letter, letter or digit, digit, letter, letter or digit,
# digit, two letters, two digits; no S, L, O, I, B, Z), grouped 4-3-4 or not: "1EG4 TE5 MK73", "1EG4-TE5-MK73"
MBI = re.compile(
    r"(?<![\w-])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[ -]?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[ -]?"
    r"[AC-HJKMNP-RT-Y]{2}\d{2}(?![\w-])"
)
HEALTH_CARD_LETTERS = re.compile(  # Quebec RAMQ / NAM and similar: four letters, then 8 digits in two groups
    r"(?<![\w-])[A-Z]{4}[ \t-]?\d{4}[ \t-]?\d{4}(?:[ \t-]?[A-Z0-9]{2})?(?![\w-])"
)
RRN = re.compile(r"\d(?<!\w\d)\d{5}[- ]?[1-8]\d{6}(?!\d)")  # Korean resident registration number
IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?::\d{1,5}\b)?(?![\w]|\.\d)")
IPV6 = re.compile(
    r"(?<![\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
    r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?)"
    r"(?![\w:])"
)

# -- dates ----------------------------------------------------------------------------------------------------
DATE_SPACED = re.compile(  # "08 / 14 / 2023": a form's date with spaced separators (a four-digit year)
    r"\d(?<![\w./-]\d)\d?[ \t]*([/.])[ \t]*\d{1,2}[ \t]*\1[ \t]*(?:19|20)\d{2}(?!\d)"
)
# a form's date in boxes, its parts apart by spaces alone ("11   23   1952" under "Birth Date"), after a date label
DATE_BOXED = re.compile(
    r"(?i:\b(?:date|dob|d\.o\.b\.?|birth(?:[ \t]*date)?|born|dos|생년월일)\b[^\n\d]{0,24}\n?[ \t]*)"
    r"((?:0?[1-9]|1[0-2])[ \t]{1,6}(?:0?[1-9]|[12]\d|3[01])[ \t]{1,6}(?:19|20)\d{2})(?!\d)"
)
# a DICOM time after its key ("StudyTime": "141502.000", "Study Time: 143205"): the study's time of day
DICOM_TIME = re.compile(
    r"(?i:\b(?:study|series|acquisition|content|exam|instance[ \t]*creation)[ \t_]*time)[\"']?[ \t]*[:=>][ \t]*[\"']?"
    r"((?:[01]\d|2[0-3]):?[0-5]\d(?::?[0-5]\d)?(?:\.\d{1,6})?)(?!\d)"  # ("<StudyTime>0912</StudyTime>", "09:15:22")
)
# three or more groups of four digits ("7730 0041 8825 1196", "4111-1111-1111-1111"): a card's or a member's number
CARD_GROUPS = re.compile(  # (and a short last group: a parcel's tracking number "9400 1112 0207 4583 2219 01")
    r"(?<![\w.,:/-])\d{4}(?:([ \t-])\d{4})(?:\1\d{4}){1,4}(?:\1\d{1,3})?(?![\w.,:/-]|[ \t]\d)"
)
CARD_GROUPS_CUE = re.compile(
    r"(?i:card|\bno\b|number|\bnum\b|#|\bid\b|member|account|acct|policy|license|licence|serial|\bs/?n\b|"
    r"certificate|badge|permit|번호)[^\n]{0,24}$"
)
# a month's name or abbreviation, a day and a two-digit year, spaces only ("mar 5 24 pa/lat chest"): three numbers
# of a date read aloud
DATE_MONTH_DAY_YY = re.compile(
    r"(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december)\.?)[ \t]+(?:0?[1-9]|[12]\d|3[01])[ \t]+\d{2}"
    r"(?![\w.,:/%-]|[ \t]*(?i:hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?|min|minutes?|mm|cm|mg|ml|kg|"
    r"units?|yo|y/o|am|pm)\b)"
)
# a date of birth written with spaced slashes and a two-digit year ("DOB 5 / 9 / 47")
DATE_SPACED_DOB = re.compile(
    r"(?i:\b(?:dob|d\.o\.b\.?|born|birth(?:[ \t]*date)?|date[ \t]+of[ \t]+birth))[ \t:]*"
    r"((?:0?[1-9]|1[0-2])[ \t]*/[ \t]*(?:0?[1-9]|[12]\d|3[01])[ \t]*/[ \t]*\d{2})(?!\d)"
)
# a day named for an event after a relative cue ("last Derby Day", "since Election Day"; not "Post-op Day 3")
NAMED_DAY = re.compile(
    r"(?i:\b(?:last|this|next|on|since|before|after|around|by|until|the[ \t]+day[ \t]+(?:before|after))[ \t]+)"
    r"((?!(?:The|A|An|This|That|Next|Each|Every|Same|Following|Previous|First|Second|Third|One|Any|Whole|Entire|"
    r"Night|Long|Full|Half|Work|Business|Sick|Snow)\b)(?:[A-Z][a-z'’]+[ \t]+){1,2}(?:Day|Eve|Weekend))\b"
    r"(?![ \t]*#?\d|[ \t]+(?i:team|shift|staff|unit|clinic|surgery|care|program|hospital)\b)"
)
# a Korean licence or document number: "면허번호: 제 84421 호"
KOREAN_NUMBERED = re.compile(r"제[ \t]*(\d{4,8})[ \t]*호")
DATE_NUMERIC = re.compile(
    r"\d(?<![\w./-]\d)(?:"
    # 2023-03-14, 2023. 3. 14.
    r"(?:(?<=1)9|(?<=2)[01])\d{2}\s?[-/.]\s?(?:0?[1-9]|1[0-2])\s?[-/.]\s?(?:[12]\d|3[01]|0?[1-9])\.?(?!\d)"
    # 24. 3. 5.: the Korean way with a two-digit year (a space after each dot, and the last dot)
    r"|\d\.[ \t](?:0?[1-9]|1[0-2])\.[ \t](?:[12]\d|3[01]|0?[1-9])\.(?!\d)"
    r"|\d?[-/.](?:[12]\d|3[01]|0?[1-9])[-/.](?:\d{4}|['’]?\d{2})" + _END + r"(?!\s*(?:mm|cm|mg|%|Fr|fr|F|G|g)\b)"
    r"|(?:(?<=0)[1-9]|(?<=1)[0-2]|(?<=[1-9]))[/.-](?:19|20)\d{2}" + _END + ")"  # 5/2021, 05-2021
)
_ORD_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_ORDINAL_WORD = (
    rf"(?:{_ORD_UNITS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    rf"nineteenth|twentieth|thirtieth|(?:twenty|thirty)[\s-]{_ORD_UNITS})"
)
DATE_WORDS = re.compile(  # "March the third", "June twenty-first", "the fifth of November"
    # ("may first appear" is a verb: May before its ordinal only in capitals, after a preposition or before a year)
    rf"(?i:(?:{_MONTH_ANY}|march)\s+(?:the\s+)?{_ORDINAL_WORD}\b"
    rf"|(?:the\s+)?{_ORDINAL_WORD}(?:\s+day)?\s+of\s+(?:{_MONTH_ANY}|march|may)\b"  # "the twenty-third day of April"
    r"(?:,?\s+(?:(?:19|20)\d{2}|two\s+thousand(?:\s+and)?(?:[\s-]+(?:twenty|thirty|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine)){0,2})\b)?)"
    rf"|(?:(?<=\bon\s)|(?<=\bof\s)|(?<=\bsince\s)|(?<=\bfrom\s)|(?<=\buntil\s))May\s+(?:the\s+)?(?i:{_ORDINAL_WORD})\b"
    rf"|May\s+(?:the\s+)?(?i:{_ORDINAL_WORD})(?=,?\s+(?:19|20)\d{{2}}\b)"
    r"(?:,?\s+(?:19|20)\d{2}\b)?"
    rf"|(?i:(?:the\s+)?{_ORDINAL_WORD}\s+of\s+)(?=_)"  # "the fourteenth of ___": the month and year were masked
    # dictated with its year in words: "may nineteenth two thousand twenty three"
    rf"|(?i:(?:{_MONTH_ANY}|march|may)\s+(?:the\s+)?{_ORDINAL_WORD}(?:\s*,)?\s+"
    r"(?:two\s+thousand(?:\s+and)?(?:\s+(?:twenty|thirty|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine)(?:[\s-]+(?:one|two|three|four|five|"
    r"six|seven|eight|nine))?)?|nineteen\s+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)\b)"
)
DATE_APOSTROPHE_YEAR = re.compile(  # "Aug '24", "SEPT. ’25": a month and its year, no day
    r"(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?[ \t]*['’]\d{2})(?![\w'’])"
)
# "chest film repeated 12/27", "signed 3/11 at 0650": a month and day after a verb of time
MONTH_DAY = re.compile(r"(?<![\w/.])(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?![\d/]|\.\d)")
MONTH_DAY_CUE = re.compile(
    r"(?i:\b(?:on|dated|signed|repeated|performed|obtained|done|since|until|through|thru|seen|taken|acquired|admitted|"
    r"discharged|d/c|dc'?d|prior|placed|inserted|intubated|extubated|removed|exchanged|"
    r"compared[ \t]+(?:with|to|w/)|cf\.?|vs\.?|"
    r"comparison[ \t]+(?:with|to|w/)|"
    r"logged|received|departed|arrived|sent|faxed|mailed|called|scheduled|returned|visited|collected|drawn|"
    # a study's own verbs: "imaged 07/09", "dictated 3/4", "finalized 10/2"
    r"imaged|scanned|x-?rayed|filmed|dictated|transcribed|verified|finali[sz]ed|e-?signed|co-?signed|"
    # a weekday before it: "started fri 12/8", "Tues 3/14"
    # (a colon may follow the verb: "TRANSCRIBED: 02/11")
    r"(?:mon|tues?|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?))(?:[ \t]*:)?[ \t]+$"
    # a signature's initials or name on its line: "/s/ JLM 10/02"
    r"|/s/[ \t]*[\w][\w. ,'’-]{0,27}[ \t]+$"
    # a Korean date's label: "퇴원 예정일 11/09", "검사일: 3/4"
    r"|(?:예정일|검사일|촬영일|입원일|퇴원일|수술일|내원일|방문일|시행일)[ \t]*[:：]?[ \t]*$"
    # any Korean word of a day ("검진일", "접종일자", "발생일"), not "매일" (every day: "매일 1/2정")
    r"|(?<![\uac00-\ud7a3])(?!매일)[\uac00-\ud7a3]{1,4}일(?:자)?[ \t]*[:：]?[ \t]*$"
    # a Korean event's label and a colon: "입원: 12/4, 발관: 12/6"
    r"|(?:입원|퇴원|수술|내원|발관|삽관|전원|시술|이송|발병|수상|사고)[ \t]*[:：][ \t]*$"
)
MONTH_DAY_NOT_AFTER = re.compile(  # "on 3/4 L NC", "since 2/3 of": a fraction or a dose, not a date
    r"[ \t]*(?i:of\b|mm|cm|ml|mg|%|views?|images?|nodes?|ribs?|lobes?|cores?|samples?|doses?|l\b|lpm|l/min|liters?|"
    r"litres?|nc\b|tabs?\b|strength)"
)
APOSTROPHE_YEAR_HINT = re.compile(r"['’]\d{2}")
ORDINAL_STREET_HINT = re.compile(r"\d(?:st|nd|rd|th)[ \t]+[A-Z]")
NUMBERED_PLACE_HINT = re.compile(
    r"Pier|Concourse|Ranch|Hangar|Dock|Berth|Gate|Warehouse|Barracks|Rig|Trailer|Building|Bldg|Platform|Grange|Lodge|"
    r"Post|Local|Aerie|Troop|Council"
)
FIVE_DIGITS = re.compile(r"\d{5}")
LOWER_ZIP_HINT = re.compile(r"\b[a-z]{2},?[ \t]+\d{5}\b")
ORDINAL_HINT = re.compile(r"(?:first|second|third|[fsxnhvr]th|eleventh|twelfth|teenth|tieth)\b")  # lower-cased text
DATE_YEAR_FIRST = re.compile(  # "2022 Oct 3", "2024 Jun 30 (Sun)"
    rf"\d(?<![\w./-]\d)(?:(?<=1)9|(?<=2)0)\d{{2}}[ \t,-]+(?:{_MONTH}|{_MONTH_ANY})[ \t-]+(?:[12]\d|3[01]|0?[1-9])\b"
)
DATE_PIPES = re.compile(r"\d(?<![\w|]\d)\d?\|\d{1,2}\|(?:\d{4}|\d{2})(?![\w|])")
HOLIDAY = re.compile(  # "Christmas Eve 2022", "on Thanksgiving Day", "추석 연휴": a day of a known year or visit
    # (its possible first letters checked first: the scan skips every other position at once)
    r"(?=[oasdfbptA-Z\uac00-\ud7a3])(?:\b(?:on|over|since|after|before|at|during|around|following|from|prior\s+to)\s+"
    r"(?:the\s+)?)?"
    r"(?:Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]?s(?:\s+(?:Eve|Day))?|"
    # French, Spanish and Portuguese holidays, and others of the reports' patients (the text is accent-folded)
    r"Saint-Jean(?:-Baptiste)?|St-Jean(?:-Baptiste)?|F[eê]te\s+nationale|Jour\s+de\s+l['’]An|No[eë]l|P[aâ]ques|"
    r"Toussaint|Carnaval|Carnival|Semana\s+Santa|D[ií]a\s+de\s+(?:los\s+)?(?:Muertos|Reyes)|Navidad|Nochebuena|"
    r"Nochevieja|A[ñn]o\s+Nuevo|Victoria\s+Day|Remembrance\s+Day|Family\s+Day|Civic\s+Holiday|Bastille\s+Day|"
    r"Nowruz|Golden\s+Week|Mid-?Autumn\s+Festival|Dragon\s+Boat\s+Festival|Obon|Vesak|Holi|Pongal|Onam|Dashain|"
    r"Thanksgiving(?:\s+Day)?|Easter(?:\s+(?:Sunday|Monday))?|Halloween|Independence\s+Day|Labor\s+Day|Memorial\s+Day|"
    r"Boxing\s+Day|Canada\s+Day|Anzac\s+Day|Valentine['’]?s\s+Day|Mardi\s+Gras|Fat\s+Tuesday|Ash\s+Wednesday|"
    r"Good\s+Friday|Black\s+Friday|Cyber\s+Monday|Super\s+Bowl\s+Sunday|Palm\s+Sunday|Yom\s+Kippur|Rosh\s+Hashanah|Passover|Purim|Hanukkah|Chanukah|Sukkot|Shavuot|"
    # the Jewish year's other days: "Lag BaOmer 5784", "Simchat Torah", "Tisha B'Av", "Tu BiShvat"
    r"Lag\s+B[a']?-?Omer|Simchat\s+Torah|Simchas\s+Torah|Shemini\s+Atzeret|Tisha\s+B['’]?Av|Tu\s+Bi-?Sh[e']?vat|"
    r"Pesach|Chol\s+Ha-?moed|Rosh\s+Chodesh|Succos|Shavuos|"
    r"Diwali|Eid(?:\s+al-(?:Fitr|Adha))?|Ramadan|Juneteenth|Veterans\s+Day|Columbus\s+Day|Presidents['’]?\s+Day|"
    r"Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day|MLK\s+Day|Lunar\s+New\s+Year(?:['’]?s(?:\s+(?:Eve|Day))?)?|"
    r"Chuseok|Seollal|T[eế]t|Hajj|Umrah|Eid[ \t]+al-(?:Fitr|Adha)|Nowruz|Norooz|Navruz|Nauryz|"
    # a people's New Year and festivals: "Hmong New Year 2023", "Khmer New Year", "Songkran", "Losar", "Orthodox Easter"
    r"(?:Hmong|Chinese|Vietnamese|Korean|Tibetan|Cambodian|Khmer|Lao|Laotian|Thai|Karen|Persian|Iranian|Ethiopian|"
    r"Eritrean|Jewish|Islamic|Hijri|Bengali|Nepali|Sikh|Tamil|Sinhala|Burmese|Mongolian|Marshallese)\s+New\s+Year"
    r"(?:['’]?s(?:\s+(?:Eve|Day))?)?|Songkran|Losar|Tsagaan\s+Sar|Pi\s+Mai|Thingyan|Vaisakhi|Baisakhi|Enkutatash|"
    r"Orthodox\s+(?:Christmas|Easter)|"
    r"(?:the\s+)?Fourth\s+of\s+July|Pioneer\s+Day|Cinco\s+de\s+Mayo|St\.?\s+Patrick['’]?s\s+Day)"
    r"(?:\s+(?:weekend|week|holidays?|break|vacation|rush|day|night|morning|evening|parade))?"
    r"(?:,?\s+(?:of\s+|de\s+|du\s+)?(?:19|20)\d{2}|\s+5[78]\d{2}|\s+14\d{2}(?:\s*AH)?"
    r"|\s+(?:of\s+)?(?:this|last|next)\s+year)?"  # ("New Year's Day of this year")
    r"(?=\W|$)"
    r"|(?:설날|설(?=\s?(?:연휴|명절|당일))|추석|성탄절|크리스마스|석가탄신일|부처님\s?오신\s?날|어린이날|광복절|한글날|개천절|현충일|"
    r"어버이날|스승의\s?날|근로자의\s?날|국군의\s?날|"
    r"정월\s?대보름|대보름|삼일절|제헌절|단오|동짓날|섣달\s?그믐|성탄(?=\s?(?:전야|이브)))(?:\s*(?:이브|전야|연휴|당일|전날|다음\s?날))?"
)
HOLIDAY_ANY_CASE = re.compile(HOLIDAY.pattern, re.IGNORECASE)  # in lower-case text: "on labor day"
DATE_COMPACT = re.compile(r"\d(?<!\w\d)(?:(?<=1)9|(?<=2)0)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")
DATE_DAY_FIRST = re.compile(  # 14 Mar 2023, 14th of March, the 2nd of sept, 5/JAN/2024
    rf"\d(?<!\w\d)\d?(?:st|nd|rd|th|ST|ND|RD|TH)?(?:\s+(?:of|OF))?(?:[\s-]+|/(?=[A-Za-z]))"
    rf"(?:{_MONTH_NO_MAY}|{_MONTH_ANY})(?:(?:[,\s-]+|/)(?:{_YEAR}|'?\d{{2}})\b)?"
    # (a two-digit year after May too, no unit after it: "6 May 24 @ 2315", not "6 May 24 hours")
    rf"|\d(?<!\w\d)\d?(?:st|nd|rd|th|ST|ND|RD|TH)?\s+(?:(?:of|OF)\s+)?(?:May|MAY)"
    rf"(?:,?\s+(?:{_YEAR}|'?\d{{2}}(?!\s*(?i:hours?|hrs?|h\b|minutes?|mins?|days?|weeks?|%|mg|mm|cm|ml|kg))\b))?"
    r"(?!\s+(?:be|represent|reflect|BE|REPRESENT|REFLECT)\b)"
    # "the 7th of march": after an ordinal and "of", a lower-case march or may is the month, not the verb
    rf"|\d(?<!\w\d)\d?(?:st|nd|rd|th)\s+of\s+(?:march|may)\b(?:,?\s+{_YEAR}\b)?"
    # "5th march": after an ordinal a lower-case march is the month too (an ordinal "may" can be the verb: "the 4th
    # may be fractured")
    r"|\d(?<!\w\d)\d?(?:st|nd|rd|th)\s+march\b"
    # "14 may 2024": before a four-digit year, a lower-case march or may is the month
    rf"|\d(?<!\w\d)\d?(?:st|nd|rd|th)?\s+(?:march|may|mar)\.?,?\s+{_YEAR}\b"
    # "7 mar 48", "5 march 24": a day, a lower-case "mar" or "march" and a two-digit year (not a count of hours)
    r"|\d(?<!\w\d)\d?\s+mar(?:\.|ch)?\s+'?\d{2}(?![\w/:.-])"
    r"(?![ \t]*(?i:hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?|min|minutes?|mm|cm|mg|ml|kg|units?)\b)"
)
# "05Mar24 0930", "5mar2024", "17SEP2023": a day, a month's three letters in any case and a year, glued together
# (an RIS's or a spreadsheet's compact stamp); its time of day goes with it
_MON3 = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
DATE_GLUED = re.compile(
    rf"\d(?<![\w.]\d)\d?(?i:{_MON3})(?:{_YEAR}|\d{{2}})(?!\w|\.\w)(?:[ \t]+(?:[01]\d|2[0-3]):?[0-5]\d(?![\w:]))?"
)
_WEEKDAY_NAME = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY"
    r"|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat)\.?),?\s+"
)
DATE_ISO_TIME = re.compile(r"(?<=_)T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")  # after a masked date
# a year spelled in Sino-Korean numbers: "이천이십사년 삼월 오일", "천구백오십삼년생" (the month and the day are
# other patterns'; "이천" alone is a city)
DATE_KOREAN_SPELLED_YEAR = re.compile(
    r"(?<![\uac00-\ud7a3])(?:이천|천구백)(?:[이삼사오육칠팔구]?십)?[일이삼사오육칠팔구]?년(?:생|도)?"
    # its month and day spelled too: "이천이십사년 삼월 오일", "천구백사십일년 시월 이십구일"
    r"(?:[ \t]*(?:십[일이]|[일이삼사오칠팔구]|유|시)월(?:[ \t]*(?:[이삼]?십)?[일이삼사오육칠팔구]?일)?)?"
)
# an ordinal day of this, last or next month: "the 3rd of this month", "the 21st of last month"
ORDINAL_OF_MONTH = re.compile(
    r"(?i:\b(?:the[ \t]+)?(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)[ \t]+of[ \t]+(?:this|last|next|the[ \t]+(?:current|"
    r"previous|past|coming))[ \t]+month)\b"
)
# a named storm dates what happened in its week: "the week Hurricane Michael came ashore", "태풍 힌남노 때"
NAMED_STORM = re.compile(
    r"\b(?:Hurricane|Tropical[ \t]+Storm|Superstorm|Typhoon|Cyclone|HURRICANE|TYPHOON)[ \t]+[A-Z][a-z]+\b"
    r"|(?<![\uac00-\ud7a3])태풍[ \t]*[\uac00-\ud7a3]{2,4}(?=[ \t]|때|당시|이후|피해|으로|로|의|$)",
    re.M,
)
# an identifier's letters before its masked number: "MRN: M-___" ("M-0039921" is one identifier)
ID_PREFIX_BEFORE = re.compile(r"(?<![\w-])([A-Z]{1,4}-)(?=_)")
# a week of a month: "3월 셋째 주", "10월 첫 주말", "5월 2주차" (not "3월 2주간": two weeks in March)
DATE_KOREAN_WEEK = re.compile(
    r"(?<!\d)(?:(?:19|20)\d{2}[ \t]*년[ \t]*)?(?:1[0-2]|0?[1-9])[ \t]*월[ \t]*"
    r"(?:첫째|둘째|셋째|넷째|다섯째|마지막|첫|[1-5])[ \t]*주(?:말|차)?(?!간)"
)
# a Korean car's plate wherever it is told ("상대 차량 37가 4512", "서울 12가3456"): two or three digits, one of the
# plates' syllables, four digits (not "3주 1200": a week's syllable is no plate's; not "2024년")
KOREAN_PLATE = re.compile(
    r"(?<![\w-])(?:(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)[ \t]?)?"
    r"\d{2,3}[가나다라마거너더러머버서어저고노로모보소오조구누두루무부수우아바사자배하허호][ \t]?\d{4}"
    r"(?![\d.]|[ \t]*[년월일시분초원개명회건호층차])"
)
DATE_KOREAN_RELATIVE = re.compile(
    r"(?:지난달|지난 달|이번달|이번 달|이달|전월|금월|다음달|다음 달|작년|올해|내년)\s*\d{1,2}\s*(?:월\s*\d{1,2}\s*)?일"
    r"|(?<=_)\s*\(?[월화수목금토일]요일\)?"
)
# Spanish, Portuguese, French and German month names (the screen folds diacritics: "marco" is março), with a day
# before them ("12 de agosto de 2022", "5 de junio", "14. Marz 2023") or a year after them ("julio de 2021")
_FOREIGN_MONTHS = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|"
    "fevereiro|marco|maio|junho|julho|setembro|outubro|novembro|dezembro|janvier|fevrier|mars|avril|mai|juin|"
    "juillet|aout|septembre|octobre|novembre|decembre|januar|februar|marz|maerz|juni|juli|oktober|dezember|"
    # Italian, Tagalog and Haitian Creole ("7 septanm 2019", "12 Hunyo 2020", "3 maggio 2021")
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|pebrero|marso|hunyo|hulyo|"
    "setyembre|oktubre|nobyembre|disyembre|janvye|fevriye|jiye|septanm|oktob|novanm|desanm"
)
# Russian months (Cyrillic; the genitive after a day, the nominative or the prepositional before a year): "1 июня
# 1972 г.", "в марте 2021", "12 окт. 2023"
_CYRILLIC_MONTHS = (
    r"январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]|октябр[ьяе]|"
    r"ноябр[ьяе]|декабр[ьяе]|янв|февр?|апр|авг|сент?|окт|нояб?|дек"
)
_CYRILLIC_YEAR = r"(?:19|20)\d{2}(?:[ \t]*(?:г\.|года|год|г)(?![а-яё]))?"  # "1972 г.", "2021 года"
DATE_CYRILLIC = re.compile(
    rf"(?<!\d)\d{{1,2}}[ \t]+(?i:{_CYRILLIC_MONTHS})\.?(?:[ \t]+{_CYRILLIC_YEAR})?(?![а-яёА-ЯЁ\d])"
    rf"|(?<![а-яёА-ЯЁ])(?i:{_CYRILLIC_MONTHS})\.?[ \t]+{_CYRILLIC_YEAR}(?!\d)"
)
CYRILLIC_HINT = re.compile(r"[а-яёА-ЯЁ]")
# Haitian Creole months that are words or units elsewhere ("mas" is mAs, "me", "jen", "out"): a day before and a
# four-digit year after only
DATE_SHORT_FOREIGN = re.compile(r"\d(?<![\w./-]\d)\d?[ \t]+(?i:mas|me|jen|out)[ \t]+(?:19|20)\d{2}(?!\d)")
# the day-first form starts with a digit (a cheap scan on any text); the month-first forms hold a year, which
# gates them (a case-insensitive scan for 45 month names at every position is not cheap)
DATE_FOREIGN_DAY_FIRST = re.compile(
    # (slashes or dashes around the month too: "15/marzo/2024", "3-junio-2023")
    rf"\d(?<!\w\d)\d?(?:º|°|o|er|\.)?(?:[ \t]*|[/-])(?i:de[ \t]+)?(?i:{_FOREIGN_MONTHS})\b"
    rf"(?:,?(?:[ \t]*|[/-])(?i:de[ \t]+|del[ \t]+)?(?:19|20)\d{{2}}\b)?"
)
DATE_FOREIGN_MONTH_FIRST = re.compile(
    rf"(?i:\b(?:{_FOREIGN_MONTHS})[ \t]+(?:(?:de|del)[ \t]+)?(?:19|20)\d{{2}}\b"
    rf"|\b(?:{_FOREIGN_MONTHS})[ \t]+\d{{1,2}},?[ \t]+(?:19|20)\d{{2}}\b)"
)
# Their abbreviations ("28 fevr. 2026", "30/ago/1962", "22-out-2024", "5 dic. 21"): a day before and a year after
# (an abbreviation alone is too often a word: "out", "set", "ago"); English ones are DATE_DAY_FIRST's
_FOREIGN_MONTH_ABBREVIATIONS = "ene|abr|ago|set|sept|dic|fev|out|dez|janv|fevr|avr|juil|aout|dec|okt|mrz"
DATE_FOREIGN_ABBREVIATED = re.compile(
    rf"\d(?<![\w./-]\d)\d?(?:er)?[ \t./-]{{1,2}}(?i:{_FOREIGN_MONTH_ABBREVIATIONS})\.?"
    rf"[ \t./-]{{1,2}}(?:19|20)?\d{{2}}(?![\d:])"
    # with "de" on both sides any month's abbreviation is one: "2 de feb. de 2024", "15 de sept. del 2023"
    rf"|\d(?<![\w./-]\d)\d?[ \t]+(?i:de)[ \t]+(?i:{_FOREIGN_MONTH_ABBREVIATIONS}|feb|mar|abr|may|jun|jul|nov|oct)\.?"
    rf"[ \t]+(?i:del?)[ \t]+(?:19|20)\d{{2}}(?!\d)"
    # "de" before it only, and a four-digit year after: "el 3 de mar. 2024"
    rf"|\d(?<![\w./-]\d)\d?[ \t]+(?i:de)[ \t]+(?i:{_FOREIGN_MONTH_ABBREVIATIONS}|feb|mar|abr|may|jun|jul|nov|oct)\.?"
    rf",?[ \t]+(?:19|20)\d{{2}}(?!\d)"
    # between slashes any month's abbreviation, any case: "5/mar/2024", "12/ene/2023"
    rf"|\d(?<![\w./-]\d)\d?/(?i:{_FOREIGN_MONTH_ABBREVIATIONS}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov)/"
    rf"(?:19|20)?\d{{2}}(?![\d/])"
)
# month-first, a foreign abbreviation before a day and a four-digit year ("ENE 15 2024", "ene. 15, 2024")
DATE_FOREIGN_ABBREVIATED_MONTH_FIRST = re.compile(
    rf"\b(?i:{_FOREIGN_MONTH_ABBREVIATIONS})\.?[ \t]+(?:[12]\d|3[01]|0?[1-9]),?[ \t]+(?:19|20)\d{{2}}(?!\d)"
    # its dot and a four-digit year, no day: "ene. 2024", "dic. de 2022" (not "two years ago. 2021 ...")
    r"|(?:\b(?i:ene|abr|dic|sept?|fev|dez|janv|fevr|avr|juil|okt|mrz)|(?<![A-Za-z][ \t])\b(?i:ago))\."
    r"[ \t]+(?:(?i:de)[ \t]+)?(?:19|20)\d{2}(?!\d)"
)
# a month's abbreviation or name between dots, any case, any language: "12.JAN.2024", "5.ene.23", "03.Sept.2022"
DATE_DOTTED_MONTH = re.compile(
    r"\d(?<![\w.]\d)\d?\.[ \t]?(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic|fev|out|dez|"
    r"okt|mrz|janv|fevr|avr|juil|aout)[a-z]{0,7})\.[ \t]?(?:19|20)?\d{2}(?![\d.])"
)
YEAR_HINT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# a Korean short date of two-digit year after a date's label: "검사 일자 : 24. 3. 5.", "촬영일 23.11.2"
DATE_KOREAN_SHORT_LABELLED = re.compile(
    r"(?:일자|날짜|일시|검사일|촬영일|내원일|판독일)[ \t]*[:：]?[ \t]*"
    r"(\d{2}\.[ \t]?(?:0?[1-9]|1[0-2])\.[ \t]?(?:0?[1-9]|[12]\d|3[01])\.?)(?![\d.])"
)
# an age in a structured field: "<age unit="Y">110</age>", an OBX of the patient's age ("^AGE PATIENT ...||107|")
AGE_STRUCTURED = re.compile(
    r"(?i:<(?:patient[_-]?)?age\b[^>\n]{0,40}>)[ \t]*(\d{2,3})[ \t]*<"
    r"|OBX\|[^\n]{0,40}?\^(?i:age)\b[^|\n]{0,40}\|[^|\n]{0,10}\|(\d{2,3})\|"
)
# an HL7 phone's components (XTN: ...^country^area^local): "^PRN^PH^^1^302^4229187", quoted outside a segment too
HL7_XTN_PHONE = re.compile(r"(?<=\^)(?:[A-Z]{2,3}\^[A-Z]{2,3}\^[^^|\s]*\^\d{0,3}\^)?\d{2,4}\^\d{3}-?\d{4}(?![\d-])")
# a day, a month and a four-digit year separated by spaces only ("Last CXR 2 1 2024"): either order of day and month
DATE_SPACE_NUMERIC = re.compile(
    r"\d(?<![\w.,:/-]\d)(?<!\d[ \t]\d)\d?[ \t](?:0?[1-9]|[12]\d|3[01])[ \t](?:19|20)\d{2}(?![\w.,:/-]|[ \t]\d)"
)
# a month, a word that ends like an ordinal (misspelled or dictated: "march fith 2024", "June twentyfirst 2023") and a
# year
_MONTHS_NOT_MAY = (
    r"january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|"
    r"jul|aug|sept?|oct|nov|dec"
)
DATE_MONTH_ORDINAL_WORD = re.compile(
    rf"(?i:\b(?:{_MONTHS_NOT_MAY})\.?[ \t]+(?:the[ \t]+)?[a-z-]{{1,14}}(?:th|st|nd|rd)[ \t,]+(?:of[ \t]+)?"
    r"(?:19|20)\d{2})\b"
)
_ORDINAL_WORDS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
    r"(?:twenty|thirty)[ \t-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))"
)
_SHORT_YEAR = r"(?:(?:19|20)?\d{2}(?![\d:])|['’]\d{2})"
# a year read out ("nineteen fifty-two", "twenty twenty-four", "nineteen oh five", "two thousand and three")
_SPOKEN_TENS = (
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety)"
)
_SPOKEN_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_YEAR = (
    rf"(?i:(?:nineteen|twenty)[ \t-]+(?:hundred|oh[ \t-]+{_SPOKEN_UNITS}|{_SPOKEN_TENS}(?:[ \t-]+{_SPOKEN_UNITS})?)"
    rf"|two[ \t]+thousand(?:[ \t]+and)?(?:[ \t]+{_SPOKEN_TENS}(?:[ \t-]+{_SPOKEN_UNITS})?|[ \t]+{_SPOKEN_UNITS})?)"
)
# the day in listed words, no year needed: "mar fifth 24", "October the twenty-first" ("may" needs its year: "may
# first appear" is a verb)
MONTH_ORDINAL_WORD = re.compile(
    rf"\b(?i:{_MONTHS_NOT_MAY})\.?[ \t]+(?i:the[ \t]+)?(?i:{_ORDINAL_WORDS})"
    rf"(?:,?[ \t]+(?:{SPOKEN_YEAR}|{_SHORT_YEAR}))?(?![\w'’-])"  # (a year read out too: "... twenty twenty two")
    rf"|\b(?i:may)[ \t]+(?i:the[ \t]+)?(?i:{_ORDINAL_WORDS}),?[ \t]+(?:{SPOKEN_YEAR}|{_SHORT_YEAR})(?![\w'’-])"
)
_SPOKEN_DAY = (
    r"(?:thirty[ \t-]+one|thirty|twenty(?:[ \t-]+(?:one|two|three|four|five|six|seven|eight|nine))?|nineteen|eighteen|"
    r"seventeen|sixteen|fifteen|fourteen|thirteen|twelve|eleven|ten|nine|eight|seven|six|five|four|three|two|one)"
)
_FULL_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# dictated dates and dates of other layouts: "twelve june nineteen fifty-one" (a day in words, a month, a year read
# out or in digits), "born nineteen forty-one" (a year read out after a birth cue), "DECEMBER THE 3RD", "19. 9. 2024"
DATE_SPOKEN = re.compile(
    rf"(?i:\b{_SPOKEN_DAY}[ \t]+(?:of[ \t]+)?(?:{_FULL_MONTHS}),?[ \t]+(?:{SPOKEN_YEAR}|(?:19|20)\d{{2}})\b)"
    rf"|(?i:\b(?:born|dob|d\.o\.b\.?|b\.|birth[ \t]?date|date[ \t]+of[ \t]+birth)[ \t]*[:：-]?[ \t]*(?:in[ \t]+)?)"
    rf"({SPOKEN_YEAR})\b"
    rf"|\b(?:{_MONTH})[ \t]+(?:the|THE)[ \t]+\d{{1,2}}(?:st|nd|rd|th|ST|ND|RD|TH)\b"
    r"|(?<![\d.])(?:3[01]|[12]\d|0?[1-9])\.[ \t](?:1[0-2]|0?[1-9])\.[ \t]?(?:19|20)\d{2}\b"
)
# (gated: the day-and-month alternative needs a year read out or in digits after a full month's name)
DATE_SPOKEN_HINT = re.compile(r"(?i:nineteen|twenty|thousand|[ \t]the[ \t]+\d)|\d\.[ \t]\d")
# a day in words before a date an earlier pass masked: "dob four ___" (the month and year were "march 1938")
SPOKEN_DAY_BEFORE_MASK = re.compile(rf"(?i:\b{_SPOKEN_DAY}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?)$")  # (before a run)
DATE_WEEKDAY = re.compile(rf"{_WEEKDAY_NAME}(?=_)")  # "Friday, " before a date already masked
DATE_ROMAN_MONTH = led(  # "12.IX.2023", "3 XI 2021": the month in Roman numerals (Central Europe, Asia)
    "0-9",
    r"\d(?<![\w.]\d)\d?[ .\t/-]{1,2}(?:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)[ .\t/-]{1,2}(?:19|20)?\d{2}(?!\d)"
    # in lower case only between full stops, a real day and a four-digit year: "12.ii.2025" (not "35 x 43")
    r"|(?<![\w.])(?:[12]\d|3[01]|0?[1-9])\.(?:xii|xi|ix|x|viii|vii|vi|iv|v|iii|ii|i)\.(?:19|20)\d{2}(?!\d)",
)
DATE_MDY_FULL = led(
    "JjFfMmAaSsOoNnDd",  # "Jan 3 2024, Dec 28 2023": run before a year-first date takes "2024, Dec 28"
    rf"(?:{_MONTH}|{_MONTH_ANY})\s+(?:the\s+)?{_DAY}{_NOT_UNIT},?\s+{_YEAR}\b",
)
DATE_MONTH_FIRST = led(
    "JjFfMmAaSsOoNnDd",  # March 14, 2023 / Jan 2023 / Mar. 14 / september 3rd / Jul-22
    rf"(?:{_MONTH}|{_MONTH_ANY})(?:\s+(?:the\s+)?{_DAY}{_NOT_UNIT}(?:,?\s+{_YEAR})?\b|,?\s+(?:of\s+)?'?{_YEAR}\b"
    r"|-(?:\d{2}|\d{4})\b(?!-)|-\d{1,2}-(?:\d{4}|\d{2})\b(?!-)"  # "Jul-22", "Mar-04-2026"
    r"|,?\s+(?:of\s+)?['’]\d{2}\b)"
    # "march" and "may" in lower case are verbs too: a date only with an ordinal or a year ("march 7th, 1948",
    # "may 3, 2021", "march of 1948")
    r"|\b(?:march|may|mar\.?)\s+(?:the\s+)?(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?:,?\s+(?:19|20)\d{2})?"
    r"|(?:[12]\d|3[01]|0?[1-9]),?\s+(?:19|20)\d{2}|(?:of\s+)?(?:19|20)\d{2})(?![\w/-])",
)
# "3/14" with a cue before it or a time after it, or a day over 12 ("3/14"): fractions ("1/2", "2/3") stay.
_MONTH_DAY = r"(?:(?:1[0-2]|0?[1-9])[/-](?:[12]\d|3[01]|0?[1-9])|(?:1[3-9]|2\d|3[01])[/-](?:1[0-2]|0?[1-9]))"
# more short dates, each by its own frame (the date is group 1):
# * a month and a two-digit year after "s/p" and a procedure: "s/p CABG 11/98";
# * a log entry's month and day opening its line before a dash: "1/12 - pt refused AM film";
# * a year and a month after a comparison's cue: "Comparison: 2021.12";
# * a Korean two-digit year, month and day beside Hangul: "24.3.7 촬영분과 비교";
# * a Korean month and day after an admission's or a discharge's word: "퇴원 예정 10.05";
# * a weekday, a day and a month: "monday, 4 march", "Tuesday 5 March"
DATE_AFTER_PROCEDURE = re.compile(
    r"\bs/p[ \t]+(?:[A-Za-z][A-Za-z-]*[ \t]+){1,3}((?:0?[1-9]|1[0-2])/\d{2})(?![\d/.]|[ \t]*(?:of|mm|cm)\b)"
)
DATE_LOG_ENTRY = re.compile(  # (not a common fraction, "1/2 - 2/3", nor a range's first number, "1/2 - 1 cm")
    r"(?:^|\n)[ \t]*(?!(?:1/[234]|2/[34]|3/4)\b)((?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9]))[ \t]+[-–—][ \t]+(?!\d)"
)
DATE_YEAR_MONTH_DOTTED = re.compile(
    r"(?i:\b(?:comparison|compared(?:[ \t]+(?:with|to))?|prior|previous|since|dated)[ \t]*[:：]?[ \t]*)"
    r"((?:19|20)\d{2}\.(?:1[0-2]|0?[1-9]))(?![\d.])"
)
DATE_KOREAN_FRAMED = re.compile(
    r"(?<![\w.])((?:[0-2]\d)\.(?:1[0-2]|0?[1-9])\.(?:3[01]|[12]\d|0?[1-9]))(?![\d.])(?=[ \t]?[\uac00-\ud7a3])"
    r"|(?:예정|입원|퇴원|내원|촬영|검사|수술|시술)일?[ \t]*[:：]?[ \t]*((?:1[0-2]|0?[1-9])\.(?:[0-2]\d|3[01]))(?![\d.])"
)
DATE_WEEKDAY_DAY_MONTH = re.compile(
    r"(?i:\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?[ \t]+)((?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?[ \t]+"
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december))\b"
)
_WEEKDAY = (
    r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|MON|TUE|TUES|WED|THU|THUR|THURS|FRI|SAT|SUN)\.?"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY"
)
DATE_WEEKDAY_ORDINAL = re.compile(  # "Monday the 6th", "Tues the 14th", "monday the 16th" (in any case)
    rf"\b(?i:{_WEEKDAY})[ \t]+(?i:the[ \t]+)?(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)\b"
)
DATE_SHORT = led(
    "OoDdFfSsſCcPpBbAaUuTtLlEeNnMmWwIiRr0-9",
    # ("on or about 10/5": a date given loosely)
    r"(?:(?i:\b(?:on[ \t]+or[ \t]+(?:about|around|before|after)|on|dated|date|from|since|of|dos|exam|study|"
    r"comparison|compared(?:\s+(?:with|to))?|prior|previous|"
    # the day something began or happened: "injured 07/04", "symptoms began 10/5"
    r"injured|began|begun|started|starting|departed|returned|onset|occurred|"
    r"before|after|until|through|thru|last|seen|performed|obtained|done|born|dob|admitted|discharged|"
    r"scheduled(?:\s+for)?|planned(?:\s+for)?|due(?:\s+on)?|appointment(?:\s+on)?|appt\.?(?:\s+on)?|"
    r"admit|adm|surgery|procedure|today|yesterday|discharge|"
    # a worklist row's status before its date: "XR CHEST 2V  COMPLETED  03/05"
    r"completed|signed|finalized|resulted|ordered|arrived|verified|"
    # the film read or reviewed that day: "prior read 08/30", "films reviewed 3/14"
    r"read|reviewed|imaged|"
    # a date's abbreviated label: "Ord Dt: 11/3   Perf Dt: 11/4"
    r"dt(?=[ \t]*:)))|"
    rf"\b(?:{_WEEKDAY}))\s*[:(,]?\s*(?:the\s+)?({_MONTH_DAY})(?![\w/-]|\.\d){_NOT_UNIT}(?!\s+(?:of|the)\b)"
    r"|\d(?<![\w./-]\d)\d?/\d{1,2}(?=\s*(?:@|at\s)?\s*\d{1,2}:\d{2}|\s*@\s*\d{4}\b)"  # "3/12 @ 1600" too
    # a weekday in brackets after it: "3/11 (월)", "4/2 (Tue)"
    r"|\d(?<![\w./-]\d)\d?/\d{1,2}(?=[ \t]*\((?:월|화|수|목|금|토|일|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6})\.?\))"
    r"|\d(?<![\w./-]\d)(?:(?<=1)[0-2]?|(?<=[2-9]))/(?:1[3-9]|2\d|3[01])(?![\w/%-]|\.\d)"  # "CXR 3/14."
    r"(?!\s*(?:of|nodes?|cores?|lymph|mm|cm|ml|mL|mg|HU|mmHg)\b)"  # "12/15 mm": two sizes
    # "CXR (6/11)": a short date in parentheses after an exam
    rf"|(?i:\b(?:cxr|films?|radiographs?|x-?rays?|ct|mri|exam|study|studies|ago|previously|earlier))\s*\(\s*"
    rf"({_MONTH_DAY})\s*\)"
    # "CXR 4/9, no change": a month and day after an exam, not a size or a fraction
    rf"|(?i:\b(?:cxr|films?|radiographs?|x-?rays?|ct|cta|mri|pet|kub))[ \t]+({_MONTH_DAY})(?![\w/%-]|\.\d){_NOT_UNIT}"
    r"(?![ \t]+(?i:views?|projections?|of|images?|series)\b)",
)
# a month and day in brackets after a Korean exam or visit word: "직전 검사(02.22) 대비", "입원(3/4) 후"
KOREAN_MONTH_DAY = re.compile(
    r"(?:검사|촬영|사진|영상|내원|입원|퇴원|수술|시술|외래|직전|이전|지난번|전번|비교|방문|판독|진료|발병|수상)"
    rf"[ \t]*\([ \t]*((?:0[1-9]|1[0-2])\.(?:0[1-9]|[12]\d|3[01])|{_MONTH_DAY})[ \t]*\)"
)
# an image's, a page's or a film's number among its series ("Image 12/20", "film 2/2"), and a count before what it
# counts ("12/15 sampled ribs", "4-5 segments"): no month and day
_NUMBERED_BEFORE = re.compile(r"(?i:\b(?:image|img|im|slice|series|se|frame|page|pg|seq)\.?[ \t#:]*$)")
_SERIES_BEFORE = re.compile(r"(?i:\b(?:films?|views?|images?|pages?)[ \t#:]*$)")
_COUNTED_AFTER = re.compile(
    r"[ \t]+(?i:sampled|ribs?|segments?|levels?|lobes?|nodules?|lesions?|views?|images?|slices?|episodes?|times|"
    r"vertebrae|vessels?|leads?|cores?|specimens?|fields?)\b"
)
REFERENCE_RANGE = re.compile(r"(?i:\b(?:ref|range|nl|normal))[ \t:.]*\d{1,4}[ \t]*-[ \t]*\d{1,4}$")  # "(ref 135-145)"


def numbering(text: str, start: int, end: int) -> bool:
    """Whether a month-and-day shape at ``text[start:end]`` numbers an image, a page or a film of a series, or counts
    what follows it: "Image 12/20", "film 2/2", "12/15 sampled ribs", "4-5 segments"."""
    if _NUMBERED_BEFORE.search(text, max(0, start - 12), start) or _COUNTED_AFTER.match(text, end):
        return True
    a, _, b = text[start:end].replace("-", "/").partition("/")
    small = a.isdigit() and b.isdigit() and int(a) <= int(b) <= 4  # "1/2", "2/2": one of a few
    return small and _SERIES_BEFORE.search(text, max(0, start - 12), start) is not None


FRACTION_RANGE = re.compile(r"[1-3]/[2-4]\s*(?:to|-|–)\s*[1-3]/[2-4]\b|[1-3]/[2-4]\s+(?:of|full|filled)\b")
DATE_AFTER_DATE = re.compile(  # "03/01 and 02/27": a second date right after a masked one
    rf"(?<=_)\s*(?:,|and|or|to|through|thru|&|-)\s*(?:(?i:again|then|later|also)\s+)?({_MONTH_DAY})(?![\w/-]|\.\d)"
)
# a month's name and a day right after a masked date: "nineteen fifty-two, may 3" (the spoken year masked first;
# matched at each masked date's end)
YEAR_WORDS_AFTER_DATE = re.compile(r"[ \t]+((?:of[ \t]+)?(?:this|last|next)[ \t]+year)\b")  # "___ of this year"
MONTH_NAME_AFTER_DATE = re.compile(
    rf"[ \t]*,?[ \t]*((?i:{_MONTH_ANY}|may|march|mar)\.?[ \t]+(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)?)"
    r"(?![\w/.:-])"
)
# numbers that read like a date and are intervals or scores: "at 3/6/12 months" (a schedule), "pain 4/10, down
# from 7/10" (a score out of ten on a line that scores)
_INTERVAL_AFTER = re.compile(r"[ \t]*-?[ \t]*(?i:months?|mos?|weeks?|wks?|years?|yrs?|days?|hours?|hrs?)\b")
_OUT_OF_TEN = re.compile(r"\d{1,2}/10")
_SCORING_LINE = re.compile(r"(?i:pain|score|scale|\bvas\b|\bnrs\b|rated|\d/10\b)")


def interval_or_score(text: str, start: int, end: int) -> bool:
    """A date's shape that is a schedule's intervals ("3/6/12 months") or a score out of ten on a line that
    scores something else too ("pain 4/10, down from 7/10")."""
    if _INTERVAL_AFTER.match(text, end):
        return True
    if _OUT_OF_TEN.fullmatch(text, start, end):
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        return bool(_SCORING_LINE.search(text[line_start:start] + " " + text[end:line_end]))
    return False


SCORE_BEFORE = re.compile(
    r"(?i:(?:gcs|score|scale|grade|ratio|bp|strength|power|apgar|nyha|ecog|fev1|ef|rr|mmse|size|sizes|fr|french|gauge|"
    r"moca|pain|sbp|dbp|vas|hr|total|subtotal|sum|tally|count|points|severity|positive)\W{0,3}$)"
)
# Islamic, Persian (Solar Hijri), Hebrew and Turkish months (the text is accent-folded); with a day or a year only:
# "14 Ramadan 1447 AH", "Esfand 13, 1404", "5 Adar 5786", "2 Mart 2026", "late Ramadan 1446"
_OTHER_MONTH = (
    r"(?:Muharram|Safar|Rabi['’]?[ \t-]*(?:al|ul|el)?[ \t-]*(?:Awwal|Thani|Akhir|Akhar|Aw+al)|Rabi['’]?[ \t]+[I]{1,2}|"
    r"Jumad[ae][ \t-]*(?:al|ul|el)?[ \t-]*(?:Awwal|Ula|Ola|Akhirah|Akhira|Thani|Thaniyah)|Rajab|Sha['’]?ban|Ramadan|"
    r"Ramazan|Shawwal|Dhu[ \t-]*(?:al|l)?[ \t-]*Qa['’]?dah|Dhu[ \t-]*(?:al|l)?[ \t-]*Hijj?ah|Zul[ \t-]*Hijjah|"
    r"Farvardin|Ordibehesht|Khordad|Tir|Mordad|Amordad|Shahrivar|Mehr|Aban|Azar|Dey|Bahman|Esfand|"
    r"Tishrei|Tishri|Cheshvan|Heshvan|Marcheshvan|Kislev|Tevet|Shevat|Adar(?:[ \t]+(?:I{1,2}|Aleph|Bet))?|Nisan|Iyar|"
    r"Sivan|Tammuz|Av|Elul|Ocak|Subat|Mart|Nisan|Mayis|Haziran|Temmuz|Agustos|Eylul|Ekim|Kasim|Aralik)"
)
DATE_OTHER_CALENDAR = re.compile(
    rf"(?<![\w'’-])(?:\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_OTHER_MONTH}"
    rf"(?:,?[ \t]+\d{{3,4}}(?:[ \t]*(?:AH|A\.H\.|AP|SH|H|AM))?)?"
    rf"|{_OTHER_MONTH}[ \t]+\d{{1,2}},?[ \t]+\d{{3,4}}(?![\w/.-])"
    rf"|(?:(?:early|mid|late|end[ \t]+of)[ \t]+)?{_OTHER_MONTH}[ \t]+\d{{4}}(?:[ \t]*(?:AH|A\.H\.|AP|SH))?)(?![\w'’-])"
)
# the months that are also words or abbreviations ("Tir", "Av", "Mart"): a date only with a year
SHORT_OTHER_MONTHS = frozenset("Tir Mehr Aban Azar Dey Av Adar Nisan Mart Ekim Kasim Ocak Safar Rajab Sivan".split())
OTHER_CALENDAR_HINT = re.compile(  # (a capital first: the scan skips every other position at once)
    r"(?=[A-Z])(?:Muharram|Safar|Rabi|Jumad|Rajab|Sha['’]?ban|Rama[dz]an|Shawwal|Dhu|Zul|Farvardin|Ordibehesht|"
    r"Khordad|Tir\b|Mordad|Shahrivar|Mehr\b|Aban\b|Azar\b|Dey\b|Bahman|Esfand|Tishr|Cheshvan|Heshvan|Marcheshvan|"
    r"Kislev|Tevet|Shevat|Adar\b|Nisan|Iyar|Sivan|Tammuz|Av\b|Elul|Ocak|Subat|Mart\b|Mayis|Haziran|Temmuz|Agustos|"
    r"Eylul|Ekim\b|Kasim\b|Aralik)"
)
DATE_SOLAR_HIJRI = re.compile(  # "1404/12/13", "1385-02-07": a Solar Hijri year (13xx-14xx) first
    r"1(?<![\w./-]1)[34]\d{2}[/.-](?:1[0-2]|0?[1-9])[/.-](?:[12]\d|3[01]|0?[1-9])(?![\w/.-]|\.\d)"
)
YEAR_SERIAL = re.compile(  # a year and a serial: "protokol no: 2026/004417"
    r"\d(?<![\w./-]\d)(?:(?<=1)9|(?<=2)0)\d{2}/\d{4,8}(?![\w/.-]|\.\d)"
)
DATE_CJK = re.compile(  # run where the text has 年 (phi.py)
    # Chinese and Japanese dates, with an era (令和8年, 平成30年, 民國115年) or a year: "2026年3月4日"
    r"(?:令和|平成|昭和|大正|民國|民国)\s*(?:\d{1,3}|元)\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号號])?)?"
    r"|\d(?<!\w\d)\d{1,3}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号號])?"
)
ERA_LETTER_HINT = re.compile(r"[RHS]\d{1,2}\.")
DATE_ERA_LETTER = re.compile(  # a Japanese era's letter and y.m.d: "R8.3.4", "H30.12.1"
    r"(?<![\w.])[RHS]\d{1,2}\.(?:1[0-2]|0?[1-9])\.(?:[12]\d|3[01]|0?[1-9])(?![\w.])"
)
# Vietnamese, accent-folded by the screen: "ngay 4 thang 3 nam 2026", "thang 3 nam 2026" (run where "thang" is)
DATE_VIETNAMESE = re.compile(r"(?i:\b(?:ngay\s+\d{1,2}\s+)?thang\s+\d{1,2}(?:\s*,?\s*nam\s+\d{4})?\b)")
# a Vietnamese street address by its house number and lane: "so 14 ngo 32", "số 7 ngách 12/3", "hẻm 45/2" (run
# where a lane's word is, ``phi.py``; the street's name after it is read by the name and place passes)
ADDRESS_VIETNAMESE = re.compile(
    r"(?i:\b(?:s[oố][ \t]+\d{1,4}[a-z]?(?:/\d{1,4})*,?[ \t]+)?(?:ng[oõ]|ng[aá]ch|h[eẻ]m|ki[eệ]t)[ \t]+"
    r"\d{1,4}[a-z]?(?:/\d{1,4})*(?:,?[ \t]+(?:ng[aá]ch|h[eẻ]m)[ \t]+\d{1,4}(?:/\d{1,4})*)?)(?![\w/])"
)
DATE_KOREAN_SHORT = re.compile(  # a two-digit year in Korean text: "26.03.04와", "검사 26.03.04" (run with Hangul)
    r"(?<![\w.])\d{2}\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])(?=[\uac00-\ud7a3])"
    r"|(?:(?<=[\uac00-\ud7a3] )|(?<=[\uac00-\ud7a3]: ))\d{2}\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])(?![\w.])"
    # spaced after a Korean date label: "결과통보일: 25. 11. 3."
    r"|(?<=일: )\d{2}\.[ \t](?:0?[1-9]|1[0-2])\.[ \t](?:0?[1-9]|[12]\d|3[01])\.?(?!\d)"
)
DATE_KOREAN = led(
    "0-9'",
    r"\d(?<!\w\d)\d{1,3}\s*년\s*\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?"
    r"|\d(?<!\w\d)\d?\s*월\s*\d{1,2}\s*일"
    r"|'\d{2}\.\s?\d{1,2}\.\s?\d{1,2}\.?",
)

# -- identifiers ----------------------------------------------------------------------------------------------
# the labels an identifier follows (case-insensitive), grouped by first letter in ID_LABEL
_ID_LABEL_WORDS = (
    r"mrn|mr\s*#|mr\s*no\.?|med(?:ical)?\s*rec(?:ord)?s?|chart|acc(?:ession)?|accn|encounter|enc|encntr|enctr|visit|"
    # an employee's id, a tracing's or a cheque's number: "EID: 44521", "ECG tracing # 55017", "check #40918"
    r"eid|tracing(?=\s*(?:#|no\b))|check(?=\s*#)|"
    # a prisoner's cell, bunk or pod by its letter and number: "Cell: B-214" (not a cell phone: no digits first)
    r"cell(?=\s*[:#]?\s*[A-Z]{1,2}-?\d)|bunk|pod(?=\s*[:#]?\s*[A-Z]{0,2}-?\d)|tier(?=\s*[:#]?\s*[A-Z]{0,2}-?\d)|"
    r"episode|order|ord(?=\s*#|\.?[ \t]*:?[ \t]*\d)|"
    r"stateroom|cabin(?=\s*(?:#|no\b|\d))|requisition|req|account|acct|fin|csn|har|member|subscriber|insurance|policy|claim(?:\s*file)?|"
    r"serial|s/n|"
    r"sn|lot|uid|instance\s*uid|ssn|social\s*security|patient\s*id|pt\.?\s*id|case|ticket|badge|npi|dea|licen[cs]e|"
    r"lic|unit\s*(?:no|number)|"
    # a military health plan's beneficiary or sponsor number: "TRICARE Prime beneficiary no. 20 882917364"
    r"(?:beneficiary|sponsor|dbn)(?=\s*(?:#|no\b|number\b|id\b|ssn\b))|"
    # the last four digits of a social security number: "Last four: 0912", "last 4 of SSN 4471"
    r"last\s*(?:four|4)(?:\s+(?:of\s+)?(?:(?:the\s+)?ssn|ss#?|social(?:\s+security)?))?|"
    # a credential's number: "B Reader certification #: 11872", "cert no. 20931", "Registry #: 30981"
    r"(?:certification|certificate|cert|registry|credential|accreditation|membership)(?=\s*(?:#|no\b|number\b|num\b))|"
    r"record|reference|ref|specimen|registration|hospital\s*(?:no|number)|id|ids|group|"
    r"grp|plan|medicare|medicaid|ihi|nhs|ohip|phn|hcn|health\s*card|care\s*card|code|randomi[sz]ation|participant|"
    r"subject|trial|enrol(?:l)?ment|screening|consent|protocol|barcode|label|tracking|confirmation|uhid|crn|"
    r"folio|reservation|invoice|"  # a lodging's or a bill's number: "Lodging folio #88421"
    r"site(?=\s*(?:#|no\b|id\b|number\b|code\b)|Id\b)|"  # a trial's site: "Site #: 0417", "siteId"
    r"ip\s*no|op\s*no|ipd|opd|reg(?:istration)?\.?\s*no|bed|cot|nicu\s*bed|"
    r"seguro\s*social|expediente|historia\s*clinica|nhc|c[eé]dula(?:\s+de\s+identidad)?|dni|curp|nss|afiliacion|carne|"
    r"cartao|"
    r"(?:film\s*)?jacket|folder|passport|visa|alien\s*(?:reg(?:istration)?\s*)?(?:no|number|card)|arc|a-?number|"
    r"green\s*card|job|doc(?:ument)?|dictation|transcription|voice\s*file|service|dod|edipi|va\s*file|c-?file|"
    r"interpreter|operator|agent|officer|deputy|exam(?=\s*(?:#|no\b|number|id\b))|identifier|"
    # a medical council's registration number: "MCNZ 41273", "GMC No. 7012345", "AHPRA MED0001234567"
    r"gmc|mcnz|ahpra|mci|nmc|cpso|cpsbc|cpsa|cpsm|cpsns|hpcsa|mdcn|pmdc|bmdc|smc|kmc|dmc|mmc|imc|prc|cmpa|abr|"
    # a vehicle's plate or VIN, a DICOM node's AE title, a station name: "plate LA 412 XRB", "AE_TITLE=OLBMC_CR1"
    r"(?:license\s*|licence\s*|vehicle\s*)?plate|tag|vin|ae[_\s]*title|aet|calling\s*ae|station\s*name|(?<!/)dl|"
    r"driver'?s?\s*licen[cs]e|donor|unet|unos|(?:programmer\s*)?session|interrogation|"
    # a prisoner's or a detainee's number: "INMATE # A-774-201", "booking no. 24-118830", "DOC # 771204"
    r"inmate|offender|booking|detainee|prisoner|sid|tdcj|cdcr|bop|jail\s*id|mbr|mbr\s*#|"
    # a worker's number at a plant or a firm: "Employee # (mill) 40211", "emp no 7731", "clock # 2231"
    r"employee|(?:emp|staff|worker|clock|payroll)(?=\s*(?:#|no\b|id\b|number\b))|(?:pt|patient)(?=\s*#)|"
    # an ambulance's or a fire crew's run: "Fire dept. run # 24-0077", "EMS run number 2024-1123" (not a series'
    # "run 2": the number has a hyphen or four digits)
    r"run(?=\s*(?:#|no\.?|number)\s*:?\s*(?:\d{2,4}-\d{2,6}|\d{4,8})\b)|"
    r"(?:medicaid\s+)?cin|"  # New York Medicaid's client identification number: "medicaid cin ab12345c"
    # a personal code: "access PIN 7731", "passcode: 4410" (not a surgeon's pin: "Steinmann pin 4.0 mm")
    r"pin(?=\s*(?:#|:|no\b|number\b|code\b|\d{4,8}(?!\d|\.\d)))|pass\s*code|passcode|"  # (a sentence's stop after)
    r"(?:pacs|study|exam|record|lookup|legacy|old|patient)[ \t]*key|"  # a record's key: "OLD PACS KEY: 0007~44512~CR"
    r"dosimeter|tld|"  # a radiation worker's dosimeter: "Dosimeter TLD #88213"
    # a card's number ("PRCA card no. 88217"; a state's corrections number, "WDOC# 38842": CORRECTIONS_NUMBER)
    r"card(?=\s*(?:#|no\b|number\b))|"
    # an operator's licence ("KY OL# K04-117-822") and a boat's registration ("Boat reg. OR 4471 AB")
    r"ol(?=\s*#)|boat\s*reg(?:istration)?|vessel\s*reg(?:istration)?|hull\s*reg(?:istration)?"
)
ID_LABEL = re.compile(
    # every label starts with a letter (Latin or Hangul): the lookahead lets the engine skip other positions at
    # once instead of trying the whole alternation at each (half the time on a report; the same matches)
    r"(?=[A-Za-z\uac00-\ud7a3])"
    r"(?:(?i:\b(?:" + by_first_letter(_ID_LABEL_WORDS) + ")"
    r"(?![A-Za-z])\.?)"
    r"|등록번호|병록번호|환자번호|주민등록번호|주민번호|외국인등록번호|보험번호|검사번호|접수번호|차트번호|진료번호|내원번호"
    r"|여권번호|여권|외국인등록증|면허번호|의사면허|사업장코드|사업장번호|사업자번호|사업자등록번호|검진번호|PatientID|OtherPatientIDs|AccessionNumber|DeviceSerialNumber|StudyID|PerformedProcedureStepID|RequestedProcedureID"
    # any Korean label of a number: "검체번호", "일련번호", "사번" (an employee's), "학번", "군번"
    r"|(?=[\uac00-\ud7a3])(?:[\uac00-\ud7a3]{1,6}번호|(?<![\uac00-\ud7a3])(?:사번|학번|군번|번호)))"
    # "Passport (RF): ...", "Alien Reg. No. (A-number): ..."
    r"(?:\s*\([A-Za-z. -]{1,14}\))?(?:\s*(?i:#|no\.?|number|num|nbr|id))?(?:\s*\([A-Za-z. -]{1,14}\))?"
    # "Employee ID of requesting tech: T5518", "Patient ID on outside film: 4417 829"
    r"(?:\s+(?i:of|for|on|from|in)(?:\s+[A-Za-z]+){1,3}(?=\s*:))?"
    r"(?:[ \t]+is(?=[ \t]+[A-Za-z]{0,6}\d))?"  # "MRN is dk00482917": the verb between the label and its value
    r"(?:[ \t]+(?i:ends?|ending)[ \t]+(?i:in|with)(?=[ \t]+\d))?"  # "SSN ends in 4418"
    r"\s*(?:[:#=]|\.{1,12}|[ \t]-(?=[ \t]))?\s*"  # "Visit Number.....V0004", "plan id - W448 21 9930"
    r"(?!(?i:range|ranges|normal|interval)\b)"  # "Ref range 0.0-0.5": a lab's reference range, no number's label
    r"(?!(?:BP|HR|RR|SpO2|SaO2|Temp|Wt|Ht|BMI|GCS)[ \t:]*\d)"  # "Vitals per requisition: BP 142/88": a vital sign
    r"(\d{2,4}-[\uac00-\ud7a3]{1,4}-\d{2,8}"  # "2019-교정-18419": a year, an office's word and a serial
    r"|[\uac00-\ud7a3]{1,4}-\d{2,4}-\d{2,8}"  # "증평-24-0311": a unit's word, a year and a serial
    r"|[\uac00-\ud7a3]{2,6}-\d{3,8}(?!-)"  # "전남강진-0472": a boat's or a vehicle's office and its serial
    # "7H2C 94410"; "0007~44512~CR": parts joined by an HL7 repeat or component separator, letters last
    r"|(?:[A-Za-z]{1,6}[-_/. ]?(?:\d{2,4}[-_/.])?)?\d(?:[\dA-Za-z./_~^-]{2,40}|[A-Za-z])\d"
    r"(?:[~^][A-Za-z]{1,4}|[A-Za-z]?)"
    r"(?: \d{1,8}){0,4}|[A-Za-z]{1,6}[-_ ]?\d{2,8}(?: \d{1,8}){1,4}|\d{2,4}(?: \d{2,10}){1,4}"
    r"|(?:[A-Za-z]{1,4}[ \t-]?)?\d(?:[ \t]\d){4,19}"  # read out digit by digit: "accession cr 2 4 0 0 3 1 8 7 7"
    # "Donor ID: AJKT842", "plate LA 412 XRB", "AE_TITLE=OLBMC_CR1"
    r"|[A-Z]{1,6}-?\d{3}|[A-Z]{1,3} \d{1,4} [A-Z]{1,4}|[A-Z][A-Z0-9]*_[A-Z0-9_]{2,16}"  # ("SMG-031")
    # letters in parts before two groups of digits: "K-LC-02-031" (not a protocol's name: "CXR-PORT-02")
    r"|[A-Z]{1,4}(?:-[A-Z]{1,4}){1,3}(?:-\d{1,6}){2,4}"
    r"|[A-Z]-\d{1,3}(?:\.\d{3}){2}"  # a cédula: "V-18.442.907"
    r"|[A-Z]{2,6}(?:/[A-Z]{1,6}){0,3}(?:/\d{2,8}){1,3}(?<=\d{4})"  # a guarantee's ref: "GOP/UZ/24/01572"
    r"|\d{2,3}[가-힣][ \t]?\d{4}"  # a Korean car's plate: "차량번호 12가 3456"
    # a licence's letters, digits and letters after its state: "Driver license: WA KOWALTM332QP"
    r"|(?:[A-Z]{2}[ \t])?[A-Z]{2,8}\d{2,10}[A-Z]{1,4}"
    r"|(?:\*{2,}|[xX]{3,}|•{2,})[ \t-]?\d{2,6})(?![\w-])"  # a number shown by its tail: "Acct: ****3381"
    r"(?![ \t]*(?:mm|cm|ml|mL|mg|kg|mSv|mGy|kVp?|mAs|HU|sec|s)\b)"  # "Protocol: 1.25 mm axial": a measurement
)
ID_KEYS = (
    "exam", "mr", "rec", "chart", "acc", "enc", "visit", "episode", "ord", "req", "account", "acct", "fin", "csn",
    "har", "member", "subscriber", "insurance", "policy", "claim", "serial", "s/n", "sn", "lot", "uid", "ssn",
    "social", "id", "case", "ticket", "badge", "npi", "dea", "lic", "unit", "record", "ref", "specimen",
    "registration", "hospital", "번호", "group", "grp", "plan", "medicare", "medicaid", "ihi", "nhs", "ohip", "phn",
    "hcn", "card", "code", "random", "participant", "subject", "trial", "enrol", "screening", "consent", "protocol",
    "barcode", "label", "tracking", "confirmation", "uhid", "crn", "ip no", "op no", "ipd", "opd", "reg", "bed",
    "folio", "reservation", "invoice", "eid", "encntr", "enctr", "tracing", "check", "a-number", "a number", "lic",
    "cell", "bunk", "pod", "tier",
    "seguro", "expediente", "historia", "nhc", "cedula", "dni", "curp", "nss", "afiliacion", "carne", "cartao",
    "jacket", "folder", "passport", "visa", "alien", "arc", "green card", "여권", "면허", "gmc", "mcnz", "ahpra",
    "mci", "nmc", "cps", "session", "interrogation", "plate", "tag", "vin", "inmate", "offender", "booking",
    "detainee", "prisoner", "tdcj", "cdcr", "bop",
    "ae", "station", "dl", "donor", "unet", "unos", "hpcsa", "mdcn",
    "pmdc", "bmdc", "smc", "kmc", "dmc", "mmc", "imc", "prc", "cmpa", "abr",
    "PatientID", "AccessionNumber",
    "SerialNumber", "StudyID", "ProcedureStepID", "ProcedureID", "job", "doc", "dictation", "transcription",
    "service", "dod", "edipi", "file", "interpreter", "operator", "agent", "officer", "deputy",
    "voice", "사번", "학번", "군번", "employee", "emp", "staff", "worker", "clock", "payroll", "pt #", "pt#",
    "patient #", "cin", "key", "pin", "pass", "last four", "last 4", "cert", "registry", "credential", "beneficiary",
    "sponsor", "dbn",
    "accreditation", "membership", "dosimeter", "tld", "run #", "run no", "run number",
)  # fmt: skip
DIGITS = re.compile(r"\d(?<![A-Za-z0-9.]\d)\d{5,}(?![A-Za-z0-9]|\.\d)")  # six or more digits (also after "_")
CODE = re.compile(  # letters and 4+ digits in one token: A123456, RAD-2023-004512, PJN123456S
    r"(?<![\w./-])(?=[A-Z0-9_-]{6,40}(?![\w-]))(?=(?:[A-Z_-]*\d){4})(?=[0-9_-]*[A-Z])[A-Z0-9]+(?:[-_][A-Z0-9]+)*(?![\w-])"
)
_UNIT_SUFFIX = re.compile(r"\d(?:ML|MG|CM|MM|CC|MCG|KG|HU|MGY|MSV|KV|KVP|MAS)$")


def is_code(token: str) -> bool:
    """An identifier-shaped code, not a measurement ("5000ML") nor a range of short labels ("T10-T12",
    "V1-V6", "C5-C6": every part of three characters or less)."""
    if _UNIT_SUFFIX.search(token) or _TERMINOLOGY_CODE.fullmatch(token):
        return False
    return not all(len(p) <= 3 for p in token.split("-"))


# A form's number ("DS-3030 Chest X-Ray Worksheet", "Form I-693", "CMS-1500 claim"): a few letters, a hyphen and
# a few digits, named as a form by the word before it or the document words after it. It names a kind of paper
# every applicant fills in, not a patient.
_FORM_SHAPE = re.compile(r"[A-Z]{1,4}-\d{1,4}[A-Z]?")
_FORM_BEFORE = re.compile(r"(?i:form|forms|formulario|supplement|schedule)[ \t]*(?:#|no\.?)?[ \t]*$")
_FORM_AFTER = re.compile(
    r"[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?(?i:form|forms|worksheet|supplement|instructions|chest|medical|claim|"
    r"report|exam|examination|physical|certificate|certification|attestation|application|questionnaire|record)\b"
)


def form_number(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the number of a form (see ``_FORM_SHAPE``)."""
    return _FORM_SHAPE.fullmatch(text, start, end) is not None and (
        _FORM_BEFORE.search(text, max(0, start - 16), start) is not None or _FORM_AFTER.match(text, end) is not None
    )


# a public terminology's code ("RID5350" of RadLex, "CHEBI:..."): it names a concept, not a patient
_TERMINOLOGY_CODE = re.compile(r"RID\d{1,6}|RPID\d{1,6}")
# the coding systems an HL7 coded element names in its third component ("18748-4^Diagnostic imaging^LN")
CODING_SYSTEMS = frozenset(
    "LN SCT SNM SNM3 SCT2 RADLEX RLX LOINC SNOMED I9 I9C I10 ICD9 ICD10 I10C I10P CPT CPT4 C4 HCPCS HCPT NDC RXNORM "
    "UCUM DCM HL7 L LA99 99ZZZ NCI MDC ISO+".split()
)


DIGIT_GROUPS = re.compile(  # 123-45-678, 12 345 6789 (not sizes: "8-10-12 Fr", "10 12 14 mm")
    r"\d(?<![\w./-]\d)\d*(?:[- ]\d{2,}){2,}(?![\w/-]|\.\d)(?![ \t]*(?:Fr|fr|French|mm|cm|mg|mL|ml|gauge|G|%)(?!\w))"
)
# 1.2.840.113619.2.55...; after an ellipsis too ("UID suffix ...1.2.840.113619"), not inside a longer number
# or a UID's tail of three long groups ("...4471.2203.88190"): no date, decimal or phone has three groups of 3+
# digits with one of 5+
UID = re.compile(
    r"\d(?<!\w\d)(?<!\d\.\d)\d*(?:\.\d+){4,}(?![\w]|\.\d)"
    r"|\d(?<!\w\d)(?<!\w\.\d)(?=[\d.]*\d{5})\d{2,}(?:\.\d{3,}){2,}(?![\w]|\.\d)"  # (a group of 5+: no phone)
)

# -- ages -----------------------------------------------------------------------------------------------------
_OVER_89 = r"(?:0?9\d|1[0-2]\d)"  # (a leading zero in a form's field: "Sex/Age: F/094")
# the people whose age a report mentions beside the patient's ("great-grandma is 90": "grandma" matches inside)
_KIN_SUBJECTS = (
    "grandmother|grandfather|grandma|grandpa|granny|mother|father|mom|dad|husband|wife|aunt|uncle|sister|brother|"
    "neighbou?r|caregiver|roommate|widow|widower|veteran|resident"
)
AGE = re.compile(
    rf"(?i:(?<![\w.-])(?<!\d,)({_OVER_89})(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)(?:old|o\b)"
    # (an age with its fraction of a year too: "92.4 yrs")
    rf"|(?<![\w.-])(?<!\d,)({_OVER_89}(?:\.\d{{1,2}})?)\s*(?:yo|y/o|y\.o\.?|yr\.?s?|years?|yoa|yom|yof|ym|yf|y/m|y/f)(?![a-z])"
    rf"|\b(?:age|aged|age:|age/sex|age/gender|age\s*&\s*sex)\s*:?\s*({_OVER_89})\b"
    rf"|(?<![\w.-])(?<!\d,)({_OVER_89})\s*/\s*(?:m|f|male|female|남|여)\b"
    rf"|\b(?:m|f|male|female|남|여)\s*/\s*({_OVER_89})(?![\d.])"
    rf"|(?<![\w.-])(?<!\d,)({_OVER_89})(?:\s*-?\s*)(?:m|f|male|female|man|woman|gentleman|lady)\b(?!\s*(?:fr\b|french))"
    # Korean, Chinese, Japanese, Persian, Arabic and Turkish units after the number (the text is accent-folded)
    rf"|(?<![\w.-])(?<!\d,)({_OVER_89})\s*(?:세|살|歲|岁|歳|才|سال|سنة|عاما|عام|yasinda\b)"
    rf"|(?<![\w.-])(?<!\d,)({_OVER_89})\s*y\b(?=\s*[),]|\s+(?:m|f|male|female|man|woman|old)\b))"  # "(90 y) male"
    rf"|(?i:\b(?:edad|âge|age|alter|idade|età|leeftijd)\s*:?\s*({_OVER_89})\b)"
    rf"|(?:나\s?이|연\s?령|만\s?나이)\s*[:：]?\s*({_OVER_89})(?!\d)"  # "나이: 96"
    rf"|(?i:(?<![\w.-])(?<!\d,)({_OVER_89})\s*(?:años|anos|ans|jahre|anni|jaar|tuoi|tuổi|anyos|anyos\s+gulang|taong\s+gulang)\b)"
    rf"|\byasi[ \t]*:?[ \t]*({_OVER_89})\b|(?:عمر|سن)[ \t]*:?[ \t]*({_OVER_89})(?!\d)"  # Turkish, Persian labels
    rf"|(?i:\(\s*(?:m|f|male|female)\s*[,/]\s*({_OVER_89})\s*\))|(?i:\(\s*({_OVER_89})\s*[,/]\s*(?:m|f|male|female)\s*\))"
    rf"|(?i:\(\s*({_OVER_89})\s*\)\s*(?:m|f|male|female)\b)"  # "(93) F, portable AP": the age in brackets, then sex
    rf"|(?i:\b(?:pt|patient)\s+(?:is\s+)?(?:actually\s+|now\s+|reportedly\s+)?({_OVER_89})(?!\s*(?:%|mm|cm|kg|lbs?|bpm|/|\.\d)))"
    # "the patient, who is 104,", "she turned 100 in May", "he will be 91": a person's age after a copula
    # (a titled person too, by one word of a name: "Ms. X is 99", "Mr. Okafor was 94")
    rf"|(?i:\b(?:who|she|he|pt|patient|{_KIN_SUBJECTS}|(?:mr|mrs|ms|miss|mx)\.?[ \t]+[a-z][\w'’-]*)"
    rf"(?:\s+(?:is|was|turned|turns|turning|will\s+be|will\s+turn)|['’]s)\s+[\"“']?(?:now\s+|actually\s+|"
    rf"reportedly\s+|nearly\s+|almost\s+|just\s+|about\s+|around\s+|approximately\s+|roughly\s+|over\s+)?"
    rf"({_OVER_89})(?![\d.%/:])(?!\s*(?:%|mm|cm|kg|lbs?|bpm|mg|kpa|degrees?|°)))"
    rf"|(?i:\b({_OVER_89}(?:st|nd|rd|th)\s+birthday))"  # "her 100th birthday": the birthday with its number
    # "Turned 96 last week", "celebrating 101": a birthday said by its verb, no subject needed
    rf"|(?i:\b(?:turn(?:s|ed|ing)|celebrat(?:es|ed|ing))\s+({_OVER_89})(?![\d.%/:])"
    r"(?!\s*(?:%|mm|cm|kg|lbs?|bpm|mg|kpa|degrees?|°|times|x\b|percent)))"
    rf"|(?i:\b(?:centenarian|supercentenarian|nonagenarian)\s*[(,:]\s*(?:age\s*)?({_OVER_89})\b)"  # "Centenarian (104)"
    rf"|(?i:\bage\b[^\n\d()]{{0,24}}\(\s*({_OVER_89})\b)"  # "Age [REDACTED] (96 per face sheet)"
    r"|(아흔\s?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)?|백)\s?살"  # Korean native numbers: "아흔두 살"
    # an age's key of any form: "Age (years): 96", "AGE AT DEATH: 104", "PT_AGE=97", "age_yrs=104", "y/o: 104",
    # and a form's dot leaders after it: "Age (yrs) ..... 102"
    r"|(?i:(?<![A-Za-z])(?:(?:pt|patient)?[ _]?age"
    r"(?:[ _]+(?:at|on|in|of)(?:[ _]+[a-z]+){1,3}|[ _]*\(?(?:yrs?|years?|y)\)?)?|y/o|y\.o\.|yrs|years)"
    # (a key in quotes and a value in quotes too: '{"age": 94}', "'ageYears'='101'")
    rf"(?:[\"']?[ \t]*[:=][ \t]*[\"']?|[ \t]*(?:\.{{2,}}|…+|_{{3,}})[ \t.…:]*)[ \t]*"
    rf"({_OVER_89}(?:\.\d{{1,2}})?)(?![\d.]))"
)
AGE_NOT_AFTER = re.compile(  # (the weather before a number: "heat index above 110 F", "outside temp reached 104")
    r"(?i:(?:temp(?:erature)?|fever|febrile|tmax|t\s*max|°|deg(?:rees?)?|spo2|sat)\W*$"
    # the same reading in Celsius first ("38.9 C, 102 F", "39.1°C (102.4 F)"); a vital sign's "T" ("T 102 F")
    r"|\d[ \t]*°?[ \t]*C\b\W*$|(?<![\w.])T[ \t]*[:=]?[ \t]*$"
    r"|(?:index|ambient|outdoor|outside|weather)[ \t]+(?:above|over|of|at|near|reached|hit|was)?[ \t]*$)"
)
_TENS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# the tens and hundreds as dictated and as misspelt ("ninty-one", "nintey two", "one hundered")
_NINETY = r"(?:ninety|ninty|nintey|ninetey|nienty)"
_HUNDRED = r"(?:hundred|hundered|hundrd|hunderd)"
_APPOSED_TO = (
    r"\b(?:patient|pt|grandmother|grandfather|grandma|grandpa|mother|father|mom|dad|woman|man|widow|widower|caregiver|"
    r"resident|veteran|lady|gentleman|husband|wife|aunt|uncle|sister|brother|he|she|elder|male|female)[ \t]*,[ \t]*"
)
# a worded number from ninety to a hundred and nineteen anywhere (a report writes a reading in digits; in words, such
# a number is a person's age: "ninety-seven per chart", "Mrs. T. is one hundred and two", '"ninety and a half"');
# ``phi.py`` rejects a reading's frame (a vital sign before it, a unit or "over" after it, a year read out)
AGE_WORDS_ANY = re.compile(
    rf"(?i:\b({_NINETY}(?:[\s-]*{_TENS})?(?:[\s-]+and[\s-]+a[\s-]+half)?|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen))?)\b)"
    r"(?![\s-]*(?:percent|per[\s-]+cent|%|over|/|to\b|th\b|degrees?|mm|cm|ml|cc|mg|mcg|kg|lbs?|pounds?|grams?|"
    r"units?|meters?|metres?|feet|ft|yards?|miles?|minutes?|mins?|seconds?|secs?|hours?|hrs?|days?|weeks?|months?|"
    r"beats?|bpm|breaths?|times|x\b|mmhg|millimeters?|milliliters?|liters?|cases|patients|studies|views|images|"
    r"slices|nodules|of\b|hundred|thousand))"
)
# ninety and its units in native Korean numbers, a count said of a person's years only: "올해 아흔여섯이심"
AGE_KOREAN_NATIVE = re.compile(
    r"아흔(?:[ \t]?(?:하나|한|둘|두|셋|세|넷|네|다섯|여섯|일곱|여덟|아홉))?"
    # a hundred and a native unit before the age's word: "백한 살", "백두 살" (the hundred alone is "백 살")
    r"|(?<![\uac00-\ud7a3])백[ \t]?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)(?=[ \t]?(?:살|세))"
)
AGE_WORDS_ANY_NOT_AFTER = re.compile(  # a reading's or a year's frame before the number
    r"(?i:\b(?:bp|blood[ \t]+pressure|pressure|pulse|heart[ \t]+rate|hr|rate|sats?|saturation|spo2|sao2|o2|"
    r"oxygen|temp|temperature|glucose|sugar|weight|weighs|rr|respirations?|fev1?|fvc|ef|ejection[ \t]+fraction|"
    r"score|count|platelets?|hemoglobin|number|page|room|bed|channel|exit|route|highway|mile|nineteen|twenty|"
    r"thousand|hundred|and|minus|plus|of|about|approximately|around|over)[ \t:,-]*)$"
)
AGE_WORDS = re.compile(
    rf"(?i:\b((?:{_NINETY}(?:[\s-]*{_TENS})?|(?:(?:one|a)[\s-]+)?{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|twelve|"
    rf"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?)(?:[\s-]*\(\s*\d{{2,3}}\s*\))?)"
    r"[\s-]+(?:years?|yrs?|y\.?o\.?|y/o)"  # "Ninety-eight (98) years old": the digits beside the words
    r"(?:[\s-]+old)?(?!\w)"
    rf"|\b(?:age|aged)\s*:?\s*({_NINETY}(?:[\s-]*{_TENS})?|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|twelve))?)\b"
    # "pt is ninety-nine", "who turned one hundred", "in her ninety-eighth year"
    rf"|\b(?:pt|patient|who|she|he|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|husband|wife|"
    rf"aunt|uncle|mr\.?|mrs\.?|ms\.?|man|woman|lady|gentleman|widow|widower|veteran)"  # ("mr. is ninety")
    rf"(?:\s+(?:is|was|turned|turns)|['’]s)?\s+(?:now\s+|nearly\s+|almost\s+)?"  # ("grandpa ninety-four")
    rf"({_NINETY}(?:[\s-]*{_TENS})?|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|twelve))?)\b"
    r"(?![\s-]+(?:percent|%|mm|kg|m\b|meters?|metres?|feet|ft|yards?|miles?|minutes?|min\b|seconds?|days?|degrees?))"
    rf"|\b(?:his|her|their)\s+((?:{_NINETY}[\s-]+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    rf"ninetieth|one[\s-]+{_HUNDRED}(?:th|[\s-]+and[\s-]+\w+(?:st|nd|rd|th))))\s+(?:year|birthday)\b"
    # "(Ninety Three) male", "ninety-one F": an age in words before a sex
    rf"|\b({_NINETY}(?:[\s-]+{_TENS})?|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|twelve))?)\)?[\s-]+"
    r"(?:male|female|man|woman|gentleman|lady|m|f|yo|y/o)\b"
    # "elderly (ninety-one) widow", "a (ninety-four) year": an age in words in brackets before a person or after
    # "elderly"
    rf"|(?:\b(?:elderly|aged|frail)[ \t]+)?\([ \t]*({_NINETY}(?:[\s-]*{_TENS})?"
    rf"|one[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?"
    rf"{_TENS})?)[ \t]*\)(?=[ \t]+(?:widow|widower|man|woman|gentleman|lady|veteran|patient|resident|male|female|"
    r"yo|y/o|year|years)\b)"
    # "elderly pt (ninety six) w/ aspiration": a worded age in brackets after the person
    rf"|\b(?:pt|patient|man|woman|gentleman|lady|male|female|widow|widower|veteran|resident)[ \t]*\([ \t]*"
    rf"({_NINETY}(?:[\s-]*{_TENS})?|one[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?{_TENS})?)[ \t]*\)"
    # "patient, a hundred and two, lives alone": a worded age set off by commas after a person
    rf"|(?:{_APPOSED_TO})(?:now[ \t]+|aged[ \t]+)?((?:{_NINETY}(?:[\s-]*{_TENS})?"
    rf"|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|twelve))?))[ \t]*,"
    # "an elderly gentleman of one hundred and three"
    rf"|\b(?:man|woman|gentleman|lady|widow|widower|veteran|patient)\s+of\s+({_NINETY}(?:[\s-]*{_TENS})?"
    rf"|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|twelve))?)\b(?!\s+(?:percent|%|mm|kg|pounds))"
    # "She reports being ninety-nine", "says she is a hundred": an age the patient states
    rf"|\b(?:reports?|reported|states?|stated|says?|said|claims?|claimed)\s+(?:being|to\s+be|(?:she|he)\s+is)\s+"
    rf"(?:now\s+)?({_NINETY}(?:[\s-]*{_TENS})?|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|"
    r"twelve))?)\b"
    # "Grandmother, one hundred and two, still ...": an age in apposition to a person
    rf"|{_APPOSED_TO}({_NINETY}(?:[\s-]*{_TENS})?"
    rf"|(?:one|a)[\s-]+{_HUNDRED}(?:[\s-]+(?:and[\s-]+)?(?:{_TENS}|ten|eleven|twelve))?)[ \t]*(?:[,;]|\.(?!\d)|$))"
)
# a FHIR age: '"valueAge": {"value": 97, "unit": "a"' (the number's key says nothing; its object's key does)
AGE_FHIR = re.compile(r'"valueAge"[ \t]*:[ \t]*\{[^{}]{0,40}?"value"[ \t]*:[ \t]*"?(9\d|1[0-2]\d)(?:\.\d+)?"?(?!\d)')
# an age and a sex in a worklist's cells: "| 99 Y | M |"
AGE_CELL = re.compile(
    r"(?<![\w.])(9\d|1[01]\d)[ \t]*Y(?![\w'’-])(?=[ \t]*[|,/;][ \t]*(?:M|F|Male|Female)\b)"
    # a bare number in the cell before a sex's cell: "| 96 | F | XR CHEST |"
    r"|(?<=\|)[ \t]*(9\d|1[01]\d)[ \t]*(?=\|[ \t]*(?:M|F|Male|Female|MALE|FEMALE|남|여)[ \t]*\|)"
    # or in the cell after it: "| 00571234 | 심순자 | F | 91 |"
    r"|(?<=\|)[ \t]*(?:M|F|Male|Female|MALE|FEMALE|남|여)[ \t]*\|[ \t]*(9\d|1[01]\d)[ \t]*(?=\||$)",
    re.M,
)
# an age in brackets after a person's word: "Elderly (90) Hmong grandmother", "Elderly man (93) with ..."
AGE_PAREN = re.compile(
    r"(?i:\b(?:elderly|man|woman|male|female|gentleman|lady|grandmother|grandfather|grandma|grandpa|patient|pt|"
    r"veteran|widow|widower|resident|farmer|retiree))[ \t]*\([ \t]*(9\d|1[01]\d)[ \t]*\)"
)
# an age opening a sentence: "At 94 he still splits his own firewood"
AGE_AT = re.compile(
    r"(?<![\w.])(?i:at)[ \t]+(9\d|1[01]\d)[ \t]*,?[ \t]+(?i:he|she|they|the[ \t]+patient|pt|mr|mrs|ms)\b"
)
AGE_APPOSED = re.compile(  # "Grandmother, 102, ...", "The patient, now 93, is ..."
    rf"(?i:{_APPOSED_TO}(?:(?:now|aged|age|nearly|almost|about)[ \t]+)?(9\d|1[01]\d)[ \t]*(?:[,;]|\.(?!\d)|$))", re.M
)  # "Grandmother, 102, ..."

# -- addresses ------------------------------------------------------------------------------------------------
_STREET_TYPES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Terrace|Ter|Parkway|Pkwy|"
    "Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Plaza|Alley|Route|Rte|Pike|Row|Loop|Run"
)
ADDRESS_US = re.compile(  # group 1: the street's name words (``phi.py`` rejects report words among them)
    r"\d(?<![\w.,/-]\d)\d{0,5}(?:-\d{1,5})?[A-Za-z]?(?:[ \t]+1/2|½)?"  # "41-28": Queens; "118 1/2": a half
    r"(?![ \t]*(?i:mm|cm|m|ml|cc|x|%)\b)[ \t]+"
    r"(?:(?:[NS][EW]|[NSEW])\.?[ \t]+)?"
    r"((?:(?:[A-Z][A-Za-z'’-]*|\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]{0,3}\.)[ \t]+){1,3})"
    rf"(?:{_STREET_TYPES}|{_STREET_TYPES.upper()})\b\.?"
    r"(?:[ \t]+\d{1,4}[A-Z]?\b)?"
    r"(?:\s+(?:NW|NE|SW|SE)\b)?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#)\.?\s*#?\s*[\w-]{1,6}"
    r"|,?[ \t]*\d{1,2}(?:st|nd|rd|th)[ \t]+(?i:fl|flr|floor)\b\.?)?"  # ", 2nd fl": the floor, as a unit
    r"(?:,\s*(?:[A-Z][A-Za-z'’-]*\s?){1,3})?(?:,?\s*[A-Z]{2}\b\.?)?(?:\s+\d{5}(?:-\d{4})?)?"
)
# a Wisconsin or Illinois rural grid number glued to its direction: "N5521 Sauerkraut Ln, Phlox WI 54464"
ADDRESS_GRID_HINT = re.compile(r"(?<![\w.,/-])[NSEW]\d{3,6}[ \t]+[A-Z]")
ADDRESS_GRID = re.compile(
    r"(?<![\w.,/-])[NSEW]\d{3,6}[ \t]+" + ADDRESS_US.pattern[ADDRESS_US.pattern.index("((?:(?:[A-Z]") :]
)
STREET_FIRST = re.compile(  # "1147 W. Calle Ocotillo", "12 Rue de la Paix", "300 Camino Real"
    r"\d(?<![\w.,/-]\d)\d{0,5}[ \t]+(?:[NSEW]\.?[ \t]+)?(?:Calle|Avenida|Av\.|Camino|Via|Rue|Paseo|Callejon|"
    r"Carretera|Ruta|Strasse|Straße|Jalan|Rua)[ \t]+(?:(?:de|del|la|los|las|do|da)[ \t]+)*[A-Z][A-Za-z'’-]+"
    r"(?:[ \t]+[A-Z][A-Za-z'’-]+)?"
)
ZIP_STATE = re.compile(
    r"(?:(?<![\w'’-])[A-Z][A-Za-z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]+){0,2},[ \t]*)?\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
    # a territory's name before its zip ("Dededo, Guam 96929"): the zip goes, the territory's name may stay
    r"|(?<=Guam[ \t])\d{5}(?:-\d{4})?\b|(?<=Rico[ \t])\d{5}(?:-\d{4})?\b|(?<=Samoa[ \t])\d{5}(?:-\d{4})?\b"
    r"|(?<=Islands[ \t])\d{5}(?:-\d{4})?\b"
)
POSTCODE = re.compile(  # UK "Leeds LS9 7TF", Canada "Kelowna BC V1Y 4N7", Australia "Camperdown NSW 2050"
    r"(?:(?<![\w'’-])[A-Z][A-Za-z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]+){0,2},?[ \t]+)?"
    r"(?:\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"
    # (not a TNM stage written without spaces: "T2N2M0" has a postcode's shape; nor a Glasgow coma score's parts:
    # "E4V4M6")
    r"|(?:\b(?:BC|AB|SK|MB|ON|QC|NB|NS|PE|NL|YT|NT|NU)[ \t]+)?\b(?!T\dN\dM\d|E\dV\dM\d)[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b"
    r"|\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)[ \t]+\d{4}\b"
    # Eircode "T12 X2F4"
    r"|\b[ACDEFHKNPRTVWXY]\d{2}[ \t]?[AC-FHKNPRTV-Y\d]{4}\b(?<=\d\w{3}|\w\d\w{2}|\w{2}\d\w|\w{3}\d)"
    # Argentina's CPA "C1193AAE" and a province code after it ("C1193AAE CABA")
    r"|\b[A-HJ-NP-Z]\d{4}[A-Z]{3}\b(?:[ \t]+(?:CABA|[A-Z]{2,4}(?=[ \t]*(?:[.;,)\n]|$))))?)"
)
KOREAN_ADMIN = re.compile(  # "울릉군 울릉읍 도동리", "인천광역시 연수구": an address by its units, no number
    r"(?:"
    r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,4}(?:군|시)[ \t]+[\uac00-\ud7a3]{1,4}(?:읍|면)"
    r"(?:[ \t]+[\uac00-\ud7a3]{1,4}리)?(?![\uac00-\ud7a3])"
    r"|(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,4}(?:읍|면)[ \t]+[\uac00-\ud7a3]{1,4}리(?![\uac00-\ud7a3])"
    r"|(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,4}(?:특별시|광역시|특별자치시|특별자치도|도)[ \t]+"
    r"[\uac00-\ud7a3]{1,4}(?:구|군|시)(?:[ \t]+[\uac00-\ud7a3]{1,4}(?:구|군))?"  # "경상남도 창원시 진해구"
    r"(?:[ \t]+[\uac00-\ud7a3]{1,5}(?:동|읍|면))?(?![\uac00-\ud7a3])"
    # a town (읍) alone, before a particle too: "압해읍 송공항에서", "강화읍에서" (few words end in 읍: "도읍")
    r"|(?<![\uac00-\ud7a3])(?:[\uac00-\ud7a3]{1,4}(?:군|시)[ \t]+)?(?!도읍)[\uac00-\ud7a3]{2,3}읍"
    r"(?=[^\uac00-\ud7a3]|$|에|의|은|이|으로|내|사무소|소재|주민)"
    r")(?:[ \t]+(?:산[ \t]?)?\d{1,5}(?:-\d{1,5})?(?:번지)?(?![\d.]))?"  # and the lot's number
)
DATE_IN_CELLS = re.compile(  # "Exam date 2026<TAB>03<TAB>04": a date's parts in cells or spaced apart, after its label
    r"(?<![\d.])(?:19|20)\d{2}[ \t]+(?:0?[1-9]|1[0-2])[ \t]+(?:0?[1-9]|[12]\d|3[01])(?![\d.])"
)
DATE_CELLS_CUE = re.compile(r"(?i:date|dob|d\.o\.b|날짜|일자)[^\n\d]{0,12}$")
ROUTE_HINT = re.compile(
    r"Route|ROUTE|Rte|RTE|Hwy|HWY|Highway|HIGHWAY|Interstate|INTERSTATE|Road|ROAD|hwy|highway|route|rte|road|"
    r"Rt|RR|HC|CR|SR|US|U\.S\.|FM|RM|I[ -]\d|Km|KM|km|Carrera|Cra|Kra|Cr|Calle|Cl|Transversal|Tv|Diagonal|Dg|Av|Ak|Ac|"
    r"APO|FPO|DPO|Box|BOX|Loop|LOOP|Spur|SPUR"
)
POSTCODE_HINT = re.compile(r"[A-Z]\d|(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)[ \t]+\d{4}")
STREET_NAMED = led(  # a street without a number: "Beckett Street", "Old Post Road", "Yellowstone Ave."
    "A-Z",
    r"(?<![\w'’-])(?:[A-Z][a-z'’-]+[ \t]+){1,2}"
    r"(?:Street|Road|Avenue|Lane|Drive|Boulevard|Crescent|Highway|Parkway|(?:Ave|Blvd|Rd|Hwy|Pkwy)(?![\w'’-]))",
)
# a drive by its abbreviation, which a doctor's title shares: after "on", "off", "along" or "near", and with no
# name after it ("on University Dr. for abnormal film", "off Ridgeview Dr,"; not "Dr. Smith")
STREET_DRIVE = re.compile(
    r"(?<![\w'’-])(?i:on|off|along|near)[ \t]+((?:[A-Z][a-z'’-]+[ \t]+){1,2}Dr)\.?(?=[ \t]+[a-z]|[ \t]*[,;)\n]|[ \t]*$)"
)
DOCTOR_ROLES = frozenset(  # a doctor's role before the title ("on Covering Dr. rounds"): no street's name
    "covering attending referring ordering consulting treating primary admitting reading performing interpreting "
    "family staff resident house duty night day rounding supervising on-call oncall call evening weekend".split()
)
STREET_NUMBER_FR = re.compile(  # the number first in French and Quebec addresses: "17 rue Saint-Denis", "4500, boul."
    r"\b\d{1,5}[A-Za-z]?(?:[ \t]*,)?[ \t]+(?=(?i:rue|avenue|av\.|boulevard|boul\.|blvd|chemin|ch\.|route|rang|"
    r"mont[eé]e|c[oô]te|all[eé]e|impasse|quai|place)[ \t])"
)
FRENCH_STREET_HINT = re.compile(  # ("boul." ends with its full stop: no word boundary after it)
    r"(?i:\b(?:rue|boulevard|boul\.|chemin|rang|mont[eé]e|c[oô]te|all[eé]e|impasse|quai)(?:\b|(?<=\.)))"
)
# a street written the East and Central European or Italian way, its kind first and the house number after its name
# ("ul. Lenina 45-12", "prospekt Mira 101, kv. 7", "ул. Ленина, д. 45, кв. 12", "Via Roma 12", "Hauptstrasse 14")
_HOUSE_NUMBER_AFTER_STREET = (  # "45-12", ", d. 45, kv. 12", " 101, apt 7"
    r",?[ \t]+(?:(?:d|д|dom|дом|No|Nr|nr|n[º°o])\.?[ \t]*)?\d{1,4}[A-Za-zА-Яа-я]?(?:[-/]\d{1,4})?(?![\d.,]\d)"
    r"(?:,?[ \t]*(?:(?i:kv|apt|app|int|m)|кв|квартира)\.?[ \t]*\d{1,4}[A-Za-z]?(?!\d))?"
)
STREET_KIND_FIRST_NUMBERED = re.compile(
    # (a short abbreviation with its full stop only: "per Fleischner 2017" is no lane)
    r"(?<![\w'’-])(?:(?i:ulitsa|ulica|ulice|prospekt|pereulok|bulvar|shosse|mikrorayon|naberezhnaya)"
    r"|(?i:ul\.|prosp\.|pr-t\.|per\.|bul\.|mkr\.)|ул\.|улица|пр-т|просп\.|проспект|пер\.|переулок|бульвар|шоссе|мкр\.|"
    r"Via|Viale|Piazza|Corso|Vicolo|Largo|Calea|Strada|Aleja)[ \t]+"
    r"(?:(?:di|del|della|dei|im|am)[ \t]+)?[A-ZА-ЯЁ][\w'’.-]+(?:[ \t]+[A-ZА-ЯЁ][\w'’-]+)?" + _HOUSE_NUMBER_AFTER_STREET
)
# the same written as one word with the street's kind at its end: "Hauptstrasse 14", "Kossuth utca 3"
STREET_COMPOUND_NUMBERED = re.compile(
    r"(?<![\w'’-])[A-ZÄÖÜ][a-zäöüß]+(?:strasse|straße|str\.|weg|gasse|platz|allee|damm|ring|ulica|utca|gatan|vej)"
    + _HOUSE_NUMBER_AFTER_STREET
)
STREET_WORD_FIRST = led(
    "CAPRUBSrcbmaiq",  # "Calle Luna 254", "Avenida Ponce de León", "Carretera 2 km 14", "Rua das Flores 12"
    # (after a masked house number too: "___rue Saint-Denis", where no word boundary is left)
    r"(?:\b|(?<=_))(?:Calle|C/|Avenida|Avda\.?|Av\.|Camino|Paseo|Callejon|Carretera|Carr\.|Rua|Rue|Urbanizacion|Urb\.|"
    r"Barrio|Bo\.|Sector|Residencial|Condominio|Cond\.|rue|chemin|boulevard|boul\.|rang|mont[eé]e|c[oô]te|all[eé]e|"
    r"impasse|quai)[ \t]+"
    r"(?:(?:de|del|la|los|las|do|da|das|dos|des|du|d['’]|a)[ \t]*)*[A-Z0-9][A-Za-z0-9'’-]*"
    r"(?:[ \t]+(?:(?:de|del|la|los|las|du|des)[ \t]+)?[A-Z][A-Za-z'’-]+){0,3}"
    r"(?:[ \t]*,?[ \t]*(?:#|No\.?|Num\.?|km)?[ \t]*\d{1,5}[A-Za-z]?\b)?",
)
PATIENT_NUMBER = re.compile(  # "Pt # 55108", "patient no. 44190": a patient's number in an old system
    r"(?i:\b(?:pt|patient)[ \t]*(?:#|no\.|number|num\.?)[ \t]*:?[ \t]*)(\d{4,12})(?![\d./-])"
)
BIRTH_YEAR = re.compile(  # "Birth year only on file: 1931", "YOB 1929", "year of birth - 1933"
    r"(?i:\b(?:birth[ \t]*year|year[ \t]+of[ \t]+birth|yob|b\.[ \t]*yr))[^\n\d]{0,24}?((?:18|19|20)\d{2})(?![\d./-])"
    # "Born 1929, month unknown", "born c. 1931", "b. 1940": a birth year right after "born" (not "born at 32 weeks")
    r"|(?i:\bborn|(?<![\w.])b\.)[ \t]*(?:(?i:in|c\.|ca\.|circa|about|around)[ \t]+)?((?:18|19|20)\d{2})"
    r"(?![\d/:-]|\.\d|['’]?s\b)"  # (not a decade: "Born in 1950s")
    # "1938년생": a Korean birth year; "Birthdate (MM/YY): 03/48": a birth month and year after a birth label
    r"|(?<!\d)((?:18|19|20)\d{2}[ \t]?년[ \t]?생)"
    r"|(?i:\bbirth[ \t]*date|\bdob|d\.o\.b\.?)[^\n\d]{0,20}?((?:0?[1-9]|1[0-2])/\d{2})(?![\d/])"
)
AGE_AFTER_BIRTH = re.compile(r"(?<=_)[ \t]*\([ \t]*(9\d|1[01]\d)[ \t]*(?:y|yo|yrs?|years?)?[ \t]*\)")  # "DOB: ___ (92)"
AGE_PLUS = re.compile(r"(?<![\w.])(9\d|1[01]\d)\+[ \t]*(?i:y/?o|yrs?|years?)\b")  # "100+ yrs per family"
YEAR_AFTER_DATE = re.compile(r"(?<=_)[ \t]*,?[ \t]*((?:19|20)\d{2})(?![\d./-])")  # "LABOR DAY 2023" after its day
# the rest of a date after its masked month or day (the date's last letter before it, checked by the caller): a day
# in words and a year ("mar ___ fifth 24"), a year read out in two halves ("march 3rd 20 24")
WORDED_DATE_TAIL = re.compile(
    rf"(?<=_)[ \t]+((?i:{_ORDINAL_WORDS})(?:,?[ \t]+{_SHORT_YEAR})?)(?![\w'’:./-])"
    r"|(?<=_)[ \t]*,?[ \t]+((?:19|20)[ \t]+\d{2})(?![\d:./-]|[ \t]*(?i:mg|ml|mm|cm|kg|%|hours?|hrs?|days?)\b)"
)
# the time field after a masked date on its line: "Date: ___   Time: 0930" (the stamp's time, counted with its date)
TIME_FIELD_AFTER_DATE = re.compile(
    # (or "at" and a four-digit time: "via fax ___ at 0312")
    r"(?<=_)[ \t]+(?:(?i:at|@)[ \t]*(?=[012]\d[0-5]\d(?![\d:.]|[ \t]*(?i:mm|cm|ml|mg|hu|units?|%)\b))|"
    r"(?i:time|tm|hora|heure)[ \t]*[:=][ \t]*)"
    r"((?:[01]?\d|2[0-3]):?[0-5]\d(?::[0-5]\d)?(?:[ \t]*(?i:am|pm|h))?)(?![\d:])"
)
# a year's two digits after an apostrophe, right after a masked date ("Mar 5 '24", "the 4th, '23")
YEAR_TAIL_AFTER_DATE = re.compile(r"(?<=_)[ \t]*,?[ \t]*(['’]\d{2})(?![\w'’])")
# a named day and its year: "Derby day 2023", "Election Day of 2020" (the year makes it a date; the name is read by
# the name passes; a period may end the sentence after it)
EVENT_DAY_YEAR = re.compile(
    r"(?<![\w'’-])(?:[A-Z][A-Za-z'’]+|_+)[ \t]+([Dd]ay[ \t]+(?:of[ \t]+)?(?:19|20)\d{2})(?![\d/-]|\.\d)"
)
AGE_UNIT_AFTER = re.compile(
    r"(?<=_)(?i:[ \t-]*(?:y/o|y\.o\.|yo[mfw]?|y\.o\.[mf]|yrs?(?:[ \t-]+old)?|years?(?:[ \t-]+old|[ \t]+of[ \t]+age)?|"
    r"year[ \t-]+old|tuoi|tuổi|anyos(?:[ \t]+gulang)?|taong[ \t]+gulang|yasinda))"
    r"(?![A-Za-z])"
    r"|(?<=_)(?:歲|岁|歳|才)"  # Chinese and Japanese
    r"|(?<=_)[ \t]*(?:سال|سنة|عاما|عام)(?![\u0600-\u06ff])"  # Persian and Arabic
)
# a second age over 89 on the line of a masked one, as the family or a record gives it: "___ (per VA records; pt says
# 90)", "~95 per family", "closer to 100." (never a reading: no unit, percent, ratio or decimal after it, no vital
# sign, score or numbering word before it)
AGE_SECOND = re.compile(
    r"(?<![\w.,/:#+-])(?<!\d )(9\d|1[01]\d|12[0-5])(?![\w%/°'’:-]|\.\d|[ \t]*(?:%|°|/|[x×]\b|(?i:mm|cm|ml|mg|mcg|kg|"
    r"lbs?|bpm|mmhg|min|sec|hz|kv|ma|f|c|degrees?|percent|units?|beats|breaths|ft|in|cc|l|th|st|nd|rd)\b))"
)
AGE_SECOND_NOT_AFTER = re.compile(  # (a reading's label; a count or a range: "3 to 100")
    r"(?i:\b(?:hr|heart|pulse|p|rate|bp|spo2|sat|sats|o2|rr|resp|temp|t|wt|weight|ht|height|score|grade|level|room|rm|"
    r"bed|bay|unit|ward|series|ser|image|img|slice|kvp|mas|ma|dose|ef|fio2|peep|glucose|bmi|mrn|no|number|page|ext)\b"
    r"[\s:=#-]*(?:of|is|was|at|to)?[\s:=#-]*$|\d[ \t]*(?:of|to|-|–|and|or|x|×)[ \t]*$)"
)
AGE_LABEL_BEFORE = re.compile(  # "yaşı ___" (Turkish), "عمر ___" (Persian)
    r"(?i:\b(?:aged?|yas[iı])[ \t]*[:=]?[ \t]*)(?=_)|(?:عمر|سن)[ \t]*:?[ \t]*(?=_)"
)
SPINE_LEVEL = re.compile(r"[CTLS]\d{1,2}[ \t]*-[ \t]*[CTLS]?\d{1,2}")  # "plate C5-C6", "T12-L1": levels, no id
VERSION_SHAPE = re.compile(r"(?i:v|ver\.?|rev\.?)\d{1,3}(?:\.\d{1,4}){1,3}[a-z]?")  # "Protocol v2.3.07": a version
CODE_NOT_ID = re.compile(
    # (a claim's reason and remark codes, CARC and RARC: "remark code N115", "reason code CO-97")
    r"(?i:\b(?:procedure|cpt|icd(?:-?10)?|billing|diagnosis|dx|hcpcs|exam|loinc|revenue|rev|remark|reason|"
    r"adjustment|denial|carc|rarc|modifier|status|error|place[ \t]+of[ \t]+service|pos)[ \t]*code)"
    r"|(?i:\bcode)[ \t]*[:#]?[ \t]*[A-TV-Z]\d{2}\.[0-9A-Z]{1,4}\b"  # an ICD-10 code: "code C81.90"
)
ZIP_HINT = re.compile(r"\b[A-Z]{2}\s+\d{5}|(?:Guam|Rico|Samoa|Islands)[ \t]\d{5}")
# A part of a name after its label, whatever the word ("Last name: Price", "first name Emile", "apellidos: Rosa
# Blanco", "prenom : Marie"): up to two capitalised words (a common word there is a name)
NAME_PART_LABEL = re.compile(
    # (and the name a patient also goes by: "English name Sharon", "Chinese name Wei", "preferred name Jojo")
    r"(?i:\b(?:(?:first|last|given|family|middle|maiden|birth|sur|nick|english|chinese|korean|vietnamese|japanese|"
    r"western|american|preferred|legal|christian|baptismal)[ \t]*name|apellidos?|nombres?|pr[eé]noms?|"
    r"nom(?:[ \t]+de[ \t]+(?:famille|jeune[ \t]+fille))?|sobrenome|nome))\b[ \t]*[:=]?[ \t]*"
    # (the second word no next field's label: "SURNAME: BLACKBIRD    GIVEN: AUGUST")
    r"([A-Z][A-Za-z'’-]+(?:[ \t]+(?!(?:And|Or|Of|Is|Was|Y|E|Et)\b)[A-Z][A-Za-z'’-]+"
    r"(?![A-Za-z'’-]|[ \t]*(?i:name)?[ \t]*:))?)"
    # a form's bare part labels in capitals: "LAST: DORJSUREN  FIRST: ODGEREL" (the value in capitals too)
    r"|\b(?:LAST|FIRST|GIVEN|FAMILY|MIDDLE|SURNAME)[ \t]*:[ \t]*([A-Z][A-Z'’-]+(?:[ \t][A-Z][A-Z'’-]+)?)(?![\w'’-])"
    # in dictation's lower case, with no colon: "last name guidry", "maiden name is broussard"
    r"|\b(?:first|last|given|family|middle|maiden|sur|nick|preferred|legal)[ \t]*name[ \t]+(?:is[ \t]+)?"
    r"([a-z][a-z'’-]+)(?![\w'’-])"
)
BARE_PART_LABEL = re.compile(r"\b(?:LAST|FIRST|GIVEN|FAMILY|MIDDLE|SURNAME)[ \t]*:")  # NAME_PART_LABEL's gate
ROMANCE_AGE_HINT = re.compile(r"(?i:vingt|noventa|\bcent\b|\bcien|\bcem\b|\bcento\b)")
HL7_REFERENCE_HINT = re.compile(r"(?:MSH|EVN|PID|NK1|PV1|ORC|OBR|OBX|GT1|IN1|MRG)[-.]\d")  # "OBR-32:", "PID.5 ="
OVER_89_HINT = re.compile(
    r"백[ \t]?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)[ \t]?(?:살|세)|"  # ("백한 살": a hundred and one)
    r"(?<!\d)0?(?:9\d|1[0-2]\d)(?!\d)|inety|INETY|inetieth|undred|UNDRED|(?i:ninty|nintey|nienty|hunder|hundrd)|아흔|백\s?살|(?i:vingt|noventa|\bcent\b|\bcien|\bcem\b|\bcento\b)"
)
# French, Spanish and Portuguese ages over 89 in words before their unit: "quatre-vingt-dix-neuf ans", "noventa y
# dos años", "cent deux ans", "cem anos"
AGE_WORDS_ROMANCE = re.compile(
    r"(?i:\b(quatre[ \t-]vingt[ \t-](?:dix(?:[ \t-](?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize)"
    r"|noventa(?:[ \t]+[ye][ \t]+[a-z]+)?|cent(?:[ \t-][a-z]+)?|cien|ciento[ \t]+[a-z]+|cem|cento[ \t]+e[ \t]+[a-z]+)"
    r"[ \t]+(?:ans|anos|años)\b)"
    # without the unit after an age's label ("Edad: noventa y tres"), and French's nineties anywhere (no count of
    # ninety-odd things is written in a report in French words): "she is quatre-vingt-douze"
    r"|(?i:\b(?:edad|idade|âge|age)[ \t]*[:=]?[ \t]*(noventa(?:[ \t]+[ye][ \t]+[a-z]+)?|cien|ciento[ \t]+[a-z]+))\b"
    r"|(?i:\b(quatre[ \t-]vingt[ \t-](?:dix(?:[ \t-](?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize)))\b"
)
ZIP_LABEL = led(
    "ZzPp우",
    r"(?i:\b(?:zip|zip\s*code|postal\s*code|postcode)\b)\s*[:#]?\s*(\d{5}(?:-\d{4})?)\b|우편번호\s*:?\s*(\d{5})",
)
# an address's unit after a masked place: "the ___, unit 4b", "___ Apt 2R", "___, Lot 14"
UNIT_AFTER_PLACE = re.compile(
    r"(?<=_)[ \t]*,?[ \t]*((?i:unit|apt\.?|apartment|suite|ste\.?|lot|space|trailer|bldg\.?|building)[ \t]*#?[ \t]*"
    r"\d{1,5}[A-Za-z]?|#[ \t]*\d{1,5}[A-Za-z]?)(?![\w-])"
)
# a dial string's pauses and digits after a masked phone: "___,,7781#", "___;ext=22" is the URI pass's
# (or its letters' digits in brackets after it: "1-541-555-RADS (7237)")
# (or a menu's option after it: "910.555.0166 opt 3", "press 2")
DIAL_AFTER_PHONE = re.compile(
    r"(?<=_)(?:(,{1,3}[ \t]*\d{2,8}#?)|[ \t]*(\([ \t]*\d{4,7}[ \t]*\))"
    r"|,?[ \t]+((?i:opt(?:ion)?|press|menu)\.?[ \t]*#?\d{1,2})(?![\d.]))"
)
# an area code in parentheses right before a masked phone: "(307) ___" of "(307) 555-01 88"
AREA_CODE_BEFORE = re.compile(r"(\([ \t]*\d{3}[ \t]*\))[ \t]*(?=_)")
# a day of the month said as an ordinal from the 13th on after "on the" and before no noun: "pulled on the
# twenty-third and ...", "seen on the thirtieth." (the first twelve are ribs' and levels' ordinals too)
# (and in digits, "seen on the 14th."; and before a verb or "for": "the film on the twenty-second showed ...")
# and from the first on after a visit's or a film's word: "Returns on the 2nd for a repeat film" (not "on the 2nd
# and 3rd ribs": no "and" after one of the first twelve)
_ORDINAL_DAY_NEXT = r"at|when|but|so|after|before|per|with|by|for|showed|shows|show|was|is|were|revealed|demonstrated"
_NO_ORDINAL_LIST = (
    r"(?![ \t]*,[ \t]*(?:\d{1,2}(?:st|nd|rd|th)|(?i:first|second|third|fourth|fifth|sixth)))"  # "the 4th, 5th"
)
# a season's opening or closing day by its year: "on opening day 2023", "opening day of the 2023 November rifle deer
# season" (the year names the day)
SEASON_DAY = re.compile(  # (after a preposition or "the" only: "the Snowy Range opening weekend 2023" is an event's)
    r"(?:(?<=\bon[ \t])|(?<=\bof[ \t])|(?<=\bat[ \t])|(?<=\bsince[ \t])|(?<=\buntil[ \t])|(?<=\bthe[ \t])|"
    r"(?<=\bOn[ \t])|(?<=\bThe[ \t])|^)"
    r"(?i:(?:opening|closing)[ \t]+(?:day|weekend)(?:[ \t]+of[ \t]+(?:the[ \t]+)?(?:19|20)\d{2}"
    r"(?:[ \t]+[A-Za-z'’-]+){0,4}?[ \t]+season|[ \t]*,?[ \t]+(?:19|20)\d{2}"
    # the year after the season: "opening weekend of rifle deer season, Nov 2023"
    r"|[ \t]+of[ \t]+(?:the[ \t]+)?(?:[A-Za-z'’-]+[ \t]+){0,4}?season(?=[ \t]*,?[ \t]*(?:(?:[A-Za-z]{3,9}\.?[ \t]+)?"
    r"(?:19|20)\d{2}|_))))(?![\w/-]|\.\d)"
)
# three numbers before a day of the week, in any order of year, month and day: "24/3/5 화요일", "5.3.24 (Tue)"
DATE_BEFORE_WEEKDAY = re.compile(
    r"(?<![\w./-])(\d{1,4}([./-])\d{1,2}\2\d{1,4})"
    r"(?=[ \t]*\(?[ \t]*(?:[월화수목금토일]요일|(?i:(?:mon|tues?|wednes|thurs?|fri|satur|sun)(?:day)?|wed|thu)\b))"
)
ORDINAL_DAY_ALONE = re.compile(
    r"(?i:\bon[ \t]+the[ \t]+((?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|"
    r"(?:twenty|thirty)[ \t-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"(?:1[3-9]|2\d|3[01])(?:st|nd|rd|th)))"
    rf"{_NO_ORDINAL_LIST}(?=[ \t]*(?:[.,;:)]|$)|[ \t]+(?i:and|{_ORDINAL_DAY_NEXT})\b)"
    r"|(?i:\b(?:returns?|returned|seen|done|performed|obtained|taken|repeated|scheduled|due|back|follow-?up|film|"
    r"study|radiograph|x-?ray|cxr|ct|exam|visit|appointment|appt)[ \t]+on[ \t]+the[ \t]+"
    r"((?:[1-9]|1[0-2])(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth))"
    rf"{_NO_ORDINAL_LIST}(?=[ \t]*(?:[.,;)]|$)|[ \t]+(?i:{_ORDINAL_DAY_NEXT})\b)"
)
# a Korean day of this, last or next month: "지난 12일 시행한 흉부 CT", "오는 5일 입원 예정" (not "지난 12일 동안",
# "지난 3일간": a count of days)
KOREAN_DAY_OF_MONTH = re.compile(
    r"(?<![\uac00-\ud7a3])((?:지난|이번[ \t]?달|이달|오는|다음[ \t]?달|지난[ \t]?달|전월|금월)[ \t]?\d{1,2}일)"
    r"(?=[ \t]?(?:시행|촬영|검사|오전|오후|밤|새벽|저녁|아침|입원|내원|퇴원|수술|방문|외래|응급실|추적|재검|검진|"
    r"진료|예정)"
    r"|에(?![\uac00-\ud7a3])"
    r"|[ \t]*[,.)]|[ \t]*$)"
)
AFTER_ADDRESS = re.compile(r"(?<=_)[ \t,]*(\d{5}(?:-\d{4})?)(?!\d|\.\d)")  # a zip right after a masked address
# the corner of a numbered street and a named one after a place's cue: "near 21st and Memorial", "clinic, 11th and
# Garnett", "at 63rd & Halsted" (the named street may be masked already)
CORNER_ORDINAL = re.compile(
    r"(?:(?<=\bnear[ \t])|(?<=\bat[ \t])|(?<=\bon[ \t])|(?<=\boff[ \t])|(?<=\bby[ \t])|(?<=\bof[ \t])|(?<=,[ \t]))"
    r"\d{1,3}(?:st|nd|rd|th)(?:[ \t]+(?:St|Street|Ave|Avenue|Pl|Place)\.?)?[ \t]*(?:and|&|/)[ \t]*"
    # (a town's main streets in lower case too: "lives at 2nd and main")
    r"(?:[A-Z][a-z'’]+|_+|main|broadway|front|center|central|market|church|elm|oak|pine|maple|depot|railroad)"
    r"(?:[ \t]+(?:St|Street|Ave|Avenue|Blvd|Rd|Dr|Road|Drive|st|ave)\b\.?)?(?![\w'’-])"
)
CORNER_NOT_A_STREET = frozenset(  # "at 3rd and final attempt": a sequence, not a street
    "final last first second third fourth fifth next other subsequent repeat prior later latest previous".split()
)
CORNER_ORDINAL_HINT = re.compile(r"\d(?:st|nd|rd|th)[ \t]*(?:and|&|/)")
STREET_ORDINAL = re.compile(  # "207th Street Yard", "5th Ave": a numbered street is an address without its house
    r"\b\d{1,3}(?:st|nd|rd|th)[ \t]+(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Place|Pl\.)"
    r"(?:[ \t]+(?:Yard|Station|Depot|Terminal|Garage|Shops?|Barn|Pier|Bridge))?(?![\w-])"
)
NUMBERED_PLACE = re.compile(  # "Pier 27", "Concourse B", "Ranch 7", "Building 1900": a numbered site someone works at
    r"\b(?:Pier|Concourse|Ranch|Hangar|Dock|Berth|Gate|Warehouse|Barracks|Rig|Trailer|Building|Bldg\.?|Platform)"
    r"[ \t]+(?:\d{1,5}[A-Z]?(?:-\d{1,5}[A-Z]?)?|[A-Z]\d{0,2})(?![\w./-])"  # ("Bldg 3-180": a building's room)
    # a lodge, a post, a union local by its number after its name: "VFW Post 8870", "Hancock Grange No. 391",
    # "Teamsters Local 727", "Elks Lodge #1143"
    r"|(?:\b[A-Z][A-Za-z]{1,30}|_+)[ \t]+(?:Grange|Lodge|Post|Local|Aerie|Troop|Council)[ \t]+"
    r"(?:(?:No\.?|#)[ \t]*)?\d{2,5}(?![\w./-])"
)
BLOCK_OF = re.compile(  # "1200 block of Peachtree Industrial Blvd": a police report's address
    r"\b\d{1,5}[ \t]+block[ \t]+of[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[A-Z][A-Za-z'’.-]*[ \t]+){0,3}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Hwy|Highway|Way|Pkwy|Parkway|Pike|Ct|Court)\b\.?"
)
LOWER_ADDRESS = led(  # "88 old dixie hwy apt 4b": a street address written in lower case
    "0-9",
    r"\b\d{1,6}[ \t]+(?:[nsew]\.?[ \t]+)?(?:(?:[a-z]+|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,3}"  # ("1442 62nd st")
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|hwy|highway|ln|lane|drive|pkwy|parkway|pike|court|terrace)\b\.?"
    r"(?:[ \t]*,?[ \t]*(?:apt|unit|ste|suite|#)\.?[ \t]*[\w-]+)?",
)
LOWER_TOWN_STATE_ZIP = re.compile(  # "homestead fl 33030": a town, its state and its zip in lower case
    r"\b([a-z]{3,}(?:[ \t]+[a-z]{3,})?)[ \t]+(?:al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|"
    r"ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy),?[ \t]+\d{5}(?:-\d{4})?\b"
)
ZIP_CODE_WORDS = re.compile(r"\b\d{5}(?=[ \t]+(?i:zip|postal)[ \t]*code\b)")  # "in the 29401 zip code"
# a Canadian postal code in lower case after its province ("toronto on m2n 2h7", "brandon mb r7a 5k9")
LOWER_CANADIAN_POSTCODE = re.compile(
    r"(?<![\w-])(?:ab|bc|mb|nb|nl|ns|nt|nu|on|pe|pei|qc|sk|yt),?[ \t]+"
    r"([abceghjklmnprstvxy]\d[a-z][ \t]?\d[a-z]\d)(?![\w-])"
)
# a house number on a county's numbered road or avenue: "21455 Road 24", "8823 Avenue 12", "4410 ROAD 132"
NUMBERED_ROAD = re.compile(
    r"(?<![\w.,/-])\d{3,6}[ \t]+(?:Road|Rd\.?|Avenue|Ave\.?|ROAD|RD|AVENUE|AVE)[ \t]+\d{1,4}(?:[A-Z]|\.\d)?(?![\w/.-])"
)
ROUTE = re.compile(
    r"(?:\b\d{1,6}[ \t]+)?\b(?:(?:(?:State|US|U\.S\.|County)\s+(?:Hwy|Highway|Route|Rte)|Route|Rte|Highway|Hwy|"
    r"Interstate|County\s+Road|State\s+Road|Farm\s+Road"
    r"|(?:STATE|US|U\.S\.|COUNTY)\s+(?:HWY|HIGHWAY|ROUTE|RTE)|ROUTE|RTE|HIGHWAY|HWY|INTERSTATE|COUNTY\s+ROAD|"
    r"STATE\s+ROAD|FARM\s+ROAD)"  # in capitals too: "LIVES ALONE ON HWY 62"
    r"\.?\s*-?\s*|(?:CR|SR)[ -]|US-)\d{1,4}\b"  # ("US-192": with its hyphen; "US 3 days" is an ultrasound)
    r"|\b\d{1,6}[ \t]+(?:US|U\.S\.|FM|RM|SR|CR|I)[ -]\d{1,4}\b(?:[ \t]+[NSEW]\b)?"  # "2215 US-19 N": a house on a route
    # in lower case, with its house number: "11482 hwy 200", "4410 county road 12"
    r"|\b\d{1,6}[ \t]+(?:hwy|highway|route|rte|state[ \t]+route|county[ \t]+road|farm[ \t]+road|fm|cr|sr|rr)"
    r"\.?[ \t]*-?[ \t]*\d{1,4}\b"
    # a military mail address: "Unit 15281 Box 2340, APO AP 96258", "PSC 473 Box 12, FPO AE 09618"
    r"|\b(?:Unit|UNIT|PSC|CMR)[ \t]+\d{3,5}(?:,?[ \t]+(?:Box|BOX)[ \t]+\d{1,5})?,?[ \t]+"
    r"(?:APO|FPO|DPO)[ \t]+(?:AE|AP|AA)[ \t]+\d{5}\b"
    # a box with its town, state and zip after it: "Box 27, Point Hope AK 99766"
    r"|\b(?:Box|BOX)[ \t]+\d{1,6}\b(?=,?[ \t]+[A-Z][A-Za-z .'-]{1,30}?,?[ \t]+[A-Z]{2}[ \t]+\d{5}\b)"
    # "Rt. 2 Box 118", "HC 64 Box 12", "Rural Route 3"
    r"|\b(?:Rt|Rte|RTE|RR|HC|Star\s+Route)\.?[ \t]*\d{1,4},?[ \t]*(?:Box|BOX)[ \t]*\d{1,5}\b"
    r"|\bRural\s+Route[ \t]*\d{1,4}\b"
    r"|\b(?:Loop|LOOP|Spur|SPUR)[ \t]+\d{2,4}\b"  # Texas's loops and spurs: "Loop 338", "Spur 44"
    # "Km 12 Carretera a Chapala", "km 4,5 Rodovia ...": a place by its kilometre on a road
    r"|\b(?:Km|KM|km)\.?[ \t]*\d{1,4}(?:[.,]\d{1,3})?"
    r"(?=[ \t]*,?[ \t]*(?:(?:Carretera|Autopista|Ruta|Rodovia|Estrada)\b|_))"
    # Colombian addresses: "Cra. 7 #72-41", "Calle 26 Sur No. 13-45", "Transversal 5A # 10-20"
    r"|\b(?:Carrera|Cra|Kra|Cr|Calle|Cl|Cll|Transversal|Tv|Diagonal|Dg|Avenida|Av|Ak|Ac)\.?[ \t]*\d{1,3}[A-Z]?"
    r"(?:[ \t]+(?:Bis|Sur|Norte|Este|Oeste))?[ \t]*(?:#|No\.?|N[°º])[ \t]*\d{1,3}[A-Z]?[ \t]*-[ \t]*\d{1,3}\b"
)
UNIT = led(
    "AaSsſUuRrLlBbTtFfVvOo",  # "Apt 4B", "Suite 120", "unit 12", "Room 208", "Lot 17", "Building C": where in a place
    r"\b(?:Apt|Apartment|Suite|Ste|APT|SUITE)\.?[ \t]*#?[ \t]*(?=[\w-]{1,6}\b)(?=[A-Z-]*\d)[\w-]{1,6}\b"
    r"|(?i:\b(?:unit|room|rm|lot|bldg|building|space|spc|trailer|trlr|apartment|apt|flat|villa)\b)\.?[ \t]*#?[ \t]*"
    r"(?:\d{1,5}[A-Z]?\b(?![.-]\d)|[A-Z]-?\d{1,4}\b(?![.-]\d)|[A-Z]\b(?![.'’-]))"  # not "room 614.293.8812"
    r"|(?=[TOFVB])\b(?:Tower|Office|Floor|Villa|Flat|Block)[ \t]*#?[ \t]*(?:\d{1,5}[A-Z]?|[A-Z]-?\d{1,4})\b(?![.-]\d)",
)
_EQUIPMENT = re.compile(
    r"(?i:\b(?:portable|detector|cassette|grid|machine|bay|x-?ray|xr|fluoro|scanner|tube|c-?arm|reading|exposure|"
    r"deviation|kvp|mas|technique|table|stretcher|gurney))\b"
)


_HOUNSFIELD_BEFORE = re.compile(r"(?i:hounsfield)[ \t]*$")


_WARD_ROOM_OPENS = re.compile(r"(?:^|[\n.;(]|(?i:location|loc|pt[ \t]+loc|bed)[ \t]*:)[ \t]*$")
_WARD_ROOM_AFTER = re.compile(
    r"[ \t]*(?:,[ \t]*|(?i:and)[ \t]+\d{1,4}[A-Z]?[ \t]+)?"
    r"(?i:bed|unit|\d{1,2}(?:st|nd|rd|th)[ \t]+(?:floor|fl)\b|portable)"
)


def equipment_room(text: str, start: int, end: int) -> bool:
    """A room or a unit of one digit beside the imaging equipment's words ("Portable unit 2, room 4", "Room 3,
    detector 2"): the x-ray room or the machine, not where a person lives; or a density in Hounsfield units
    ("Hounsfield unit 45"); or a ward's room that opens its clause, with its bed, unit, floor or portable queue
    after it ("Room 3, bed 2.", "Rm 3, 2nd floor."; a residence's room comes after the home's name or address)."""
    if _HOUNSFIELD_BEFORE.search(text, max(0, start - 16), start):
        return True
    if (
        text[start : start + 1] in "Rr"
        and _WARD_ROOM_OPENS.search(text, max(0, start - 24), start)
        and _WARD_ROOM_AFTER.match(text, end)
    ):
        return True
    number = text[start:end].rstrip()
    if not (number[-1:].isdigit() and not number[-2:-1].isdigit()):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return (
        _EQUIPMENT.search(text, max(line_start, start - 40), end + 40 if line_end < 0 else min(line_end, end + 40))
        is not None
    )


# the same in French, Spanish and Portuguese addresses (accent-folded): "piso 4 "B"", "chambre 214", "apto 302",
# "depto. 5C", "andar 7", "bureau 310", "torre B" (its first letters checked first: the scan stays fast)
UNIT_ROMANCE = re.compile(
    r"(?<![\w'’-])(?=[PpDdAaOoCcBbEeTtQqHh])(?i:(?:piso|planta|depto|dpto|departamento|apto|apartamento|andar|oficina|consultorio|chambre|"
    r"appartement|app|bureau|etage|bloc|bloque|bloco|torre|quarto|habitacion|cuarto)\b)\.?[ \t]*(?:#|n[°º.o]?)?[ \t]*"
    r"(?:\d{1,5}[A-Z]?\b(?![.-]\d)|[A-Z]\b(?![.'’-]))(?![ \t]*(?:mm|cm|ml|mg|%))"
    r"(?:[ \t]*[\"“”'‘’]?[A-Z][\"“”'‘’]?(?![\w]))?"
)
# a post-office box, and a rural route's box ("Rural Route 2, Box 118", "RR 3 Box 41A", "HC 64 Box 12")
# a grid address of Utah and Idaho towns: "4410 S 1300 E", "275 North 400 West"
GRID_ADDRESS = re.compile(
    r"\b\d{1,5}[ \t]+(?:[NSEW]\.?|North|South|East|West)[ \t]+\d{2,5}[ \t]+"
    r"(?:[NSEW]\.?|North|South|East|West)(?![\w'’-])"
)
# a grid city's street by its quadrant and number alone: "on nw 30th", "at NE 10th and Main" (Oklahoma City,
# Washington, Portland, Miami): two compass letters in any case, or one capital, before an ordinal
ORDINAL_NUMBER_HINT = re.compile(r"\d(?i:st|nd|rd|th)\b")
# a quadrant city's house number, quadrant and street's name without its kind: "900 SW Jackson", "1415 NE Broadway"
# (Topeka, Washington, Portland); the quadrant in capitals, two letters
QUADRANT_HOUSE_HINT = re.compile(r"\d[ \t]+(?:NE|NW|SE|SW)\.?[ \t]+[A-Z]")
QUADRANT_HOUSE = re.compile(
    r"\d(?<![\w.,/-]\d)\d{0,5}[ \t]+(?:NE|NW|SE|SW)\.?[ \t]+[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?(?![\w'’-])"
)
QUADRANT_STREET = re.compile(
    r"(?<![\w'’-])(?:(?i:[ns][ew])|[NSEW])\.?[ \t]+(?:[1-9]\d{0,2})(?:st|nd|rd|th|ST|ND|RD|TH)(?![\w'’-])"
)
PO_BOX = re.compile(
    # (a Mexican or Latin American post box too: "Apartado Postal 118", "Apdo. Postal 45")
    r"(?i:\bp\.?\s?o\.?\s+box\s+\d+|\b(?:apartado|apdo\.?)\s+postal\s+(?:no\.?\s*)?\d{1,6}\b"
    r"|\b(?:rural\s+route|r\.?\s?r\.?|hc|star\s+route|rt\.?)\s*#?\d{1,4},?\s+box\s*#?\d{1,5}[a-z]?\b)"
)
_APARTMENT = r"[\uac00-\ud7a3A-Za-z]{1,12}(?:아파트|빌라|맨션|오피스텔|하이츠|팰리스|타워)"  # "한빛아파트 105동 1203호"
ADDRESS_KO = re.compile(
    r"(?:[\uac00-\ud7a3]{1,10}(?:특별시|광역시|특별자치시|특별자치도|시|도)\s*)?[\uac00-\ud7a3]{1,10}(?:구|(?<!증후)군)\s*"
    # (not "진구성으로": "으로" is a particle, no road's 로)
    r"[\uac00-\ud7a3\d]{1,12}(?:(?<!으)로|길|동(?:\d{1,2}가)?|읍|면|리)(?:\s*\d{1,5}(?:-\d{1,5})?(?:번?길)?)?"
    rf"(?:\s*\d{{1,5}}(?:-\d{{1,5}})?)?(?:\s*[,\s]\s*(?:{_APARTMENT}\s*)?(?:\d{{1,5}}|[A-Z])동?\s*\d{{1,5}}호)?"
    # a city's lot address without a district: "익산시 모현동1가 342-7" (the lot number makes it an address)
    r"|[\uac00-\ud7a3]{1,10}시\s*[\uac00-\ud7a3]{1,8}(?:동(?:\d{1,2}가)?|읍|면|리)\s*\d{1,5}(?:-\d{1,5})?(?![\d.])"
    rf"(?:\s*[,\s]\s*(?:{_APARTMENT}\s*)?(?:\d{{1,5}}|[A-Z])동?\s*\d{{1,5}}호)?"
    r"|[\uac00-\ud7a3\d]{1,12}(?<!으)(?:로|길)\s*\d{1,5}(?:-\d{1,5})?(?:번?길\s*\d{1,5})?"
    r"(?![\d.]|\s*(?:년|개월|월|일|주|회|번|차|시간|분|세|cm|mm|%)|(?!번|호|동|층)[\uac00-\ud7a3])"  # not "팔로4징"
    rf"|(?:{_APARTMENT}\s*)?(?:\d{{1,5}}|[A-Z])\s*동\s*\d{{1,5}}\s*호"
)
ADDRESS_KO_LATIN = led(
    "0-9A-Z",
    r"(?:\d{1,5}[ \t]+[A-Z][a-z]+[ \t]+\d{1,3}-(?:ro|gil)(?:,?[ \t]*[A-Z][a-z]+-(?:gu|gun|dong|si|do))*"
    r"(?:,?[ \t]*[A-Z][a-z]+(?:[ \t]+\d{5})?)?"
    r"|(?:\d{1,5}(?:-\d{1,5})?,?\s+)?(?:[A-Z][a-z]+-(?:ro|gil|daero)(?:\s*\d{1,3}(?:beon)?-?gil)?)"
    r"(?:\s*\d{1,5}(?:-\d{1,5})?)?(?:,?\s*[A-Z][a-z]+-(?:gu|gun|dong|si|do|eup|myeon))*"
    r"|\b(?!Re-)[A-Z][a-z]{2,}-(?:gun|gu|dong|eup|myeon|ri|si|do)\b"
    r"(?:,?\s*[A-Z][a-z]+-(?:gun|gu|dong|eup|myeon|ri|si|do|ro|gil|daero)\b(?:\s*\d{1,5}(?:-\d{1,5})?)?)*"
    r"(?:,?\s*[A-Z][a-z]+(?:-(?:si|do)\b)?)?(?:[ \t]+\d{5}\b)?"
    # in capitals: "151, MULGEON-RI, GYEONGSANGNAM-DO 51777", "SEO-GU", "JUNGANG-RO 12"
    r"|(?:\d{1,5}(?:-\d{1,5})?,?\s+)?\b[A-Z]{3,}-(?:RO|GIL|DAERO|GUN|GU|DONG|EUP|MYEON|RI|SI|DO)\b(?:\s*\d{1,5}(?:-\d{1,5})?)?"
    r"(?:,?\s*[A-Z]{3,}-(?:GUN|GU|DONG|EUP|MYEON|RI|SI|DO|RO|GIL|DAERO)\b(?:\s*\d{1,5}(?:-\d{1,5})?)?)*"
    r"(?:[ \t]+\d{5}\b)?)"
    r"(?:,?\s*(?:Seoul|Busan|Incheon|Daegu|Daejeon|Gwangju|Ulsan|Sejong|Suwon|Seongnam|Goyang|Yongin|Bucheon)\b)?",
)

# -- cues before a name ---------------------------------------------------------------------------------------
TITLE = re.compile(r"\b(Drs?|Mrs?|Ms|Mx|Miss|Prof|Doctor|DRS?|MRS?|MS|PROF|DOCTOR)(\.?)(\s*)" rf"({NAME})")
TITLE_INITIAL_SURNAME = re.compile(
    r"\b(?:Drs?|DRS?|Mrs?|MRS?|Ms|MS|Prof|PROF)\.?[ \t]+"
    r"([A-Z]\.?(?:[ \t]*[A-Z]\.)?[ \t]+[A-Z][A-Za-z'’]+(?:-[A-Z][A-Za-z'’]+)?)(?![\w'’-])"
)
LAST_FOUR = re.compile(
    r"(?i:\b(?:card|acct|account|policy|member|ssn|social|medicare|medicaid|id|mrn|phone|cell)\b[^\n]{0,40}?"
    r"\b(?:ending|ends)(?:[ \t]+(?:in|with))?[ \t]*:?[ \t]*)(\d{4})(?!\d)"  # ("number on file ends in 8872")
)
# a social security number's last four after its name and "last four" ("s.s.n. last four 4417", "SS# last 4: 6603")
# or before it ("last 4 of SSN (6621)", "last four digits of her social 0921")
SSN_LAST_FOUR = re.compile(
    r"(?i:\b(?:ssn|s\.s\.n\.?|ss\s?#|ss\s+no\.?|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*"
    r"last\s+(?:4|four)(?:\s+digits)?|"
    r"\blast\s+(?:4|four)(?:\s+digits)?\s+of\s+(?:the\s+|her\s+|his\s+|their\s+|pt'?s\s+)?"
    r"(?:ssn|s\.s\.n\.?|ss\s?#|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?))"
    # ("ssn last 4 -- 8841", "last four of SSN given as 6632")
    r"\s*(?:(?:given|reported|provided|stated|verified|confirmed|listed|read)\s+(?:as\s+)?|is|was|[:#=,]|-{1,2}|[—–])?"
    r"\s*\(?(\d{4})(?!\d)"
)
# a state's corrections number by its department's letters: "WDOC# 38842", "IDOC no 1182", "MDOC # 448812"
CORRECTIONS_NUMBER = re.compile(
    r"(?i:\b[a-z]{1,3}doc\b[ \t]*(?:#|no\.?|number|id)[ \t]*[:#]?[ \t]*)([A-Z]?\d{4,9})(?!\d)"
)
# a vehicle's plate or a boat's registration in groups of capitals and digits: "IN plate 319 BRX", "VT plate FKR
# 418", "plate # ABC-1234", "boat reg. FL 8812 PD"
# (a surgeon's plate is at a level, "plate C5-C6", or measured, "plate 2 cm": no group of letters alone)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|"
    "Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|"
    "Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|"
    "Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming"
)
VEHICLE_PLATE = re.compile(
    # ("SC tag PLF 427", "vehicle tag 4471 KX": a tag after its state or its vehicle)
    r"(?:(?<=\b[A-Z]{2}[ \t])tag|(?i:(?<=vehicle[ \t])tag|\b(?:plate|(?:boat|vessel|hull)[ \t]*reg(?:istration)?\.?))"
    rf"|\b(?:{_STATE_NAMES})[ \t]+(?i:tag|plate))"  # ("Kansas tag 417 KGB": a tag after its state's name)
    r"(?i:[ \t]*(?:#|no\.?|number))?[ \t]*[:#]?[ \t]*"
    # (the state's letters first: "plate AK JXT 482", "plate UT 8KR T42")
    r"((?:[A-Z]{2}[ \t]+(?=[A-Z\d]{2,4}[ -][A-Z\d]{2,4}(?![\w-])))?"
    r"(?:[A-Z]{1,4}[ -]\d{1,4}(?:[ -][A-Z]{1,4})?|\d{1,4}[ -][A-Z]{1,4}(?:[ -]\d{1,4})?"
    r"|(?=[A-Z\d-]{0,8}\d)[A-Z]{2,4}-[A-Z\d]{2,4}"  # ("FL tag QRZ-H41": letters, then letters and digits)
    # ("plate 1B K4821", "plate 2A 4418": a digit and letters, then digits with letters or none)
    r"|\d[A-Z]{1,3}[ \t-][A-Z]{0,3}\d{2,5}"
    # ("plate XR4 K7L": two groups of three or four, letters and digits mixed; not two spine levels, "T10 T11")
    r"|(?![CTLS]\d{1,2}[ -][CTLS]?\d)(?=[A-Z\d]{0,3}\d)(?=[A-Z\d]{0,3}[A-Z])[A-Z\d]{3,4}[ -][A-Z\d]{3,4}))(?![\w-])"
    r"(?![ \t]*(?:mm|cm|in|inch|hole|screw)s?\b)"
)
# a research study's or a subject's id of words and a serial after its label: "Study ID: UAF-ICEFOG-017",
# "Subject ID UAF-ICEFOG-017" (letters in two or more parts and a number last; the label makes it one)
RESEARCH_ID = re.compile(
    r"(?i:\b(?:(?:study|research|subject|participant|trial|cohort|sample|case)[ \t]*(?:id|#|no\.?|number)(?![A-Za-z])"
    # ("Research subject BSU-PFT-017", "Record locator A7Q-22K-913": the code's parts after their label alone)
    r"|(?:research[ \t]+)?(?:subject|participant|enrollee)|(?:record|booking|confirmation)?[ \t]*locator))"
    # ("subject 034": a study's subject by a number with its leading zero, or of three digits or more)
    r"[ \t]*[:#=]?[ \t]*((?=[A-Z\d-]*\d)[A-Z\d]{2,8}(?:-[A-Z\d]{1,10}){1,3}|0\d{1,5}"
    r"|\d{3,6}(?![ \t]*(?:mm|cm|ml|mg|%)))"
    r"(?![\w-]|\.\d)"
)
# a study UID's tail, quoted alone: "Study UID suffix ...8812.2231.7", "UID ending .77231"
UID_SUFFIX = re.compile(
    r"(?i:\buid[ \t]+(?:suffix|ending|tail|ends?[ \t]+(?:in|with))[ \t]*:?[ \t]*)(?:\.{2,3}|…|\.)?(\d+(?:\.\d+)*)"
)
# Spanish titles: "Sra.", "Srta.", "Doña" before any capitalised word; "Sr." (also "Senior") only after an article
SPANISH_TITLE = re.compile(
    r"(?:\b(?:Sra|Srta|SRA|SRTA)\.?|\bDoña|(?<![\w])(?:[Ee]l|[Ll]a|[Aa]l|[Dd]el|EL|AL|DEL)[ \t]+(?:Sr|SR)\.?)[ \t]+"
    r"([A-Z][A-Za-zÀ-ÿ'’-]+(?:[ \t]+[A-Z][A-Za-zÀ-ÿ'’-]+)?)"
)
TITLE_KEYS = ("Dr", "Mr", "Ms", "Mx", "Miss", "Prof", "Doctor", "DR", "MR", "MS", "PROF", "DOCTOR")
_CONTACT_VERBS = (
    r"discussed\s+(?:with|w/)|d/w|spoke\s+(?:with|to|w/)|called\s+(?:to|in\s+to|by)|paged|notified|informed|communicated\s+"
    r"(?:with|to)|conveyed\s+to|reported\s+to|relayed\s+to|telephoned|reviewed\s+(?:with|w/)|"
    r"(?:phoned|given|sent|shown|texted|messaged|emailed|faxed|relay|handed)\s+(?:to|in\s+to)|"
    r"(?:requested|protocoled|protocolled|ordered|placed|obtained|brought|covered|supervised)\s+by|"
    r"covering\s+for|reached|(?:signed|dictated|read|reviewed|verified|"
    r"approved|transcribed|interpreted|performed|entered|electronically\s+signed|e-signed|cosigned|co-signed)\s+by|"
    r"attending|radiologist|resident|fellow|technologist|per|/s/|cc|d/t\s+with|seen\s+by|consulted|"
    r"(?:preliminary|prelim|final|interpretation|report|addendum|overread|over-read)\s+by|"
    r"left\s+(?:a\s+)?message\s+(?:for|with)|confirmed\s+(?:by|with)|acknowledged\s+by|handed\s+off\s+to|"
    r"(?:identified|registered|verified|confirmed)\s+as|"
    r"attention\s+of"  # "faxed to the attention of Reed"
)
_CONTACT_ROLE = (  # a role before the person's name: "d/w charge nurse ___", "per community health representative"
    r"(?:(?i:triage|charge|bedside|covering|primary|floor|night|day|float|travel|ed|icu|or)\s+)?"
    r"(?:(?i:np|pa|rn|md|nurse|resident|fellow|attending|physician|dr\.?|doctor|rt|rrt|lpn|lvn|cna|crna|aprn|fnp|"
    r"tech|technologist|sonographer|pharmacist|therapist|paramedic|medic|emt|midwife|interpreter|chaplain|"
    r"case\s+manager|social\s+worker|sw|scribe|clerk|coordinator|navigator|pt|patient|pt's\s+\w+|"
    # a community's health workers and advocates: "per community health representative Sequoyah Grass"
    r"(?:community\s+health\s+)?(?:representative|worker|aide)|chr|chw|liaison|advocate|promotora|promotor|doula|"
    r"caseworker|case\s+worker|"
    r"(?:hr\s+|office\s+|site\s+)?(?:manager|supervisor|foreman|boss))\s+)?"
)
CONTACT = re.compile(
    rf"(?i:(?:\b|(?<=\s))(?:{by_first_letter(_CONTACT_VERBS)})(?:\b|(?<=/)):?\s+)"  # ("reviewed w/ ___": no \b)
    + _CONTACT_ROLE
    + rf"({NAME})"
)
# the object between the verb and the person: "Phoned results to Mark", "faxed the final report to Hunter". The
# pattern opens with the object's word (its literals let the scan skip ahead); the verb before it is read by
# CONTACT_OBJECT_VERB on the text before the match.
CONTACT_OBJECT = re.compile(
    r"(?i:\b(?:results?|findings?|report|read|impression|images?|films?)\s+(?:to|with|w/)\s+)"
    + _CONTACT_ROLE
    + rf"({NAME})"
)
CONTACT_OBJECT_VERB = re.compile(
    r"(?i:\b(?:phoned|called|given|gave|sent|faxed|relayed|reported|conveyed|communicated|texted|emailed|e-mailed|"
    r"messaged|handed|released|discussed|reviewed|read[ \t]+back)[ \t]+(?:(?:the|these|this|critical|preliminary|"
    r"prelim|final|wet)[ \t]+){0,2})$"
)
CONTACT_KEYS = (
    "discussed", "d/w", "spoke", "called", "paged", "notified", "informed", "communicated", "conveyed",
    "reported", "relayed", "telephoned", "signed", "dictated", "read", "reviewed", "verified", "approved",
    "transcribed", "interpreted", "performed", "entered", "attending", "radiologist", "resident", "fellow",
    "technologist", "per", "/s/", "cc", "seen", "consulted", "message", "confirmed", "acknowledged", "handed",
    "prelim", "final", "interpret", "addendum", "overread", "over-read", "phoned", "given", "sent", "shown",
    "texted", "messaged", "emailed", "faxed", "relay", "requested", "protocol", "ordered", "placed", "obtained",
    "brought", "covered", "supervised", "covering", "reached", "identified", "registered", "verified",
)  # fmt: skip
CONTACT_LOWER = re.compile(
    rf"\b(?:{_CONTACT_VERBS.replace('per|', '')}|called)\s+([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){{0,2}})\b"
)
CREDENTIAL = re.compile(
    rf"\b({INITIAL}?{NAME_WORD}(?:\s+(?:{PARTICLE}\s+){{0,2}}{INITIAL}?{NAME_WORD}){{0,4}}(?:,?\s+(?:Jr|Sr)\.?)?),?\s+"
    r"(?:M\.?D\.?|D\.O\.|R\.?N\.?|N\.?P\.?|PA-C|Ph\.?D\.?"
    r"|R\.?T\.?(?:\s*\(R\))?|RRA|DNP|APRN|CRNA|FACR|MBBS|MPH|MSc|BSN|FNP(?:-C)?|ANP|ACNP|CNP|NP-C|(?<=,\s)PA|(?<=,)PA|RRT|MSN"
    r"|RHIT|RHIA|CCS|CPC|RDMS|RDCS|RVT|RCIS|CNMT|ARRT|LPN|LVN|CNA|CMA|RMA"  # records coders, sonographers
    # trainers, medics, therapists, dietitians, pharmacists, social workers; PT, OT, RD only after a comma
    r"|ATC|EMT(?:-P)?|NRP|DPT|OTR(?:/L)?|CCC-SLP|SLP|RDN|RPh|PharmD|PsyD|CNM|LCSW|LMSW|MSW|DPM|PMHNP|AGACNP|RCP|"
    r"RPSGT|CCRC|CCRP|(?<=,\s)(?:PT|OT|RD)|(?<=,)(?:PT|OT|RD))"
    r"(?![A-Za-z])"
)
CREDENTIAL_HINT = re.compile(
    r"(?:M\.?D|D\.O|R\.?N|N\.?P|PA-C|Ph\.?D|R\.?T|RRA|DNP|APRN|CRNA|FACR|MBBS|FNP|NP|PA|RRT|RHIT|RHIA|CCS|CPC|RDMS|"
    r"RDCS|RVT|RCIS|CNMT|ARRT|LPN|LVN|CNA|CMA|RMA|ATC|EMT|NRP|DPT|OTR|SLP|RDN|RPh|PharmD|PsyD|CNM|LCSW|LMSW|MSW|DPM|"
    r"PMHNP|AGACNP|RCP|RPSGT|CCRC|CCRP|PT|OT|RD)\b"
)
# the labels a name follows (case-insensitive), grouped by first letter in LABEL
_LABEL_WORDS = (
    r"pt|patient|patient\s+name|pt\s+name|name|full\s+name|last\s+name|first\s+name|surname|guardian|"
    r"mother|father|spouse|wife|husband|son|daughter|next\s+of\s+kin|nok|emergency\s+contact|contact\s+person|"
    r"technologist|tech|radiographer|referring(?:\s+(?:physician|provider|md|doctor|clinician))?|ordering"
    r"(?:\s+(?:physician|provider|md|doctor|clinician))?|requesting(?:\s+(?:physician|doctor))?|attending"
    r"(?:\s+(?:physician|radiologist))?(?:\s+of\s+record)?|att|resident|fellow|radiologist|reader|"
    r"reading\s+radiologist|"
    r"physician|doctor|"
    # a RIS's abbreviations: "REQ PHYS: HORNING", "Ref Phys:" (each word its own alternative: grouped by first letter)
    r"phys\.?|req\.?\s+phys\.?|ref\.?\s+phys\.?|ord\.?\s+phys\.?|att\.?\s+phys\.?|adm\.?\s+phys\.?|cons?\.?\s+phys\.?|"
    # a form's or a meeting's people: "Rad: Aucoin.", "EMPLOYER REP: ...", "Excused: A. Dvořák"
    r"rad|rep|employer\s+rep|adjuster|case\s+manager|supervisor|excused|attendees|"
    # (not "RT:" alone: a template's right side, "RT: clear. LT: small effusion"; but "performed by RT:")
    r"provider|pcp|nurse|rn|rrt|lpn|cna|np|crna|by\s+rt|cc|copy\s+to|dictating|dictator|transcriptionist|scribe|author|sonographer|signer|/s/|"
    r"(?:reported|dictated|signed|read|reviewed|verified|approved|transcribed|interpreted|performed|entered|"
    r"electronically\s+signed|ordered|requested|referred|seen|consulted|examined)\s+by|(?:electronically\s+|e-)?signed|"
    r"finalized\s+by|finalised\s+by|addended\s+by|"
    r"prelim(?:inary)?\s+read|final\s+read|wet\s+read|overread|over-read|prelim|final"
)
LABEL = re.compile(
    r"(?i:\b(?:" + by_first_letter(_LABEL_WORDS) + ")"
    # (a note in parentheses may come before the colon: "Patient name (per passport): ...")
    r"(?:\s+(?:dr|mr|mrs|ms|prof)\.?)?(?:\s*_+)?(?:\s*\([^()\n]{1,30}\))?"
    r"(?:[ \t]+(?:as[ \t]+)?(?:on|per|in|from)[ \t]+[a-z]+(?:[ \t]+[a-z]+)?)?\s*[:#=]\s*)"  # "Name as on passport:"
    r"(?:(?i:dr|mr|mrs|ms|miss|prof)\.?\s+)?"
    r"((?:[A-Za-z][A-Za-z'’.-]*|[\uac00-\ud7a3]{2,4})(?:(?:,\s*|\s+)[A-Za-z][A-Za-z'’.-]*){0,3})"
)
INSTITUTION_LABEL = re.compile(
    r"(?i:\b(?:outside\s+(?:hospital|facility|institution|films?\s+from)|osh|performing\s+(?:site|facility|location)|"
    r"referring\s+(?:facility|hospital|institution|site|clinic)|sending\s+(?:facility|hospital)|transferred\s+from|"
    r"facility|institution|site|location|employer|company|workplace|work\s+site|worksite|"
    r"hotel|lodging|accommodations?|motel|hostel|guest\s*house|staying\s+at|union|campus|headquarters|hq|"
    r"school|church|shelter)\s*[:=]\s*)"
    # one space between the words: a run of spaces or a tab opens a form's next column ("Acme   Occupation:")
    r"((?:[A-Z][A-Za-z'’&.-]*|of|the|and|at)(?:[ ](?:[A-Z][A-Za-z'’&.-]*|of|the|and|at)){0,6})"
    r"|(?:병원명|기관명|의료기관|촬영기관|의뢰기관|전원기관|타원|외부병원)\s*[:：]\s*([^\n,;()]{2,40})"
)
# "the Bethel clinic", "St. Vincent Morrilton hospital": a capitalised name before a lower-case institution word
NAMED_FACILITY = re.compile(
    r"((?:(?:St|Mt|Ft)\.[ \t]+)?[A-Z][A-Za-z'’-]+(?:[ \t]+(?:of[ \t]+)?[A-Z][A-Za-z'’-]+){0,3})[ \t]+"  # "Star of Hope"
    # the kind of a facility may come between its name and its noun: "the Blue Heron family clinic"
    r"(?:(?:community|family|rural|outpatient|free|public|county|district|village|tribal|walk-in|satellite|mobile|"
    r"charity|dental|primary[ \t]+care|urgent[ \t]+care)[ \t]+)?"
    r"(?:clinic|hospital|health\s+center|medical\s+center|nursing\s+home|facility|campus|infirmary|hospice|"
    r"care\s+center|rehab|va|ihs\s+clinic|health\s+clinic|chapter\s+house|shelter|mission|dispensary|polyclinic|"
    r"health\s+post|aid\s+station|sanatorium|guesthouse|guest\s+house|motel|hostel|urgent\s+care|walk-in)\b"
)
BASE = re.compile(
    r"\b(?:Fort|Ft\.|Camp|Joint\s+Base|JBSA|JBLM|Naval\s+(?:Station|Air\s+Station|Base)|Air\s+Force\s+Base|"
    r"Marine\s+Corps\s+(?:Base|Air\s+Station)|"
    # an installation by its kind's letters before its name: "MCAS Beaufort", "NAS Whidbey Island", "MCB Quantico"
    r"MCAS|MCB|MCRD|MCLB|MCAGCC|NAS|NAVSTA|NSA|NAF|NWS|NSB|NAVBASE|JB|JRB|ANGB|ARB|USAG)[ \t]+"
    r"[A-Z][a-z'’.]+(?:-[A-Za-z'’.]+)*(?:[ \t]+[A-Z][a-z'’.-]+){0,2}"  # "Joint Base Lewis-McChord"
    r"|\b[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}[ \t]+(?:AFB|NAS|SFB|AAF|Air\s+Force\s+Base|Naval\s+Air\s+Station|"
    r"Space\s+Force\s+(?:Base|Station)|Air\s+(?:National\s+Guard|Reserve)\s+(?:Base|Station)|Army\s+Air\s?field|"
    r"Naval\s+(?:Station|Base|Hospital|Medical\s+Center)|Marine\s+Corps\s+(?:Base|Air\s+Station|Logistics\s+Base)|"
    r"Training\s+(?:Area|Center|Range)|Proving\s+Grounds?|Bombing\s+Range)\b"  # "Pōhakuloa Training Area"
    r"|\b(?:VA|V\.A\.)[ \t]+(?:[A-Z][a-z'’.-]+[ \t]?){1,4}"
    r"|\b(?:MCI|FCI|USP|SCI|CCI|FMC|MDC|FDC|SCC|SRCI|DOC|MCF|SCF|CCF|TCF|ACF|JCF|DCF|WCF|RCI|MCC|CI|SP)"
    r"[ \t]*[-–][ \t]*[A-Z][A-Za-z'’-]+"  # "MCF-Faribault": a prison by its state code
)
INSTITUTION_FIRST = re.compile(  # "Hospital Ángeles Pedregal", "Klinikum rechts der Isar", "Ospital ng Maynila"
    r"\b(?:Clinique|Hospital|Clínica|Clinica|Klinikum|Universitätsklinikum|Universitatsklinikum|Ospital|Hôpital|Hopital|"
    r"Centre\s+Hospitalier|Sanatorio|Policlínica|Policlinica|Krankenhaus|Spital|Ziekenhuis|Ciudad|Città|Citta|"
    r"B[eệ]nh\s+vi[eệ]n(?:\s+(?:[ĐD][aa]\s+khoa|Trung\s+[uư][oơ]ng|Nhi|Ph[oổ]i))?|Rumah\s+Sakit|"  # Vietnamese
    # French schools, care homes and workplaces: "Ecole secondaire Mgr-X", "CHSLD des Jardins-du-X", "Scierie X"
    r"Ecole|Universite|Cegep|CHSLD|CLSC|Scierie|Chantier\s+naval|Centre\s+de\s+sante(?:\s+communautaire)?)"
    # a French adjective of the kind of place before its name: "Hôpital régional X", "Clinique d'imagerie du X"
    r"(?:[ \t]+(?:regional|universitaire|communautaire|psychiatrique|pediatrique|secondaire|primaire|"
    r"d['’]imagerie)){0,2}"
    r"[ \t]+((?:(?:de|del|la|las|los|ng|der|des|du|di|rechts|links|am|an|zum|zur|von)[ \t]+)*[A-Z][A-Za-z'’-]+"
    r"(?:[ \t]+(?:(?:de|del|la|ng|der|et|y|e)[ \t]+)?[A-Z][A-Za-z'’-]+){0,2}"
    # a French or Spanish name of what it treats, then where: "Clinique de fibrose kystique de Pointe-Claire"
    r"|(?:de|du|des|del|de[ \t]+la)[ \t]+(?:[a-z][a-z'’-]+[ \t]+){1,3}(?:de|du|des|del|de[ \t]+la|d['’])[ \t]*"
    r"[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)"
)
INSTITUTION_ES = re.compile(  # "Centro Médico", "Centro de Salud de Loíza", "Hospital Universitario de Caguas"
    r"\b(?:Centro[ \t]+(?:M[eé]dico|de[ \t]+Salud|de[ \t]+Diagn[oó]stico|de[ \t]+Imagen(?:es)?|Cardiovascular|"
    r"Oncol[oó]gico|Comprensivo[ \t]+de[ \t]+C[aá]ncer)|Hospital[ \t]+(?:Universitario|General|Regional|Municipal|"
    r"Pedi[aá]trico|Metropolitano|Episcopal|Menonita|Presbiteriano|Auxilio|San|Santa|Nuestra)|Instituto[ \t]+"
    r"(?:Nacional|Mexicano|de)|Universidad|Escuela|Colegio|Facultad)"
    r"(?:[ \t]+(?:(?:de|del|la|los|de[ \t]+la)[ \t]+)?[A-Z][A-Za-z'’-]+){0,3}"
)
AFTER_PLACE = re.compile(  # ", Idi-Araba", ", PA", ", Munchen" right after a masked institution or place
    r"(?<=_)(?:,[ \t]*|[ \t]+[-–][ \t]+)([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)"
    r"(?=[ \t]*(?:[.;,()\n—–-]|$)|[ \t]+[a-z])"
)
# (not after a number: "480 ms noted" is milliseconds; "dr.haddad" glues the title to the name)
# (the name's words stop before the next title: "dr kline and dr. vaughn-mares" holds two names)
LOWER_TITLE = re.compile(
    r"(?<![\d.])(?<!\d\s)\b(?:dr|mr|mrs|ms|mister)(?:\.\s*|\s+)((?:[a-z]\.\s*|[b-hj-z]\s+)?[a-z][a-z'’-]+"
    r"(?:\s+(?!(?:dr|mr|mrs|ms|and|or)\b)[a-z][a-z'’-]+){0,3})\b"
)
# a capitalised title before a lower-case name: "Dr. tibido (sp?)", "Dr. vaughn-mares" (the first word must be no
# English or report word: "Dr. on call" stays)
TITLE_LOWER_NAME = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|DR|MR|MRS|MS|Doctor)(?:\.[ \t]*|[ \t]+)"
    r"([a-z][a-z'’-]+(?:[ \t]+(?!(?:and|or)\b)[a-z][a-z'’-]+){0,2})\b"
)
KIN = (
    r"(?:daughter|son|mother|father|sister|brother)[- ]in[- ]law|step-?(?:mother|father|son|daughter)|daughter|son|"
    r"wife|husband|mother|father|sister|brother|granddaughter|grandson|grandmother|grandfather|niece|"
    r"nephew|aunt|uncle|cousin|spouse|partner|fiance|fiancee|guardian|caregiver|interpreter|translator|friend|"
    r"neighbor|neighbour|roommate|tech|technologist|nurse|scribe|sitter|aide|attending|resident|fellow|radiologist|"
    r"physician|doctor|provider|clinician|intern|consultant|registrar|surgeon|radiographer|sonographer|porter|"
    r"midwife|therapist|paramedic|pharmacist|chaplain|volunteer|coordinator|receptionist|clerk|transcriptionist|"
    r"operator|dispatcher|scheduler|transporter|secretary|practitioner|adjuster|caseworker|navigator|perfusionist|"
    # family words of other Englishes and languages: "aunty lei", "tutu", "lola", "abuela", "tía"
    r"aunty|auntie|tutu|lola|lolo|abuela|abuelo|tia|tio|nana|granny|grandma|grandpa|cuz|hanai|"
    # a recruit's, a soldier's or a detainee's rank or status before the name: "recruit jamal s. reddick"
    r"recruit|pvt|pfc|cadet|trainee|airman|seaman|inmate|detainee"
)
# (not after "patient's": what follows is what the patient has, "the patient's age", "pt's son"; the kin cue reads it)
LOWER_PT = re.compile(r"\b(?:pt|patient)(?!['’]s)(?:[.,:]?\s+|\s*\(\s*)([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){0,2})\b")
# "pt is jose ramirez": taken only when the first word is a listed name ("pt is intubated" stays)
LOWER_PT_IS = re.compile(r"\b(?:pt|patient)\s+(?:is|was|named)\s+([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){0,2})\b")
LOWER_KIN = re.compile(
    rf"\b(?:{KIN}|np|pa|pa-c|np-c|fnp|fnp-c|aprn|crnp|dnp|rn|lpn|md)[.,:]?\s+"
    rf"((?:[a-z]\.\s*)?[a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){{0,2}})\b"  # (an initial first: "perfusionist s. ferreira")
)
NICKNAME = re.compile(
    rf"(?i:\b(?:prefers\s+to\s+be\s+called|goes\s+by|known(?:\s+to\s+(?:staff|us|nursing|family|all))?\s+as|nicknamed?|a\.?k\.?a\.?|also\s+called|"
    rf"identifies\s+as|preferred\s+name(?:\s+is)?:?|"
    # "family calls him Út", "also filed as Gang Miryeong", "registered as Baby Boy Tran", "legal name Gabriel ..."
    rf"calls\s+(?:him|her|them)|legal\s+name(?:\s+is)?:?|"
    # what a patient asks to be called: "says to call him Dutch", "asks staff to call her Birdie"
    rf"to\s+call\s+(?:him|her|them)|"
    # a name's other spelling on file: "(prior spelling KOVACEVICH)", "formerly spelled Nguyenn", "also spelled"
    rf"(?:prior|previous|former|old|alternate|other|earlier)\s+spellings?(?:\s+(?:was|is|of|on\s+file))?:?|"
    rf"(?:formerly|previously|also|originally)\s+(?:spelled|spelt|registered\s+as|known\s+as|named)|"
    rf"(?:answers|responds)\s+(?:only\s+)?to(?=\s+['\"“])))\s+['\"“]?({NAME})"  # 'answers to "Sully"' (in quotes)
)
# a record kept under another name: "also filed as Gang Miryeong" (a weak cue: "listed as Pending" is a status)
FILED_AS = re.compile(rf"(?i:\b(?:also\s+)?(?:filed|listed|registered|charted)\s+as)\s+['\"“]?({NAME})")
# a name after a greeting in a message: "Hi Ashkii!", "Dear Mr. ...", "Thanks, Sal."; the next word must end the
# greeting (punctuation) so that "Hi there" or "Thank you for" are not read
GREETING = re.compile(
    # (after a message's label too, and a name in capitals: "Appointment reminder: Hi OLUWASEUN,")
    r"(?:^|(?<=[\n.!?:]))[ \t]*(?:Hi|Hello|Hey|Dear|Good[ \t]+(?:morning|afternoon|evening)|Thanks|Thank[ \t]+you|"
    r"Congratulations|Congrats)[ \t]*,?[ \t]+([A-Z][a-z'’-]+|[A-Z][A-Z'’-]+)"
    r"(?=[ \t]*[!,.:;]|[ \t]+(?i:family|household|parents|ohana)[ \t]*[!,.:;])"  # "Dear Dhakal family,"
    # "Thanks to Ermin for the help", "Kudos to Dani for ...": a person thanked for something
    r"|(?:^|(?<=[\n.!?]))[ \t]*(?:Thanks|Thank[ \t]+you|Kudos|Shout[ \t-]?out|Props)[ \t]+to[ \t]+([A-Z][a-z'’-]+)"
    r"(?=[ \t]+for\b)",
    re.M,
)
APPOSITION = re.compile(  # "given to Summer, the night RN": a name before its role
    rf"({NAME}),\s+(?:the|our|a|an|his|her|their)\s+(?:[a-z-]+\s+){{0,3}}(?:RN|LPN|NP|PA|MD|DO|nurse|resident|"
    r"fellow|attending|tech|technologist|technician|physician|doctor|radiologist|intern|interpreter|daughter|son|"
    r"wife|husband|mother|father|caregiver|guardian|coordinator|therapist|sonographer|pharmacist|hospitalist|"
    r"surgeon|intensivist|chaplain|manager|navigator|aide|paramedic|medic|partner|friend|neighbou?r|"
    r"[a-z]+(?:ologist|ician))\b"
)
KIN_HINT = re.compile(rf"\b(?:{KIN}|baby|infant|newborn|twin)\b")  # on lower-cased text
_KIN_CUES = KIN + r"|baby\s+(?:boy|girl)|infant|newborn|twin\s+[ab]"
# a newborn's registered name: "Baby Boy Spotted Horse", "BABY GIRL B NGUYEN" (the words after it are tried one by one)
NEWBORN_NAME = re.compile(
    r"\b(?:Baby|BABY|Infant|INFANT)[ \t]+(?:Boy|Girl|BOY|GIRL)(?:[ \t]+(?:[AB]|One|Two|ONE|TWO))?[ \t]+"
    r"([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+){0,2})"
)
KIN_NAME = re.compile(rf"(?i:\b(?:{by_first_letter(_KIN_CUES)})\b),?\s+({NAME})")  # "KIN:" is a label (LABEL)
# A Hangul name (2-4 syllables) next to a Korean label or title: "환자 김민수", "김민수 님", "판독의: 박지성".
HANGUL_TITLE_BEFORE = led(
    "DMP\uac00-\ud7a3",
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?|(?:환자|보호자)\s*(?:명|성명)(?:은|이)|환자\s*(?:명|이름|성\s?명)?|성\s?명|이름|요원|직원|이송\s?요원|보조원|구급대원|"
    r"통역사|통역|사회복지사|경찰관|변호사|노무사|법무사|"
    # a carer's, a guardian's or an official's role: "후견인 어고운의", "보호관찰관 견하늘", "어촌계장 황보누리"
    r"성년후견인|후견인|대리인|보증인|동거인|간병인|요양보호사|보호관찰관|교도관|조사관|감독관|주무관|상담사|상담원|"
    r"생활지도원|생활지도사|활동지원사|치료사|복지사|어촌계장|계장|이장|통장|반장|선장|센터장|시설장|사무장|보호자(?:\s*(?:명|이름|성명))?|담당의|담당\s*의사|"
    # "담당" alone only before a three-syllable word that ends the line: "cc: 협력센터 / 담당 육은성"
    r"(?<![\uac00-\ud7a3])담당(?=[ \t]+[\uac00-\ud7a3]{3}[ \t]*(?:$|\n))|"
    r"판독의사|판독[ \t]의사|판독의|판독|의사|교수|전공의|간호사|주치의|촬영자|촬영|의뢰의|의뢰|검사자|작성자|기록자|"
    r"확인자|확인의|집도의|검토의|"
    r"자문의|협진의|판독자|의사명|방사선사|촬영\s*기사|기사|임상병리사|간호조무사|이름은|이름이|성함은|성함|검수자|검수|"
    r"진료의|담당의사|레지던트|인턴|펠로우|전임의|전문의|치프|"
    r"판독자|검토자|작성자|확인자|의뢰자|검사자|기록자|승인자|입력자|검수자|신청자|수신자|발신자|"
    r"수신|참조|보고자|서명|아들|딸|남편|아내|부인|어머니|아버지|모친|부친|배우자|며느리|사위|손자|손녀|(?<![\uac00-\ud7a3])형(?![\uac00-\ud7a3])|누나|언니|오빠|"
    r"동생|가족|연락처|연락|담당자|상담|통화|수진자|피검자|검사대상자|대상자|내원자|본인(?=\s*[(（])|"
    r"(?<![\uac00-\ud7a3])(?:이등병|일병|상병|병장|훈련병|하사|중사|원사|중위|대위|소령|중령|대령|준장|군의관)|"
    r"[\uac00-\ud7a3]{1,6}(?:자|명)(?=\s*[:：])|(?:확인|검토|승인|작성|입력|보고|검수|서명|담당)(?=\s*[:：])|"
    r"[\uac00-\ud7a3]{1,3}의(?=\s*[:：])|"  # a doctor's role label: "회송의:", "마취의:"
    r"[\uac00-\ud7a3]{1,4}자\s?(?:명|성명|이름)|"
    r"[\uac00-\ud7a3]{0,6}(?:의학과|내과|외과|병동|팀))"
    # "환자 본인(탁윤슬)": the name in parentheses too
    # (an export's separators too: "성명|편금례|F|", "성명=편금례")
    # (and a JSON export's quotes: '{"판독의":"천정우"}')
    r"(?:\s*\([\uac00-\ud7a3A-Za-z]{1,4}\)(?=[\s:：\-–]))?[\"']?\s*[:：\-–|=^]?\s*[(（\"']?"
    r"([\uac00-\ud7a3](?: [\uac00-\ud7a3]{2}|[\uac00-\ud7a3]{1,3}))"
    # a particle may follow: "설은비에게"
    r"(?=(?:에게서|에게|께서|께|한테|이랑|랑|으로|로|이|가|은|는|을|를|의|와|과|도|입니다|이며|이고|이다|였습니다|"
    r"이었습니다)?(?![\uac00-\ud7a3]))",  # "전공의 류다인입니다": a copula after the name
)
HANGUL_TITLE_AFTER = re.compile(
    # (a compound surname may stand apart: "남궁 은지 선생님께")
    r"(?<![\uac00-\ud7a3])((?:(?:남궁|황보|제갈|선우|독고|사공|서문|동방)[ \t])?[\uac00-\ud7a3]{2,4})\s*"
    r"(?:님|씨|교수님|교수|선생님|선생|환자분|환자|간호사|전공의|"
    r"원장님|원장|과장님|과장|보호자|할머니|할아버지|어르신|여사|어머님|아버님|군|양|"
    # a person's trade or office after the name: "부현순 해녀", "김태식 선장", "박정호 이장"
    r"해녀|선장|선원|기관장|이장|통장|반장|"
    # a hospital's ranks and trades: "탁미란 수간호사", "노지훈 방사선사", "채은별 코디네이터"
    r"수간호사|책임간호사|주임간호사|간호부장|방사선사|임상병리사|물리치료사|통역사|코디네이터|실장|부장|부원장|센터장|"
    r"팀장|주임|"
    # military ranks and roles: "권혁 중령", "김민준 병장"
    r"대령|중령|소령|대위|중위|소위|준위|원사|상사|중사|하사|병장|상병|일병|이병|훈련병|군의관|생도|후보생|"
    # a client's or a member's title in a notice: "석민아 고객님", "편지수 회원님"
    r"고객님|회원님|수검자님|검진자님)"
    r"(?:께서|께|에게서|에게|한테|이|가|은|는|을|를|의|과|와|이가)?(?![\uac00-\ud7a3])"
)

gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
