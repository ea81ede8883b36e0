r"""Exact rewrites of the screen's patterns that let ``re`` reject a start position sooner.

Most of the screen's time was ``re`` trying a pattern at every position of a window and failing. At each
position a big alternation (a cue's hundred words, an institution's suffixes) is tried one alternative at a time,
and ``re`` rejects an alternative without entering it only when its code opens with a case-sensitive literal or
character class. Under IGNORECASE, or behind a lookahead guard (``by_first_letter``'s ``(?=[a])``), every
alternative is entered. ``rewrite`` rewrites a pattern's parse tree so that it matches exactly what it matched,
with the same groups, in the same order, but fails sooner:

* **Regrouping by first character.** The alternatives of an alternation are grouped by the set of characters
  their matches can start with (their *head*): consecutive in the group, in their own order. Two alternatives are
  only moved past each other when their heads are disjoint: at any one position at most one of them can match,
  so which is tried first cannot change the match (``re`` takes the first alternative that leads to a match).
* **Hoisting the first character.** Alternatives of one group that all open with the same one-character item
  share it: ``(?:signed|sent|seen)`` becomes ``[Ss](?:igned|ent|een)``, and so on down (a trie). The shared
  item is written case-sensitively with every character IGNORECASE lets it match (``[Ssſ]``: ``re`` reads
  ``ſ`` as ``s``), so that ``re`` can reject the group with one test.
* **Lookahead guards.** An alternative ``(?=[a])(?:w1|w2|...)`` is spread over its words: a word whose head is
  within the guard's loses the guard, a word whose head is disjoint from it can never match there and goes, and
  the rest keep it. ``(?:A)?B`` opening an alternative is read as ``AB|B`` (``B|AB`` when lazy), which is how
  ``re`` tries it, when ``A`` never matches empty and holds no group.
* **The first characters in the info block.** ``re`` skips positions that cannot start a match only when the
  pattern opens with a literal or a class. For a pattern that opens with a boundary, a lookbehind or a lookahead
  (``\b(?:...)``, ``(?<![\w-])[A-Z]...``), the characters its matches start with (their head, as above: a
  superset, where a mark stands for every character beyond ASCII when the exact set is large) are written into
  the compiled pattern's info block, where ``re`` reads its own.

Nothing else changes: groups, their numbers and names, lookarounds, back-references, flags. The compiled
pattern keeps its source text as ``.pattern``. ``tests/test_phi_rewrite.py`` compares every rewritten pattern
of the screen with its source on real texts and random patterns with their rewrites on random texts;
``benchmarks/bench_phi_prefilter.py`` measures the screen with and without (``MEGACXR_PHI_REWRITE=0`` compiles
the patterns as written).

It reads ``re``'s own parse tree (``re._parser``) and compiles it with ``re``'s compiler; a pattern it cannot
read is left as written.
"""

from __future__ import annotations

import _sre
import os
import re
from re import _compiler, _parser
from re import _constants as C

__all__ = ["ENABLED", "rewrite"]

ENABLED = os.environ.get("MEGACXR_PHI_REWRITE", "1") != "0"

_IGNORECASE, _ASCII, _LOCALE = int(re.IGNORECASE), int(re.ASCII), int(re.LOCALE)
# the characters beyond ASCII that ``re`` matches to an ASCII letter under IGNORECASE ("İ", "ı", "ſ", Kelvin sign)
_CASE_EXTRAS = "\u0130\u0131\u017f\u212a"
_MAX_SET = 64  # the largest explicit set of characters a head or a hoisted class holds
_MAX_SPLIT = 4  # a guarded alternation of up to this many words is spread into that many alternatives
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_CLOSURES: dict[tuple[int, int], frozenset[str] | None] = {}

Items = list  # a parse tree's sequence: [(op, argument), ...]


def _closure(code: int, flags: int) -> frozenset[str] | None:
    """The characters a one-character literal matches under ``flags``, or None when not known exactly."""
    if flags & _LOCALE:
        return None
    char = chr(code)
    if not flags & _IGNORECASE:
        return frozenset(char)
    key = (code, flags & _ASCII)
    if key not in _CLOSURES:
        if char.isascii():
            literal = re.compile(re.escape(char), flags & (_IGNORECASE | _ASCII))
            found = frozenset(c for c in {char.lower(), char.upper(), *_CASE_EXTRAS} if literal.fullmatch(c))
        elif flags & _ASCII or not _sre.unicode_iscased(code):
            found = frozenset(char)
        else:
            found = None  # (a cased letter beyond ASCII: its class is not worth computing here)
        _CLOSURES[key] = found
    return _CLOSURES[key]


