"""One scan per window that tells the screen's patterns they cannot match, so they skip their own scans.

Most of the screen's time is regular expressions scanning a window that holds nothing they could match: a
residence clause's cue words, an institution's suffixes, a month's names. Every match of such a pattern contains
one of a few literal strings (a word of its alternation, a month's abbreviation), and the absence of all of them
from the window proves there is no match. ``required_literals`` reads those strings off the pattern's parse tree;
``gate_patterns`` wraps a module's patterns in ``GatedPattern``; one Aho-Corasick scan (``pyahocorasick``) of each
window finds which of all the patterns' literals occur, and a gated ``search``, ``finditer`` or ``findall`` on a
string of that window returns no match at once when none of its literals occurs. The screen's output is the
same with or without the gate (``tests/test_phi_prefilter.py``; ``benchmarks/bench_phi_prefilter.py`` measures
both side by side).

Why the gate is sound:

* A literal is required when every match holds it: a run of literal characters of a sequence (all of whose items
  must match), or one literal out of each branch of an alternation, of a group repeated at least once, or of a
  positive lookaround (whose text is in the string too). Anything else (a class, an optional part, a negative
  lookaround, a back-reference, a conditional) proves nothing, and a pattern with no required literal is not
  gated.
* Case: the window and the literals are compared after the same normalisation (``normalise``: the simple lower
  case of each character and the characters ``re`` treats as equal under IGNORECASE, like ``ſ`` and ``s``, read
  as one), so a literal of a case-insensitive part, or of a case-sensitive one, is found whatever its case.
* The passes mask a window by writing ``_`` over spans. A literal that occurs in a masked string either lies in
  characters the mask left (so it occurred before) or holds a ``_``; a masked string inherits its window's hits
  plus every literal that holds a ``_`` (``derive``). A string the prefilter never saw (a slice, a lower-cased
  copy, a view with letters replaced) is not gated: the pattern scans it as before.
"""

from __future__ import annotations

import contextlib
import re
from re import (
    _casefix,  # the characters ``re`` reads as equal under IGNORECASE beyond their lower case
    _parser,
)
from re import _constants as C

import ahocorasick

from .phi_rewrite import rewrite

__all__ = ["REWRITTEN", "GatedPattern", "begin", "derive", "gate_patterns", "normalise", "required_literals", "ungated"]

# (a character's full lower case may differ from its simple one, which ``re`` uses: "İ" is "i" to ``re``)
_BEFORE_LOWER = str.maketrans({"\u0130": "i"})
_ONE_OF: dict[int, str] = {}  # each character of a class ``re`` reads as equal -> the class's first character
for _code, _others in _casefix._EXTRA_CASES.items():
    _members = sorted({_code, *_others})
    for _m in _members:
        _ONE_OF[_m] = chr(_members[0])
_TRANSLATE = str.maketrans(_ONE_OF)
# a pattern is gated when its shortest required literal has this many characters: shorter ones (",", "_", "19")
# are in nearly every window, and the gate's own cost would outweigh the scans it saves
MIN_LITERAL = 3
_MAX_CLASS_LITERALS = 8  # a character class of up to this many characters is a set of one-character literals
_MAX_FIXED = 64  # the most strings a run of fixed items may stand for


def normalise(text: str) -> str:
    """``text`` as the prefilter compares it: lower case, with the characters ``re`` reads as equal made one."""
    return text.translate(_BEFORE_LOWER).lower().translate(_TRANSLATE)


def _best(candidates: list[frozenset[str] | None]) -> frozenset[str] | None:
    """Of the sets that each prove a match, the one that fails most often: longest shortest literal (up to 4
    characters), then fewest literals."""
    sets = [c for c in candidates if c]
    if not sets:
        return None
    return max(sets, key=lambda s: (min(4, min(len(x) for x in s)), -len(s)))


