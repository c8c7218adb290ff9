"""Text from forms made safe for a terminal: control characters and escape sequences made visible.

A form (or a file name) can carry ESC sequences, carriage returns or bidirectional overrides that
would recolour, move the cursor, hide text or spoof what a terminal shows. The text format shows
them as visible escapes (``\\x1b``, ``\\u202e``) instead; tabs and newlines are handled by the
caller, which lays evidence out on one line.
"""

from __future__ import annotations

import re

# C0 except tab/newline, DEL, C1, and the bidi embedding/override/isolate controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str) -> str:
    """``text`` with every control character that a terminal would act on shown as an escape."""
    return _UNSAFE.sub(_escape, text) if text else text