def _one_char(item, flags: int) -> frozenset[str] | None:
    """The exact characters a one-character item (a literal, a small positive class) matches, else None."""
    op, av = item
    if op is C.LITERAL:
        return _closure(av, flags)
    if op is not C.IN:
        return None
    out: set[str] = set()
    for kind, value in av:
        if kind is C.LITERAL:
            codes = (value,)
        elif kind is C.RANGE and value[1] - value[0] < _MAX_SET:
            codes = range(value[0], value[1] + 1)
        else:  # a category, a negation, a wide range
            return None
        for code in codes:
            chars = _closure(code, flags)
            if chars is None:
                return None
            out |= chars
    return frozenset(out) if len(out) <= _MAX_SET else None


# A head may hold this mark for "any character beyond ASCII": the superset used where the exact set is large (a
# category like ``\d``, a block like Hangul syllables). ``_overlap``, ``_within`` and ``_meet`` read it.
BEYOND_ASCII = "beyond ASCII"
_CATEGORY_SOURCE = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}


def _category_head(category, flags: int) -> frozenset[str] | None:
    """The ASCII characters a category matches, and the mark unless ASCII-only (a superset)."""
    source = _CATEGORY_SOURCE.get(category)
    if source is None or flags & _LOCALE:
        return None
    key = (-1 - list(_CATEGORY_SOURCE).index(category), flags & _ASCII)
    if key not in _CLOSURES:
        compiled = re.compile(source, flags & _ASCII)
        found = {chr(i) for i in range(128) if compiled.match(chr(i))}
        _CLOSURES[key] = frozenset(found if flags & _ASCII else found | {BEYOND_ASCII})
    return _CLOSURES[key]


def _class_head(item, flags: int) -> frozenset[str] | None:
    """A superset of the characters a one-character item matches: exact where small (``_one_char``), else its
    ASCII characters and the mark; None for a negation or anything else."""
    exact = _one_char(item, flags)
    if exact is not None or item[0] is not C.IN:
        return exact
    out: set[str] = set()
    for kind, value in item[1]:
        if kind is C.CATEGORY:
            found = _category_head(value, flags)
        elif kind in (C.LITERAL, C.RANGE):
            low, high = (value, value) if kind is C.LITERAL else value
            found = _range_head(low, high, flags)
        else:  # a negation
            return None
        if found is None:
            return None
        out |= found
    return frozenset(out)


def _range_head(low: int, high: int, flags: int) -> frozenset[str] | None:
    if flags & _LOCALE:
        return None
    out: set[str] = set()
    for code in range(low, min(high, 127) + 1):
        out |= _closure(code, flags) or ()
    if high >= 128:
        out.add(BEYOND_ASCII)
        if flags & _IGNORECASE and any(low <= ord(c) <= high for c in _CASE_EXTRAS):
            out |= set("iIsSkK")  # (characters beyond ASCII that IGNORECASE reads as ASCII letters)
    return frozenset(out)


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two heads may share a character."""
    if a & b:
        return True
    return (BEYOND_ASCII in a and any(not c.isascii() for c in b)) or (
        BEYOND_ASCII in b and any(not c.isascii() for c in a)
    )


def _within(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether every character of head ``a`` is surely in head ``b``."""
    if BEYOND_ASCII in a and BEYOND_ASCII not in b:
        return False
    return all(c in b or (BEYOND_ASCII in b and not c.isascii()) for c in a)


