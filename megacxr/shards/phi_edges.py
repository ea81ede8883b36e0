"""The PHI screen's last pass: the edges of an identifier already masked, where a part of it is still in clear.

After a masked name (``ends`` maps each masked span's end to its kind, as in ``phi_neighbours``):

* a capitalised word right before it after a comma, a colon or a quote (", Rainy ___,": a given name that is also
  a word), and "LAST, ___" after a label or a quote ("Bear, ___");
* a capitalised word after it and a comma at the end of a field ("___, Will --": LAST, FIRST in a signature);
* a single capitalised word between two masked parts ("Dr. ___ Trâm ___"), a nickname in parentheses and the
  surname after it ("___ (___) Bautista-Ocampo"), Spanish particles and the words they join ("___ DE LOS
  ÁNGELES");
* a parenthesised alias after a masked name or place: two or three capitalised words, one unknown word, or a
  Hangul transliteration ("___ (Lorna Hatch-Prewitt)", "___ (Barrow)", "___ (레티화)"), and a Hangul name just
  before a masked romanised one in the same parentheses ("(트란 티 마이, ___)").

After a masked identifier number, phone or address: the letters that open the identifier ("KUS ___"), a URI
scheme ("sip:___"), an extension written as a URI parameter (";ext=3"), a short leading group of a phone
("044 ___"). After a masked place: "& Word" that continues a firm's name, the head words of a practice
("___ Family Medicine Associates", "___ Regional"), a Canadian province after a masked town ("___, BC"), the town
before a masked "AK 99752".

Holidays written without a year or a preposition ("Injured Christmas Eve '25", "(Presidents' Day)") are dates too:
``holiday_dates``.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import CLINICAL, KOREAN_CLINICAL, WORD, word_class, zipf
from megacxr.shards.phi_names import NOT_NAME_END, STOP, hangul_name_like, known_korean_word, transliterated_token
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_spans import ending_at, masked_runs

__all__ = ["holiday_dates", "masked_edges"]

Mask = Callable[[int, int, str], None]

_U = "A-ZÀ-ÖØ-ÞĀ-ſ"  # upper-case letters, Latin-1 and Latin Extended-A (upper and lower mixed in the latter)
_L = "a-zß-öø-ÿĀ-ſ'’"
_WORD = rf"[{_U}][{_L}]+(?:[{_U}][{_L}]+)?(?:-[{_U}][{_L}]+){{0,2}}"  # "HaShomer", "McAllen", "Sainte-Justine-Nord"
_TITLES = frozenset(
    "dr mr mrs ms mx prof mister miss dear attn to by per cc from and or the thanks hi hello hey".split()
)

_BEFORE_NAME = re.compile(rf"(?:^|(?<=[,:;(\"“'‘]))[ \t]*({_WORD})[ \t]+$", re.M)
_LAST_BEFORE = re.compile(  # "Resident: de la Cruz, ___": a surname (its particles too) before a masked given name
    rf"(?:^|(?<=[:;(\"“'‘=|]))[ \t]*((?:(?:de|del|de[ \t]+la|van|van[ \t]+der|van[ \t]+den|von|da|di|du|le|la)[ \t]+)?"
    rf"{_WORD}),[ \t]*$",
    re.M,
)
_FIRST_AFTER = re.compile(  # (two spaces end a fixed-width field: "Gold***, Miriam    MRN: ...")
    rf",[ \t]*({_WORD})(?=[ \t]*(?:--|[|)\"”;]|$|,[ \t]*(?:MD|DO|RN|NP|PA)\b)|[ \t]{{2,}}[A-Z])", re.M
)
_CAPS_FIRST_AFTER = re.compile(  # "___, NASSER -- portable": a given name in capitals after a masked surname
    rf",[ \t]*([{_U}]{{3,}}(?:-[{_U}]{{2,}})?)(?:[ \t]+[{_U}]\.?)?(?=[ \t]*(?:--|[|(\"”;/]|$))", re.M
)
_REST_OF_CELL = re.compile(rf"[ \t]+({_WORD}(?:[ \t]+{_WORD})?)(?=[ \t]*[\"”|\t])")
_PARTICLE = re.compile(
    r"[ \t]+(bat|ben|bint|binti|bin|abu|ould|ap|ferch|mac|dos|das|del|della|van|von|de|da|di|du|le|la)[ \t]+(?=_)"
)
_TWO_LETTER_AFTER = re.compile(r"[ \t]+([A-Z][a-z])(?=[ \t]*(?:[(,;|)]|$))", re.M)  # "___ Oo (Burmese)"
_LIST_NEXT = re.compile(rf"[ \t]*(?:/|&|and|;)[ \t]*((?:[A-Z]\.[ \t]*){{1,2}}{_WORD})")  # "___ / A. Wierzbicka"
_HL7_NEXT = re.compile(r"\^([A-Z][A-Za-z'’-]*)")  # "___^ELENA"
_SPLIT_HYPHEN_BEFORE = re.compile(rf"({_WORD}-)[ \t]*\n[ \t]*$")  # "Ashby-\n___": a name cut at its hyphen
_CAPS_LINE_ABOVE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Za-z'’-]{2,})[ \t]*\n[ \t]*$")  # "JUSTICE\n___"
_KOREAN_GIVEN_AFTER = re.compile(r"[ \t]+([\uac00-\ud7a3]{1,2})(?=[ \t]*(?:[/|,()]|$)|[ \t]+[/|])", re.M)
_KOREAN_NOT_GIVEN = frozenset("님 씨 군 양 등 외 및 의 환자 보호자 교수 선생 과장 원장 님께".split())
_LETTERS_AFTER_ID = re.compile(r"[ \t]+([A-Z]{1,3})(?![\w'’-])")  # "9876 543 ___ MK" (its check letters)
_SEGMENTS_BEFORE_ID = re.compile(r"(?<![\w/-])((?:[A-Z]{2,5}|\d{2,4})(?:/(?:[A-Z]{2,5}|\d{2,4})){1,3}/)$")  # "REF/25/"
STOP_CAPS = frozenset("A I AM PM AT ON IN OF TO BY OR AND THE FOR".split())
_ZONE_AFTER_DATE = re.compile(  # a date-time's zone: "___ PDT", "___ (KST)"
    r"[ \t]*\(?[ \t]*((?:[ECMP][SD]T|AK[SD]T|H[SD]T|UTC|GMT|KST|JST|CET|CEST|BST|IST|AEST|AEDT)"
    r"(?:[+-]\d{1,2})?)\)?(?![\w])"
)
_KOREAN_WEEK_AFTER = re.compile(r"[ \t]*((?:첫째|첫|둘째|셋째|넷째|다섯째|마지막)[ \t]*주(?:차)?)(?![\uac00-\ud7a3])")
_WEEK_OF_BEFORE = re.compile(  # (the week's words may be masked with the month: "the first ___")
    r"(?i:\b((?:first|second|third|fourth|last|final|1st|2nd|3rd|4th)[ \t]+(?:(?:week|weekend)[ \t]+of[ \t]+)?))$"
)
_ID_SUFFIX = re.compile(  # "KY-BL-0417/25", "771204518 / 0012", "2026.03.0418.CR": a check or modality segment
    r"[ \t]*/[ \t]*\d{2,6}(?![\d/])|[.-][A-Z0-9]{1,4}(?![\w.-]|\.\w)"
)
_MONTHS_AFTER_AGE = re.compile(r"[ \t]+(\d{1,2}[ \t]*(?:mos?|mths?|months?|m)\b\.?)", re.I)
_KOREAN_WEEKDAY_TIME = re.compile(
    r"[ \t]*(\([월화수목금토일]\)(?:[ \t]*(?:오전|오후|새벽|밤)?[ \t]*\d{1,2}(?:시|:)[ \t]*(?:\d{1,2}분?)?)?)"
)
_YEAR_WORDS_AFTER = re.compile(
    r"[ \t]+((?:last|this|next|the[ \t]+previous|the[ \t]+following)[ \t]+year|Q[1-4])\b", re.I
)  # "___ last year", "FY2025 Q2" whose year was masked
_STATE_AFTER = re.compile(
    r",?[ \t]+(AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|"
    r"NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)(?:[ \t]+\d{5}(?:-\d{4})?)?(?![\w.])"
)
_TOWN_BEFORE_PLACE = re.compile(
    rf"(?:^|(?<=\bfrom)|(?<=\bin)|(?<=\bat)|(?<=\bnear))[ \t]+({_WORD}(?:[ \t]+{_WORD})?),[ \t]*$", re.M
)
_CITY_BEFORE_CONTACT = re.compile(  # "Kyiv cell ___", "Ulaanbaatar contact ___": where the number rings
    rf"(?<![\w'’-])({_WORD})[ \t]+(?i:cell|mobile|phone|tel|contact|landline|home|office)[ \t:#.]*$"
    rf"|\b(?:in|at|from|on|en)[ \t]+({_WORD}(?:[ \t]+{_WORD})?)[ \t]*[:=]?[ \t]*$",  # "Son in Bangalore: ___"
    re.M,
)
_PLACE_AT_CLAUSE_END = re.compile(rf",[ \t]*({_WORD}(?:[ \t]+{_WORD})?)(?=[ \t]*(?:[.;,)]|$))", re.M)
_INITIALS_BEFORE = re.compile(r"(?<![\w.])([A-Z]{2,3})[ \t]*\((?:Dr\.?[ \t]+)?$")  # "reader HK (Dr. ___)"
_HYPHENATED_AFTER = re.compile(rf"[ \t]+([{_U}][{_L}]+(?:-[{_U}][{_L}]+){{1,3}})")  # "___ Sainte-Justine-Nord"
_GIVEN_BEFORE_CREDENTIALED = re.compile(rf"(?<![\w'’-])({_WORD})[ \t]+$")  # "with Honor ___, NP"
_CREDENTIAL_NEXT = re.compile(r",?[ \t]*(?:MD|DO|RN|NP|PA-C|PA|CNA|LPN|RT|RRT|CRNA|FNP|DNP|APRN)\b")
_GAELIC_TAIL = re.compile(r"[ \t]+((?:(?:an|na|Ó|O|Ní|Ni|Nic|Mac|Mc|ap|ab|ua|Ua)[ \t]+)+(?:t-)?[A-Za-z][A-Za-z'’-]+)")
_QUOTED_NICK = re.compile(r"[ \t]*\"{1,2}([A-Z][A-Za-z'’-]+)\"{1,2}")  # CSV: "O'NEILL, MAEVE ""MAISIE"""
_MASKED_WORD_SLASH = re.compile(r"(?<=_)[ \t]+([A-Z][A-Za-z'’-]+)[ \t]*/[ \t]*$")
_LATIN_BEFORE_SLASH = re.compile(r"([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+){1,2})[ \t]*/[ \t]*$")
_HOLIDAY_BEFORE = re.compile(
    rf"((?:{_WORD}[ \t]+){{0,2}}(?:Day|Eve|Night)|D[ií]a[ \t]+de(?:[ \t]+(?:los|las|la))?[ \t]+{_WORD})[ \t]*\(?[ \t]*$"
)
_YEAR_AFTER_PAREN = re.compile(r"[ \t]*\)[ \t]*((?:19|20)\d{2})(?!\d)")
_SLASH_BEFORE_DATE = re.compile(r"(?<![\d/])(\d{1,2}/)[ \t]+$")
_DIGITS_AFTER_ID = re.compile(r"[ \t]+(\d{3,10})(?![\d/.:-])")
_DIGITS_BEFORE_ID = re.compile(r"(?<![\d.,/-])(\d{3,10})[ \t]+$")
_NEXT_LINE_DIGITS = re.compile(r"[ \t]*\n[ \t]*(\d{4,12})[ \t]*(?=\n|$)")
_UNIT_AFTER = re.compile(r",?[ \t]*(\d{1,5}호)(?![\uac00-\ud7a3])")  # "___, 303호", "___ 1412호"
_REGION_BEFORE = re.compile(rf"({_WORD}[ \t]+(?:State|District|Province|Prefecture|Municipality|Parish)),[ \t]*$")
_REGION_HEAD_AFTER = re.compile(r"[ \t]+((?i:district|khoroo|soum|aimag|borough|ward)\b(?:[ \t]+\d{1,3})?)")
_LOWER_PAREN = re.compile(
    rf"[ \t]*\((?i:lower|upper|north|south|east|west|central|greater|outer|inner)[ \t]+({_WORD})\)"
)
_FIRM_BEFORE_TOWN = re.compile(rf"(?<=:)[ \t]*({_WORD}(?:[ \t]+{_WORD})?),[ \t]*$")
_ONE_BETWEEN = re.compile(rf"[ \t]+({_WORD})[ \t]+(?=_)")
_NICK_THEN_SURNAME = re.compile(rf"[ \t]*(?:\(_+\)|[\"“'‘]_+[\"”'’])[ \t]+({_WORD})")  # '___ "___" Mazzarella'
_PAREN_QUOTED_NICK = re.compile(r"[ \t]*\([ \t]*[\"“'‘]([A-Z][A-Za-z'’-]+)[\"”'’][ \t]*\)")  # '___ ("Jimmy")'
_HYPHEN_WRAP = re.compile(r"-[ \t]*\n[ \t]*([a-z]{2,}|[A-Z][a-z]+)(?![\w'’-])")
_INITIAL_AFTER = re.compile(r"[ \t]+([A-Z])(?=[ \t]*(?:[|/;]|$))", re.M)
_NUMBER_IN_QUOTES = re.compile(r"[ \t]+(\d{1,4})(?=[\"”])")  # '"DOE, JUAN 27"': the alias's number
_SPANISH_TAIL = re.compile(
    rf"[ \t]+((?:(?i:de|del|de[ \t]+la|de[ \t]+las|de[ \t]+los|y)[ \t]+)+"
    rf"(?:[{_U}][{_U}{_L}]+)(?:[ \t]+[{_U}][{_U}{_L}]+)?)(?![{_L}])"
)
_PAREN_ALIAS = re.compile(
    rf"[ \t]*\(((?:{_WORD}[ \t]+){{0,2}}{_WORD}|[\uac00-\ud7a3]{{2,8}}(?:[ \t]+[\uac00-\ud7a3]{{1,6}}){{0,2}})[),]"
)
_HANGUL_BEFORE_IN_PAREN = re.compile(r"\(((?:[\uac00-\ud7a3]{1,6}[ \t]*){1,3}),[ \t]*$")