def _fixed(op, av) -> frozenset[str] | None:
    """The strings one item can match when they are few and fixed (a literal, a small class, an alternation or a
    short repeat of fixed strings: ``Dr\\.?``, ``[Tt]``, ``(?:St|Saint)``), else None."""
    if op is C.LITERAL:
        return frozenset([chr(av)])
    if op is C.IN and 0 < len(av) <= _MAX_CLASS_LITERALS and all(o is C.LITERAL for o, _ in av):
        return frozenset(chr(code) for _, code in av)
    if op is C.SUBPATTERN:
        return _fixed_sequence(av[3])
    if op is C.BRANCH:
        parts = [_fixed_sequence(branch) for branch in av[1]]
        if any(p is None for p in parts):
            return None
        union = frozenset().union(*parts)
        return union if len(union) <= _MAX_FIXED else None
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[1] <= 2:
        body = _fixed_sequence(av[2])
        if body is None:
            return None
        out, power = set(), {""}
        for n in range(av[1] + 1):
            if n >= av[0]:
                out |= power
            power = {a + b for a in power for b in body}
        return frozenset(out) if len(out) <= _MAX_FIXED else None
    return None


def _fixed_sequence(items) -> frozenset[str] | None:
    out = frozenset([""])
    for op, av in items:
        if op is C.AT:  # (a boundary or an anchor matches no character)
            continue
        f = _fixed(op, av)
        if f is None:
            return None
        out = frozenset(a + b for a in out for b in f)
        if len(out) > _MAX_FIXED:
            return None
    return out


