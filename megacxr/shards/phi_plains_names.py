"""Surnames of Plains and other Native American families written as two English words: "Two Bulls", "Takes Enemy",
"Spotted Elk", "Standing Bear", "Little Wolf", "Brings Plenty", "Old Person", "Two Moons".

Each word is a common English word, so neither the name lists nor the word classes read them as a name, and a
report of the northern Plains (Pine Ridge, Rosebud, Lame Deer, Browning, Fort Yates) leaks them whole: "Harold Two
Bulls Jr.", "Caregiver: Wanda Takes Enemy", "STANDING BEAR, FRANCIS X JR". The pass takes a pair of a first word
of the list (a number, a colour, an age, a verb of deeds: Two, Little, Standing, Spotted, Brings, Takes) and a
second word of the list (an animal, a thing, a person: Bulls, Elk, Wolf, Enemy, Plenty, Person), and only where a
person's name stands: after a given name or an initial ("Justine Spotted Elk"), a label's colon ("Caregiver:\\n"),
a title or a role ("Dr.", "NP", "doctor"), a masked name ("___ Old Person"), or before ", GIVEN" (a LAST, FIRST header).
"a little wolf" in a story or "Two horses" in prose have none of these and stay.

Cost: one scan gated by a word of the second list in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import is_first_name
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["plains_names"]

Mask = Callable[[int, int, str], None]

_FIRST = (
    "two|three|four|little|old|young|standing|spotted|running|brings|takes|kills|comes|chasing|white|black|red|"
    "yellow|iron|lone|bad|good|high|long|crazy|sitting|walking|flying|many|plenty|hollow|pretty|big|afraid|eagle|"
    "bear|crow|grey|gray|blue|shot|whirlwind|left|medicine|tall|looking|charging|fast|swift|burnt|broken|under"
)
_SECOND = (
    "bull|bulls|bear|bears|elk|horse|horses|wolf|wolves|moon|moons|enemy|plenty|person|feather|feathers|cloud|"
    "clouds|thunder|hawk|hand|hands|shield|eagle|crow|dog|dogs|owl|deer|buffalo|tail|robe|boy|ghost|arrow|arrows|"
    "lance|heart|hair|bird|star|dancer|face|fox|weasel|coyote|calf|horn|eye|eyes|chief|woman|thunderbird|"
    "tracks|lodge|warrior|bonnet|kettle|knife|elk|antelope|rabbit|badger|turtle"
)
_PAIR = re.compile(rf"(?<![\w'’-])((?i:{_FIRST})[ \t]+(?i:{_SECOND}))(?![\w'’-])")
# (the lookahead on a second word's first letters lets the scan skip every other position at once)
_SECOND_HINT = re.compile(rf"(?i:(?<![a-z])(?=[abcdefhklmoprstw])(?:{_SECOND})(?![a-z]))")
_BEFORE = re.compile(
    r"(?:(?<![\w'’-])([A-Z][A-Za-z'’-]+)|(?<![\w'’-])[A-Z]\.|_|[:：]|"
    r"(?i:\b(?:dr|mr|mrs|ms|np|rn|pa|md|miss|doctor|nurse|tech))\.?)"
    r"[ \t]*\n?[ \t]*$"
)
_AFTER_GIVEN = re.compile(r"[ \t]*,[ \t]*([A-Za-z][A-Za-z'’-]+)")


def _shaped(words: str) -> bool:
    """A name's shape: the first word in title case or capitals ("Brings plenty" as dictated)."""
    first = words.split()[0]
    return first.istitle() or first.isupper()


def plains_names(text: str, mask: Mask) -> None:
    """See the module docstring."""
    if not _SECOND_HINT.search(text):
        return
    for m in _PAIR.finditer(text):
        words = m.group(1)
        before = _BEFORE.search(text, max(0, m.start() - 40), m.start())
        after = _AFTER_GIVEN.match(text, m.end())
        given_after = after is not None and is_first_name(after.group(1).title())
        if not (_shaped(words) or given_after and words.islower()):
            continue
        if before is not None and before.group(1) is not None and not is_first_name(before.group(1).title()):
            before = None  # "Saw Two Bulls": a capitalised word before it must be a given name
        if before is not None or given_after:
            mask(m.start(1), m.end(1), "name")
            if before is not None and before.group(1) is not None:
                mask(before.start(1), before.end(1), "name")  # the given name before it: "Justine Spotted Elk"
            if given_after:
                mask(after.start(1), after.end(1), "name")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