_ID_PREFIX = re.compile(r"(?<![\w-])([A-Z]{2,5}(?:-[A-Z]{2,3})?)[ \t-]?$")  # "KUS ___", "BCBS-IA ___"
_ID_LABELS = frozenset(
    "MRN ID ACC SSN DOB NO NUM PID FIN CSN EMPI HAR MR UR URN NHS ICN CN AN EN VN ENC ACCT REF TEL FAX PH CELL "
    "EXT PGR MOB HOME WORK PIN".split()
)
_URI_SCHEME = re.compile(r"(?<![\w])(?:sips?|tel|callto|fax|mailto|xmpp|im):\Z", re.I)
_EXT_PARAM = re.compile(r";(?:ext|extension|x)=\d{1,6}", re.I)
_PHONE_LEAD = re.compile(r"(?:^|(?<=[:(]))[ \t]*(\d{2,3})[ \t.-]+$", re.M)

_AMP_FIRM = re.compile(rf"[ \t]*&[ \t]*({_WORD}(?:[ \t]+{_WORD})?)")
_PRACTICE_HEAD = re.compile(
    r"[ \t]+((?:Family[ \t]+(?:Medicine|Practice|Health)|Pediatric|Paediatric|Internal[ \t]+Medicine|Primary[ \t]+Care|"
    r"Medical|Health)[ \t]+(?:Associates|Group|Partners|Clinic|Center|Centre)|Associates|Regional"
    r"(?:[ \t]+(?:Hospital|Medical[ \t]+Center))?|Pediatrics|Partners|(?:Health[ \t]+)?Department|Program|Institute|"
    r"Therapeutics|Pharmaceuticals|Laboratories|Labs|Foundation|(?:Black[ \t]+)?Lung[ \t]+Program|CORE|Core|"
    r"Med(?:ical)?[ \t]+Ctr|Ctr|Hosp\.?|Peninsula|Atoll|Islands?|Village|Heights|Estates|Homesteads|Subdivision|"
    r"Association|Cooperative|Reservoir|(?:Locks?[ \t]+)?(?:and[ \t]+)?Dam|Marina|Campground|State[ \t]+Park|"
    r"(?:Golf[ \t]+)?Course|Country[ \t]+Club|Golf[ \t]+Club)"  # "___ Reservoir", "___ ___ and Dam", "___ Course"
    r"(?![\w'’-])"
)
_HOME_PORT = re.compile(rf"[ \t]+(?:out[ \t]+of|homeported[ \t]+(?:in|at))[ \t]+({_WORD})")
_PROVINCE = re.compile(r",[ \t]*(BC|AB|SK|MB|ON|QC|NB|NS|PE|PEI|NL|YT|NT|NU)(?![\w.])")
_TOWN_BEFORE_STATE_ZIP = re.compile(  # "Lac du Flambeau, WI ___": a town's particles too
    rf"({_WORD}(?:[ \t]+(?:(?:du|de|des|la|le|of|the|d'|l')[ \t]+)?{_WORD})?),?[ \t]+$"
)

