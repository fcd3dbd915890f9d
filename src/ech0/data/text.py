"""Text normalisation shared by clean (what is stored) and processed (what is compared)."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi-control characters: invisible, and able to split a secret
# or an email so a detector misses it, so they are removed before detection.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Every Unicode space separator (NBSP, thin space, ideographic space...) becomes ' '.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING = re.compile("[ \t]+\n")
# Runs of spaces after the first non-space character of a line; leading
# indentation is kept because code in completions depends on it.
_RUNS_OF_SPACES = re.compile("(?<=\\S) {2,}")
_BLANK_LINES = re.compile("\n{3,}")


# Anything normalise() could change: non-ASCII or control characters (tab and
# newline aside), a run of spaces, 3+ newlines, space before a newline, or
# whitespace at either end. Most strings have none, and skip the 8 passes.
_DIRTY = re.compile(r"[^\x20-\x7e\n\t]|  |\n\n\n|[ \t]\n|^\s|\s$")


def normalise(text: str) -> str:
    """NFC, one kind of newline and space, no invisible characters, trimmed.

    Leading indentation and tabs are kept (code depends on them); runs of spaces
    inside a line collapse to one, trailing spaces go, and 3+ newlines become 2.
    """
    if not _DIRTY.search(text):
        return text
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _RUNS_OF_SPACES.sub(" ", text)
    text = _TRAILING.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def comparison_key(text: str) -> str:
    """Case-folded words joined by single spaces: what dedup compares."""
    if not text.isascii():  # ASCII is already NFKC; isascii() is O(1) in CPython
        text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub(" ", text.casefold()).strip()
