"""Errors that reach users.

Every error caused by bad data or a bad request is a :class:`TreatycmpError`.
The CLI turns it into a one-line message and exit code 1; library code never
prints or exits. Programmer errors stay ``ValueError``/``TypeError``.
"""

from __future__ import annotations

import re

EXCERPT_WORD = 120  # characters of one word (an id, a path) quoted in full
EXCERPT_MESSAGE = 600  # characters of a whole message


class TreatycmpError(Exception):
    """Bad input: a message for a person, with a location when there is one."""

    def __init__(self, message: str, path: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.column) + self.message


class DataError(TreatycmpError):
    """A treaty or alignment file is malformed, unsafe or invalid."""


class LookupFailed(TreatycmpError):
    """A reference names a treaty, language or provision that does not exist."""


class OutputError(TreatycmpError):
    """A report could not be written where it was asked for."""


def format_location(path: str | None, line: int | None = None,
                    column: int | None = None) -> str:
    """``path:line:col: `` (as much of it as is known), or ``""``."""
    if not path:
        return ""
    where = path
    if line:
        where += f":{line}"
        if column:
            where += f":{column}"
    return where + ": "


def excerpt(text: str) -> str:
    """``text`` short enough to quote in a one-line message: any word longer
    than EXCERPT_WORD characters keeps its start and end, and the whole is cut
    at EXCERPT_MESSAGE characters.

    >>> excerpt("no treaty " + "a" * 300 + " here")
    'no treaty aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…aaaaaaaaaaaaaaaaaaaa (300 characters) here'
    >>> excerpt("short") == "short"
    True
    """
    def shorten(match: re.Match) -> str:
        word = match.group()
        return f"{word[:60]}…{word[-20:]} ({len(word)} characters)"

    text = re.sub(rf"\S{{{EXCERPT_WORD + 1},}}", shorten, text)
    if len(text) > EXCERPT_MESSAGE:
        text = text[:EXCERPT_MESSAGE] + f"… ({len(text)} characters in all)"
    return text