HOLIDAY_ALONE = re.compile(  # a holiday named as the day something happened, year optional ("Christmas Eve '25")
    r"(?<![\w'’-])(?:Christmas[ \t]+(?:Eve|Day)|Christmas(?![ \t]+(?i:disease|factor|tree))|New[ \t]+Year['’]?s"
    r"(?:[ \t]+(?:Eve|Day))?|Thanksgiving(?:[ \t]+Day)?|Easter(?:[ \t]+(?:Sunday|Monday))?|Halloween|Boxing[ \t]+Day|"
    r"Canada[ \t]+Day|Victoria[ \t]+Day|Independence[ \t]+Day|(?:Fourth|4th)[ \t]+of[ \t]+July(?:[ \t]+weekend)?|"
    r"July[ \t]+4th|Labou?r[ \t]+Day|Patriots['’]?[ \t]+Day|"
    r"(?:MLK|Martin[ \t]+Luther[ \t]+King(?:[ \t]+Jr\.?)?)[ \t]+Day|Good[ \t]+Friday|"
    r"Black[ \t]+Friday|Election[ \t]+Day|"
    r"Memorial[ \t]+Day|Presidents['’]?[ \t]+Day|Veterans['’]?[ \t]+Day|Columbus[ \t]+Day|Juneteenth|"
    r"Valentine['’]?s[ \t]+Day|Mother['’]?s[ \t]+Day|Father['’]?s[ \t]+Day|Cinco[ \t]+de[ \t]+Mayo|"
    r"Mardi[ \t]+Gras|St\.?[ \t]+Patrick['’]?s[ \t]+Day|Groundhog[ \t]+Day|Super[ \t]+Bowl[ \t]+Sunday|Hogmanay|"
    r"Bonfire[ \t]+Night|Guy[ \t]+Fawkes(?:[ \t]+Night)?|Burns[ \t]+Night|"
    r"St\.?[ \t]+(?:Andrew|David|George)['’]?s[ \t]+Day|"
    r"Kamehameha[ \t]+Day|Prince[ \t]+Kuhio[ \t]+Day|Liberation[ \t]+Day|Three[ \t]+Kings[ \t]+Day|Epiphany|"
    r"D[ií]a[ \t]+de[ \t]+(?:Reyes|los[ \t]+Muertos|la[ \t]+Candelaria|San[ \t]+Juan)|Nochebuena|Nochevieja|"
    # feasts of other calendars and a town's or a nation's yearly events ("Diwali week", "Eid al-Fitr 2024",
    # "Merrie Monarch week", "the Super Bowl")
    r"Diwali|Deepavali|Holi|Eid[ \t-]+(?:al|ul)[ \t-]+(?:Fitr|Adha)|Rosh[ \t]+Hashanah|Yom[ \t]+Kippur|Passover|"
    r"Hanukkah|Chanukah|Kwanzaa|(?:Lunar|Chinese)[ \t]+New[ \t]+Year|Chuseok|Seollal|Songkran|Nowruz|Vaisakhi|"
    r"Merrie[ \t]+Monarch|Super[ \t]+Bowl)"
    # the day of a feast named by its season ("Mardi Gras day 2024", "Christmas morning '23"), its week or its
    # festival with no year ("Diwali week, Nov 2023")
    r"(?:[ \t]+(?i:weekend|week|festival)(?![\w'’-])"
    r"|[ \t]+(?i:day|eve|night|morning|evening|weekend|parade)(?=[ \t]+(?:['’]\d{2}|(?:19|20)\d{2})))?"
    r"(?:[ \t]+(?:['’]\d{2}|(?:19|20)\d{2})|[ \t]+(?:of[ \t]+)?(?:this|last|next)[ \t]+year)?(?![\w'’-])"
)


