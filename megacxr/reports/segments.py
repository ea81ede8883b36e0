"""Cut long text into bounded pieces, so that the text passes run in time linear in the text's length.

A real report is a few kilobytes, but a hospital cell can hold a megabyte, and a regular expression that is
linear on a report can be quadratic on a crafted megabyte (``[**`` repeated without a closing ``**]`` made one
pattern take 28 s on 60 KB). The PHI screen and the section cleaner therefore run on pieces of at most
``SEGMENT_CHARS`` characters: whatever a pattern costs on one piece, the whole costs a constant times the
number of pieces. Text within the limit (every real report) is one piece, handled exactly as before.

Cuts fall after a paragraph break, else after a line break, else after a space, else anywhere, searched in the
second half of each window (so that every piece but the last holds at least half the limit).
"""

from __future__ import annotations

SEGMENT_CHARS = 4096
_SEPARATORS = ("\n\n", "\n", " ")


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[str]:
    """Consecutive pieces of ``text`` of at most ``limit`` characters; ``"".join(pieces) == text``."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    if len(text) <= limit:
        return [text]
    pieces, start, end = [], 0, len(text)
    while end - start > limit:
        cut = -1
        for sep in _SEPARATORS:
            k = text.rfind(sep, start + limit // 2, start + limit)
            if k >= 0:
                cut = k + len(sep)
                break
        if cut <= start or cut > start + limit:
            cut = start + limit
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
