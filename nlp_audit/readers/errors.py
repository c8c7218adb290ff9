"""The one exception readers raise; its own module so format readers import it without cycles."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be turned into text (becomes a P001 record, never a traceback).

    The message says why in Chinese for the auditor, with the English reason in brackets.
    """