def _known_word(word: str) -> bool:
    """A word of the report: a title or function word, or a clinical or frequent English word."""
    w = word.lower().strip("'’")
    return w in _TITLES or w in STOP or word_class(word) == CLINICAL or (zipf(w) >= 5.0 and "-" not in w)


def _hangul_alias(word: str) -> bool:
    """A Hangul word in parentheses after a masked name that writes the name again ("___ (레티화)"): a name's
    shape, a transliteration, or a short word of no Korean word list that ends as no finding does."""
    if hangul_name_like(word, strict=False) or transliterated_token(word):
        return True
    return 2 <= len(word) <= 4 and not known_korean_word(word) and not word.endswith(NOT_NAME_END)


def _given_name_shape(word: str) -> bool:
    """A word before a masked surname that can be the given name: no title, report word, verb form or very
    frequent word ("Rainy ___" and "Hope ___" are names; "Paged ___" and "Please ___" are not)."""
    w = word.lower().strip("'’")
    return not (
        w in _TITLES or w in STOP or word_class(word) == CLINICAL or w.endswith(("ed", "ing")) or zipf(w) >= 5.0
    )


def _unknown(word: str) -> bool:
    w = word.lower().strip("'’")
    return not (w in _TITLES or w in STOP or word_class(word) == CLINICAL or zipf(w) >= 3.0)