def _meet(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """A head of what starts with a character of both."""
    out = {c for c in a if c in b or (BEYOND_ASCII in b and not c.isascii())}
    out |= {c for c in b if BEYOND_ASCII in a and not c.isascii()}
    return frozenset(out)


def _width(item, state) -> tuple[int, int]:
    return _parser.SubPattern(state, [item]).getwidth()


def _nullable(item, state) -> bool:
    return _width(item, state)[0] == 0


def _head(items: Items, flags: int, state) -> frozenset[str] | None:
    """Characters every match of the sequence starts with (a superset), or None when unknown or when the
    sequence can match empty."""
    acc: set[str] = set()
    for k, item in enumerate(items):
        op, av = item
        if op is C.ASSERT and av[0] > 0:  # a lookahead: what follows starts where its text starts
            guard = _head(av[1].data, flags, state)
            rest = _head(items[k + 1 :], flags, state)
            if guard is None:
                return None if rest is None else frozenset(acc | rest)
            return frozenset(acc | (guard if rest is None else _meet(guard, rest)))
        if _width(item, state)[1] == 0:
            continue  # (a boundary, a lookbehind, a negative lookahead: only narrows where a match starts)
        found = _item_head(item, flags, state)
        if found is None:
            return None
        acc |= found
        if not _nullable(item, state):
            return frozenset(acc)
    return None


def _item_head(item, flags: int, state) -> frozenset[str] | None:
    op, av = item
    if op in (C.LITERAL, C.IN):
        return _class_head(item, flags)
    if op is C.SUBPATTERN:
        return _head(av[3].data, _compiler._combine_flags(flags, av[1], av[2]), state)
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _head(branch.data, flags, state)
            if found is None:
                return None
            out |= found
        return frozenset(out)
    if op in _REPEATS:
        return _head(av[2].data, flags, state)
    return None


def _exact_class(chars: frozenset[str], flags: int, state):
    """One item matching exactly ``chars``, case-sensitively (so that ``re`` tests it without entering)."""
    inner = (
        (C.LITERAL, ord(next(iter(chars)))) if len(chars) == 1 else (C.IN, [(C.LITERAL, ord(c)) for c in sorted(chars)])
    )
    if flags & _IGNORECASE:
        return (C.SUBPATTERN, (None, 0, _IGNORECASE, _parser.SubPattern(state, [inner])))
    return inner


def _has_groups(items: Items) -> bool:
    return any(
        (op is C.SUBPATTERN and av[0] is not None)
        or op in (C.GROUPREF, C.GROUPREF_EXISTS)
        or any(_has_groups(b.data) for b in _bodies(op, av))
        for op, av in items
    )


def _expand_optional(alt: Items) -> list[Items]:
    """``(?:A)?B`` as ``AB | B`` (``B | AB`` when lazy): the order ``re`` tries them in; A never empty, no group."""
    if alt and alt[0][0] in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, high, body = alt[0][1]
        if low == 0 and high == 1 and body.getwidth()[0] > 0 and not _has_groups(body.data):
            with_a, without = list(body.data) + alt[1:], alt[1:]
            return [with_a, without] if alt[0][0] is C.MAX_REPEAT else [without, with_a]
    return [alt]


def _restrict(guard, chars: frozenset[str], alt: Items, flags: int, state) -> list[Items]:
    """Alternatives together equal to ``guard`` (a lookahead for ``chars``) followed by ``alt``."""
    found = _head(alt, flags, state)
    if found is not None and _within(found, chars):
        return [alt]
    if found is not None and not _overlap(found, chars):
        return []
    if alt and alt[0][0] is C.BRANCH and all(b.getwidth()[0] > 0 for b in alt[0][1][1]):
        kept = []
        for branch in alt[0][1][1]:
            head = _head(list(branch.data), flags, state)
            if head is not None and not _overlap(head, chars):
                continue
            kept.append(list(branch.data) if head is not None and _within(head, chars) else [guard, *branch.data])
        if len(kept) <= _MAX_SPLIT:
            return [k + alt[1:] for k in kept]
        return [[(C.BRANCH, (None, [_parser.SubPattern(state, k) for k in kept])), *alt[1:]]]
    return [[guard, *alt]]


def _flatten(alts: list[Items], flags: int, state) -> list[Items]:
    """Splice nested alternations and spread lookahead-guarded ones (``_restrict``)."""
    flat: list[Items] = []
    for alt in alts:
        if len(alt) == 1 and alt[0][0] is C.BRANCH:
            flat.extend(_flatten([list(b.data) for b in alt[0][1][1]], flags, state))
            continue
        if len(alt) >= 2 and alt[0][0] is C.ASSERT and alt[0][1][0] > 0:
            chars = _head(alt[0][1][1].data, flags, state)
            if chars is not None:
                if len(alt) == 2 and alt[1][0] is C.BRANCH:
                    for inner in _flatten([list(b.data) for b in alt[1][1][1]], flags, state):
                        for each in _expand_optional(inner):
                            flat.extend(_restrict(alt[0], chars, each, flags, state))
                else:
                    flat.extend(_restrict(alt[0], chars, alt[1:], flags, state))
                continue
        flat.append(alt)
    return flat


def _regroup(alts: list[Items], flags: int, state) -> list[Items]:
    """The alternation's alternatives grouped by head and hoisted (see the module docstring)."""
    buckets: list[tuple[frozenset[str] | None, list[Items]]] = []
    for alt in _flatten(alts, flags, state):
        head = _head(alt, flags, state)
        target = None
        if head is not None:
            for key, members in reversed(buckets):  # join the latest group with this head, moving past disjoint ones
                if key == head:
                    target = members
                    break
                if key is None or _overlap(key, head):
                    break
        if target is None:
            buckets.append((head, [alt]))
        else:
            target.append(alt)
    out: list[Items] = []
    for key, members in buckets:
        if key is None:
            out.extend(members)
            continue
        run: list[Items] = []
        for alt in [*members, None]:
            if alt is not None and alt and _one_char(alt[0], flags) == key:
                run.append(alt)
                continue
            if len(run) == 1:
                out.append([_exact_class(key, flags, state), *run[0][1:]] if flags & _IGNORECASE else run[0])
            elif run:
                rests = _regroup([r[1:] for r in run], flags, state)  # (none left: none of them can match)
                if len(rests) == 1:
                    out.append([_exact_class(key, flags, state), *rests[0]])
                elif rests:
                    branch = (C.BRANCH, (None, [_parser.SubPattern(state, r) for r in rests]))
                    out.append([_exact_class(key, flags, state), branch])
            run = []
            if alt is not None:
                out.append(alt)
    return out


def _rewrite_items(items: Items, flags: int, state) -> Items:
    out: Items = []
    for op, av in items:
        if op is C.SUBPATTERN:
            group, add, remove, body = av
            inner = _rewrite_items(body.data, _compiler._combine_flags(flags, add, remove), state)
            out.append((op, (group, add, remove, _parser.SubPattern(state, inner))))
        elif op is C.BRANCH:
            alts = _regroup([_rewrite_items(b.data, flags, state) for b in av[1]], flags, state)
            if not alts:  # (no alternative can match: ``re`` has no empty alternation, keep it as written)
                out.append((op, av))
            elif len(alts) == 1:
                out.extend(alts[0])
            else:
                out.append((op, (None, [_parser.SubPattern(state, a) for a in alts])))
        elif op in _REPEATS:
            out.append((op, (av[0], av[1], _parser.SubPattern(state, _rewrite_items(av[2].data, flags, state)))))
        elif op in (C.ASSERT, C.ASSERT_NOT):
            out.append((op, (av[0], _parser.SubPattern(state, _rewrite_items(av[1].data, flags, state)))))
        elif op is C.ATOMIC_GROUP:
            out.append((op, _parser.SubPattern(state, _rewrite_items(av.data, flags, state))))
        else:
            out.append((op, av))
    return out


def _bodies(op, av) -> list:
    """The sequences nested in one item."""
    if op is C.SUBPATTERN:
        return [av[3]]
    if op is C.BRANCH:
        return list(av[1])
    if op in _REPEATS:
        return [av[2]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op is C.ATOMIC_GROUP:
        return [av]
    return []


def _has_branch(items: Items) -> bool:
    return any(op is C.BRANCH or any(_has_branch(b.data) for b in _bodies(op, av)) for op, av in items)


def _with_first_characters(code: list, head: frozenset[str] | None, flags: int) -> list:
    """``code`` with the characters every match starts with in its info block, when ``re`` found neither a
    literal prefix nor such a set itself (a pattern that opens with a lookbehind, a boundary or a lookahead): the
    search then tries only the positions holding one of them."""
    if head is None or code[0] != C.INFO or code[2] & (C.SRE_INFO_PREFIX | C.SRE_INFO_CHARSET) or code[3] == 0:
        return code
    items = [(C.LITERAL, ord(c)) for c in sorted(head - {BEYOND_ASCII})]
    if BEYOND_ASCII in head:
        items.append((C.RANGE, (0x80, 0x10FFFF)))
    charset, _ = _compiler._optimize_charset(items)
    info = [C.INFO, 0, code[2] | C.SRE_INFO_CHARSET, code[3], code[4]]
    _compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    return info + code[code[1] + 1 :]


def rewrite(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` compiled from its rewritten parse tree (same matches, same groups, same ``.pattern``), or
    ``pattern`` itself when there is nothing to rewrite, when off (``MEGACXR_PHI_REWRITE=0``) or when ``re``'s
    internals are not as this module reads them."""
    if not ENABLED or not isinstance(pattern.pattern, str):
        return pattern
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        state = tree.state
        branches = _has_branch(tree.data)
        new = _parser.SubPattern(state, _rewrite_items(tree.data, state.flags, state)) if branches else tree
        written = _compiler._code(new, pattern.flags)
        code = _with_first_characters(written, _head(tree.data, state.flags, state), pattern.flags | state.flags)
        if code is written and not branches:
            return pattern
        index_group = [None] * state.groups
        for name, index in state.groupdict.items():
            index_group[index] = name
        return _sre.compile(
            pattern.pattern, pattern.flags | state.flags, code, state.groups - 1, state.groupdict, tuple(index_group)
        )
    except (AttributeError, TypeError, ValueError, IndexError, RecursionError, RuntimeError, re.error):
        return pattern