def _required(items) -> frozenset[str] | None:
    """Of a sequence of items: the runs of adjacent fixed items (each a set of whole strings), and what each
    other item requires; the best of them (``_best``)."""
    candidates: list[frozenset[str] | None] = []
    empty = frozenset([""])
    run = empty
    for op, av in items:
        if op is C.AT:  # (matches no character: the strings on both sides are adjacent)
            continue
        f = _fixed(op, av)
        if f is not None:
            longer = frozenset(a + b for a in run for b in f)
            if len(longer) <= _MAX_FIXED:
                run = longer
                continue
        if "" not in run:  # (a run that may match nothing requires nothing)
            candidates.append(run)
        run = f if f is not None else empty
        if op is C.SUBPATTERN:
            candidates.append(_required(av[3]))
        elif op is C.ATOMIC_GROUP:
            candidates.append(_required(av))
        elif op is C.BRANCH:
            parts = [_required(branch) for branch in av[1]]
            candidates.append(None if any(p is None for p in parts) else frozenset().union(*parts))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            candidates.append(_required(av[2]))
        elif op is C.ASSERT:  # a positive lookahead or lookbehind: its text is in the string as well
            candidates.append(_required(av[1]))
        # (anything else proves nothing: a class, an optional part, a negative lookaround, a reference)
    if "" not in run:
        candidates.append(run)
    return _best(candidates)


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Normalised strings one of which every match of ``pattern`` holds (in its text or its lookarounds'), or
    None when the pattern's parse tree proves none."""
    found = _required(_parser.parse(pattern.pattern, pattern.flags))
    return None if found is None else frozenset(normalise(s) for s in found)


class _Literals:
    """Every gated pattern's literals, numbered, and the automaton that finds them (built when first needed)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.automaton = None
        self.with_underscore: frozenset[int] = frozenset()

    def number(self, literals: frozenset[str]) -> frozenset[int]:
        for s in literals:
            if s not in self.ids:
                self.ids[s] = len(self.ids)
                self.automaton = None
        return frozenset(self.ids[s] for s in literals)

    def hits(self, text: str) -> set[int]:
        if self.automaton is None:
            automaton = ahocorasick.Automaton()
            for s, i in self.ids.items():
                automaton.add_word(s, i)
            automaton.make_automaton()
            self.with_underscore = frozenset(i for s, i in self.ids.items() if "_" in s)
            self.automaton = automaton
        return {i for _, i in self.automaton.iter(normalise(text))} if self.ids else set()


_LITERALS = _Literals()


# The current window's strings: id -> (the string, the literals it holds). One table for the process: a thread
# that begins a window while another screens one only makes the other's strings unknown here, and an unknown
# string is scanned ungated (the string itself is kept and compared, so an id never names another string).
_SEEN: dict[int, tuple[str, set[int] | frozenset[int]]] = {}


_ENABLED = True


def begin(text: str) -> None:
    """A new window: forget the last one's strings, scan ``text`` for every literal."""
    global _SEEN
    _SEEN = {id(text): (text, _LITERALS.hits(text))} if _ENABLED else {}


@contextlib.contextmanager
def ungated():
    """Within: no string is known, so every pattern scans (the screen as it was without the gate; the tests and
    ``bench_phi_prefilter.py`` compare the two)."""
    global _ENABLED, _SEEN
    before, _ENABLED, _SEEN = _ENABLED, False, {}
    try:
        yield
    finally:
        _ENABLED = before


def derive(before: str, after: str) -> None:
    """``after`` is ``before`` with spans written over by ``_``: it holds no literal ``before`` lacked but those
    that hold a ``_``."""
    seen = _SEEN.get(id(before))
    if seen is not None and seen[0] is before:
        _SEEN[id(after)] = (after, seen[1] | _LITERALS.with_underscore)


class GatedPattern:
    """A compiled pattern whose ``search``, ``finditer`` and ``findall`` return no match at once on a string of
    the current window that holds none of its required literals; everything else is the pattern's own."""

    def __init__(self, pattern: re.Pattern, literals: frozenset[str]):
        self.compiled = pattern
        self.literals = literals
        self.ids = _LITERALS.number(literals)
        self.match = pattern.match  # (anchored at one position: nothing to gain, bound at C speed)
        self.fullmatch = pattern.fullmatch
        self.sub = pattern.sub
        self.subn = pattern.subn
        self.split = pattern.split
        self._search = pattern.search
        self._finditer = pattern.finditer
        self._findall = pattern.findall

    def __getattr__(self, name: str):  # pattern, flags, groups, groupindex, scanner
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"GatedPattern({self.compiled!r})"

    def search(self, string: str, *args):
        seen = _SEEN.get(id(string))
        if seen is not None and seen[0] is string and self.ids.isdisjoint(seen[1]):
            return None
        return self._search(string, *args)

    def finditer(self, string: str, *args):
        seen = _SEEN.get(id(string))
        if seen is not None and seen[0] is string and self.ids.isdisjoint(seen[1]):
            return iter(())
        return self._finditer(string, *args)

    def findall(self, string: str, *args):
        seen = _SEEN.get(id(string))
        if seen is not None and seen[0] is string and self.ids.isdisjoint(seen[1]):
            return []
        return self._findall(string, *args)


# (module-qualified name, the pattern as written, the pattern the screen runs): what the tests compare
REWRITTEN: list[tuple[str, re.Pattern, re.Pattern]] = []


def gate_patterns(namespace: dict) -> int:
    """Replace each compiled pattern of a module's ``namespace`` with its exact rewrite (``phi_rewrite``), wrapped
    when its required literals are long enough (called at the end of the module, so that modules importing its
    names get the new ones); the number wrapped. The literals are read off the pattern as written."""
    wrapped = 0
    module = namespace.get("__name__", "?").rsplit(".", 1)[-1]
    for name, value in list(namespace.items()):
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            literals = required_literals(value)
            fast = rewrite(value)
            if fast is not value:
                REWRITTEN.append((f"{module}.{name}", value, fast))
            if literals and min(map(len, literals)) >= MIN_LITERAL:
                namespace[name] = GatedPattern(fast, literals)
                wrapped += 1
            else:
                namespace[name] = fast
    return wrapped