def _next_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] == "_":
        end += 1
    return end


def masked_edges(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """See the module docstring; cost: a few anchored matches per masked span."""
    if "_" not in text:
        return

    def take(start: int, end: int, kind: str) -> None:
        nonlocal text
        if end > start:
            mask(start, end, kind)
            ends[end] = kind
            text = text[:start] + "_" * (end - start) + text[end:]

    for s, _e, _kind in masked_runs(text, ends, ("name",)):
        line = max(0, text.rfind("\n", 0, s) + 1)
        m = _BEFORE_NAME.search(text, line, s)
        if m and _given_name_shape(m.group(1)):
            take(m.start(1), m.end(1), "name")
        m = _LAST_BEFORE.search(text, line, s)
        if m and m.group(1).lower() not in _TITLES and word_class(m.group(1)) != CLINICAL:
            take(m.start(1), m.end(1), "name")
    for _s, e, _kind in masked_runs(text, ends, ("name",)):
        m = _FIRST_AFTER.match(text, e)
        if m and m.group(1).lower() not in _TITLES and word_class(m.group(1)) != CLINICAL:
            take(m.start(1), m.end(1), "name")
        m = _CAPS_FIRST_AFTER.match(text, e)
        if m and m.group(1).lower() not in _TITLES and m.group(1).lower() not in STOP:
            kind = word_class(m.group(1))  # "NASSER" is also an English word, rarely: not "PORTABLE", "CHEST"
            if kind != CLINICAL and (kind != WORD or zipf(m.group(1)) < 4.0):
                take(m.start(1), m.end(0), "name")
        m = _ONE_BETWEEN.match(text, e)
        if m and ends.get(next((x for x in range(m.end(), len(text)) if text[x] != "_"), len(text)), "name") == "name":
            w = m.group(1).lower()
            if w not in _TITLES and w not in STOP and not (word_class(m.group(1)) == CLINICAL and zipf(w) >= 4.5):
                take(m.start(1), m.end(1), "name")  # "Dr. ___ Tram ___": between two parts of one name
        m = _NICK_THEN_SURNAME.match(text, e)
        if m and not _known_word(m.group(1)):
            take(m.start(1), m.end(1), "name")  # "___ (___) Bautista-Ocampo", not "___ (___) Lungs are clear"
        m = _HYPHEN_WRAP.match(text, e)
        if m:
            take(m.start(1), m.end(1), "name")  # "Dr. ___-\nnajinnie": a name cut at its hyphen at the line's end
        m = _INITIAL_AFTER.match(text, e)
        if m:
            take(m.start(1), m.end(1), "name")  # "Read by ___ G |": the initial after a masked surname
        m = _PAREN_QUOTED_NICK.match(text, e) or _NUMBER_IN_QUOTES.match(text, e)
        if m:
            take(m.start(1), m.end(1), "name")  # '___ ("Jimmy")', '"___ 27"'
        m = _TWO_LETTER_AFTER.match(text, e)
        if m and m.group(1).lower() not in _TITLES and m.group(1) not in ("St", "Jr", "Sr", "No", "Rm", "Ed", "Er"):
            take(m.start(1), m.end(1), "name")
        m = _LIST_NEXT.match(text, e) or _HL7_NEXT.match(text, e)
        if m and not _known_word(m.group(1).split()[-1]):
            take(m.start(1), m.end(1), "name")
        m = _KOREAN_GIVEN_AFTER.match(text, e)
        if m and m.group(1) not in _KOREAN_NOT_GIVEN and m.group(1) not in KOREAN_CLINICAL:
            take(m.start(1), m.end(1), "name")  # "___ 민수": the given name after a compound surname ("남궁 민수")
        m = _GAELIC_TAIL.match(text, e) or _QUOTED_NICK.match(text, e)
        if m:
            take(m.start(1), m.end(1), "name")  # "___ Ó hUiginn", "___ an t-Saoir", '___ ""MAISIE""'
            m = _NICK_THEN_SURNAME.match(text, e)
            if m and not _known_word(m.group(1)):
                take(m.start(1), m.end(1), "name")  # 'Dr. ___ "___" Mazzarella': the surname after the nickname
        m = _REST_OF_CELL.match(text, e)
        if m and text[:s].rstrip(" \t")[-1:] in ('"', "|", "\t", "“"):
            take(m.start(1), m.end(1), "name")  # '"patient": "Hawk, ___ Running"': the cell holds the name only
        m = _SPANISH_TAIL.match(text, e)
        if m:
            take(m.start(1), m.end(1), "name")
    for s, _e, _kind in masked_runs(text, ends, ("name",)):
        m = _PARTICLE.search(text, max(0, s - 12), s + 1)
        if m and m.end() == s:
            before = text[: m.start()].rstrip()
            if before.endswith("_"):
                take(m.start(1), m.end(1), "name")  # "___ bat ___": a particle between two parts of one name
        m = _GIVEN_BEFORE_CREDENTIALED.search(text, max(0, s - 30), s)
        if m and _CREDENTIAL_NEXT.match(text, _next_end(text, s)) and _given_name_shape(m.group(1)):
            take(m.start(1), m.end(1), "name")  # "reviewed with Honor ___, NP"
        m = _LATIN_BEFORE_SLASH.search(text, max(0, s - 60), s)
        if m and not all(_known_word(w) for w in m.group(1).split()):
            take(m.start(1), m.end(1), "name")  # "BATBAYAR ENKHTUYA / ___": one name in two scripts
        m = _MASKED_WORD_SLASH.search(text, max(0, s - 40), s)
        if m:
            take(m.start(1), m.end(1), "name")  # "___ BOLD / ___": the rest of the first writing
        m = _INITIALS_BEFORE.search(text, max(0, s - 12), s)
        if m and word_class(m.group(1)) != CLINICAL and m.group(1) not in ("ED", "ER", "OR", "IR", "PA", "AP"):
            take(m.start(1), m.end(1), "name")
        m = _SPLIT_HYPHEN_BEFORE.search(text, max(0, s - 40), s)
        if m:
            take(m.start(1), m.end(1), "name")
        m = _CAPS_LINE_ABOVE.search(text, max(0, s - 40), s)
        if m and not _known_word(m.group(1)) or m and m.group(1).isupper() and word_class(m.group(1)) != CLINICAL:
            if m.group(1).lower() not in STOP:
                take(m.start(1), m.end(1), "name")  # "JUSTICE\n___": a surname on the line above the given name
    for s, e, kind in masked_runs(text, ends, ("name", "place")):
        m = _PAREN_ALIAS.match(text, e)
        if m:
            words = m.group(1).split()
            hangul = "\uac00" <= m.group(1)[0] <= "\ud7a3"
            if (
                hangul
                and any(_hangul_alias(w) for w in words)
                or (not hangul and not all(_known_word(w) for w in words))
                and not (m.group(1).islower() and all(zipf(w) >= 4.0 for w in words))  # "(son)", "(wife)"
            ):
                take(m.start(1), m.end(1), kind)
        m = _HANGUL_BEFORE_IN_PAREN.search(text, max(0, s - 30), s)
        if m and kind == "name":
            take(m.start(1), m.start(1) + len(m.group(1).rstrip()), "name")
    for s, e, kind in masked_runs(text, ends, ("mrn", "phone", "email", "url", "ip")):
        m = _ID_PREFIX.search(text, max(0, s - 8), s)
        if m and kind in ("mrn", "phone") and m.group(1) not in _ID_LABELS and zipf(m.group(1)) < 4.5:
            take(m.start(1), m.end(1), "mrn")  # "KUS ___" (not "CALL ___", "PAGE ___": a word before a number)
        m = _URI_SCHEME.search(text, max(0, s - 8), s)
        if m:
            take(m.start(), m.end(), kind)
        m = _EXT_PARAM.match(text, e)
        if m and kind == "phone":
            take(m.start(), m.end(), "phone")
        m = _PHONE_LEAD.search(text, max(0, s - 8), s)
        if m and kind == "phone":
            take(m.start(1), m.end(1), "phone")
        m = _CITY_BEFORE_CONTACT.search(text, max(0, s - 40), s)
        g = 1 if m and m.group(1) else 2
        if m and kind == "phone" and not all(_known_word(w) for w in m.group(g).split()):
            take(m.start(g), m.end(g), "place")
        m = _ID_SUFFIX.match(text, e)
        if m and kind == "mrn":
            take(m.start(), m.end(), "mrn")
        if kind == "mrn":
            m = _DIGITS_AFTER_ID.match(text, e) or _NEXT_LINE_DIGITS.match(text, e)
            if not m:  # letters that are no word and no report abbreviation ("___ QX", not "___ ED visit", "___ CT")
                m = _LETTERS_AFTER_ID.match(text, e)
                m = m if m and word_class(m.group(1)) not in (CLINICAL, WORD) and m.group(1) not in STOP_CAPS else None
            if m:
                take(m.start(1), m.end(1), "mrn")  # "CHI: ___ 1287", "V0044\n  81127", "___ MK": the rest of it
            m = _SEGMENTS_BEFORE_ID.search(text, max(0, s - 20), s)
            if m:
                take(m.start(1), m.end(1), "mrn")  # "REF/25/___": the segments that open the number
            m = _DIGITS_BEFORE_ID.search(text, max(0, s - 14), s)
            if m:
                take(m.start(1), m.end(1), "mrn")  # "card no. 80372 ___"
    for s, e, _kind in masked_runs(text, ends, ("date",)):
        m = _ZONE_AFTER_DATE.match(text, e) or _KOREAN_WEEK_AFTER.match(text, e)
        if m:
            take(m.start(1), m.end(1), "date")  # "___ PDT", "___ 셋째 주": the rest of the date
        m = _WEEK_OF_BEFORE.search(text, max(0, s - 40), s)
        if m:
            take(m.start(1), m.end(1), "date")  # "the first week of ___", "the last weekend of ___"
        m = _HOLIDAY_BEFORE.search(text, max(0, s - 40), s)
        if m and not all(_known_word(w) for w in m.group(1).split()[:-1] or ["x"]):
            take(m.start(1), m.end(1), "date")  # "Kamehameha Day ___", "Liberation Day (___)", "Día de Reyes ___"
        m = _YEAR_AFTER_PAREN.match(text, e)
        if m:
            take(m.start(1), m.end(1), "date")
        m = _SLASH_BEFORE_DATE.search(text, max(0, s - 6), s)
        if m:
            take(m.start(1), m.end(1), "date")  # "10/ ___": a date with a space after its first slash
    for _s, e, kind in masked_runs(text, ends, ("age", "date", "mrn")):
        m = _MONTHS_AFTER_AGE.match(text, e) if kind == "age" else None
        m = m or (_KOREAN_WEEKDAY_TIME.match(text, e) if kind == "date" else None)
        m = m or (_YEAR_WORDS_AFTER.match(text, e) if kind in ("date", "mrn") else None)  # "FY2025" read as a code
        if m and m.group(1):
            take(m.start(1), m.end(1), kind)

    def place_edges() -> None:
        nonlocal text
        for s, e, kind in masked_runs(text, ends, ("place", "address", "zip", "name")):
            m = _PROVINCE.match(text, e) or _STATE_AFTER.match(text, e)
            if m and kind == "name" and m.group(1) in ("MA", "PA", "MD", "ME", "DE", "IN", "OR"):
                m = None  # "___ PA", "___ MD": a credential after a name, not a state
            if m:
                take(m.start(1), m.end(), "place")
            m = _UNIT_AFTER.match(text, e) if kind in ("place", "address") else None
            if m:
                take(m.start(1), m.end(1), "address")
            if kind in ("place", "name"):
                m = _REGION_BEFORE.search(text, max(0, s - 40), s)
                m = m or (_FIRM_BEFORE_TOWN.search(text, max(0, s - 40), s) if kind == "place" else None)
                if m and not all(_known_word(w) for w in m.group(1).split()[:1]):
                    take(m.start(1), m.end(1), "place")  # "Koror State, ___", "Place of work: Tesco Extra, ___"
                m = _REGION_HEAD_AFTER.match(text, e) or _LOWER_PAREN.match(text, e)
                if m:
                    take(m.start(1), m.end(1), "place")
            if kind == "place":
                m = _HYPHENATED_AFTER.match(text, e)
                if m and not all(_known_word(w) for w in m.group(1).split("-")):
                    take(m.start(1), m.end(1), "place")
                m = _PLACE_AT_CLAUSE_END.match(text, e)
                if m and not all(_known_word(w) for w in m.group(1).split()):
                    take(m.start(1), m.end(1), "place")  # "___, Tel HaShomer.", "___, Laval, reviewed": its town
                m = _TOWN_BEFORE_PLACE.search(text, max(0, s - 40), s)
                if m and not all(_known_word(w) for w in m.group(1).split()):
                    take(m.start(1), m.end(1), "place")  # "from Mayfield, ___ County": the town before its county
            m = _PRACTICE_HEAD.match(text, e) if kind in ("place", "name") else None
            if m:
                take(m.start(1), m.end(1), "place")  # "___ Family Medicine Associates": a practice named for its town
            if kind == "name":
                continue
            m = _AMP_FIRM.match(text, e) if kind == "place" else None
            if m:
                take(m.start(1), m.end(1), "place")
            m = _HOME_PORT.match(text, e) if kind == "place" else None
            if m and not _known_word(m.group(1)):
                take(m.start(1), m.end(1), "place")  # "F/V ___ out of Kodiak": a vessel's home port
            if kind in ("address", "zip") and re.match(r"_+$", text[s:e]):
                m = _TOWN_BEFORE_STATE_ZIP.search(text, max(0, s - 40), s)
                if m and not all(_known_word(w) for w in m.group(1).split()):
                    take(m.start(1), m.end(1), "place")

    place_edges()
    place_edges()  # a second round reads what the first took ("___ ___ Med Ctr")
    for _, e, kind in masked_runs(text, ends, ("place",)):  # a place's alias after the words those rounds took
        m = _PAREN_ALIAS.match(text, e)  # "From ___ ___ (Hog Hammock)": the island's settlement
        if m and not "\uac00" <= m.group(1)[0] <= "\ud7a3" and not all(_known_word(w) for w in m.group(1).split()):
            take(m.start(1), m.end(1), kind)


# before a masked holiday: a day counted from it ("the day after ___", "the weekend before ___") and a national
# adjective ("Canadian ___"); holiday_dates takes them
_NATIONAL = r"\b(?:American|Canadian|U\.?S\.?|Korean|Chinese|Vietnamese|Mexican|Brazilian|Filipino|Jewish|Orthodox)\s+"
_BEFORE_HOLIDAY = re.compile(
    rf"(?:\b(?:the\s+)?(?:(?:opening|closing|first|last|final)\s+)?(?:day|night|morning|evening|weekend|week)\s+"
    rf"(?:after|before|of)\s+(?:the\s+)?(?:{_NATIONAL})?"  # ("opening night of the ___": an event's day)
    # a count of days or weeks before a holiday masked with its "after" ("~1 wk ___" of "~1 wk after Easter 2024"),
    # and a Spanish day before a masked month ("el 3 de ___" of "3 de mar. 2024")
    r"|(?<![\w.])~?\d{1,2}[ \t]*(?:days?|wks?|weeks?|mos?|months?)[ \t]+(?=_)"
    r"|(?<![\w./-])(?:[12]\d|3[01]|0?[1-9])[ \t]+de[ \t]+"
    rf"|{_NATIONAL})(?=_)"
)
YEAR = re.compile(r"(?<![\w'’])(?:19|20)\d{2}(?!\d)")
_WORD_START = re.compile(r"(?<![\w'’])[a-z]")  # (not str.title: it would read "year's" as "Year'S")
_HOLIDAY_HINTS = (
    "Day", "Eve", "Christmas", "Thanksgiving", "Easter", "Halloween", "Juneteenth", "Cinco", "Gras", "July", "Night",
    "Hogmanay", "Epiphany", "Noche", "Día", "Dia", "Diwali", "Deepavali", "Holi", "Eid", "Rosh", "Yom", "Passover",
    "Hanukkah", "Chanukah", "Kwanzaa", "New Year", "Chuseok", "Seollal", "Songkran", "Nowruz", "Vaisakhi", "Monarch",
    "Bowl", "Friday",
)  # fmt: skip


# a holiday of two words in lower case, with no year ("collapsed at home christmas eve"): no report says these
# words for anything else
_LOWER_HOLIDAY = re.compile(
    r"(?<![\w'’-])(?:christmas[ \t]+(?:eve|day|morning|night)|new[ \t]+year['’]?s[ \t]+(?:eve|day)|"
    r"thanksgiving[ \t]+(?:day|night|weekend)|easter[ \t]+(?:sunday|weekend|morning)|fourth[ \t]+of[ \t]+july|"
    r"july[ \t]+(?:4th|fourth)|(?:labor|memorial|veterans['’]?|mother['’]?s|father['’]?s|valentine['’]?s)[ \t]+day|"
    r"halloween[ \t]+night)(?![\w'’-])"
)


def holiday_dates(text: str, mask: Mask, ends: dict[int, str] | None = None) -> None:
    """Holidays named as a day (module docstring), and before a masked date the words that count a day from it
    ("the day after ___") or name whose holiday it is ("Canadian ___")."""
    if "_" in text and ends is not None:
        for s, _, _ in masked_runs(text, ends, ("date",)):
            m = ending_at(_BEFORE_HOLIDAY, text, s, 48)
            if m:
                mask(m.start(), m.end(), "date")
    if any(k in text for k in _HOLIDAY_HINTS):
        for m in HOLIDAY_ALONE.finditer(text):
            mask(m.start(), m.end(), "date")
    if any(k.lower() in text for k in _HOLIDAY_HINTS):
        for m in _LOWER_HOLIDAY.finditer(text):
            mask(m.start(), m.end(), "date")  # "christmas eve"
    if YEAR.search(text):  # "seen on new year's eve 2023": in lower case before a year, whatever the text's case
        for y in YEAR.finditer(text):
            start = max(0, y.start() - 40)
            piece = text[start : y.end()]
            if any(k.lower() in piece for k in _HOLIDAY_HINTS):
                capitalised = _WORD_START.sub(lambda c: c.group(0).upper(), piece)
                for m in HOLIDAY_ALONE.finditer(capitalised):
                    if m.end() == len(piece) and not piece[m.start() : m.end()].istitle():
                        mask(start + m.start(), start + m.end(), "date")
    titled = text.title()  # "LABOR DAY 2023": a holiday in capitals is read in title case
    if len(titled) == len(text) and any(k.upper() in text for k in _HOLIDAY_HINTS):
        for m in HOLIDAY_ALONE.finditer(titled):
            if text[m.start() : m.end()].isupper():
                mask(m.start(), m.end(), "date")
    if "Cinco de _" in text:  # "Cinco de Mayo 2025" whose "Mayo 2025" was read as a Spanish month and year
        for m in re.finditer(r"Cinco[ \t]+de[ \t]+(?=_)", text):
            mask(m.start(), m.end(), "date")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
