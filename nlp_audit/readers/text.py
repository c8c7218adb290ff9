"""Plain-text input: detect the encoding (UTF-8, UTF-8-BOM, UTF-16, GB18030/GBK, Big5), normalise.

Chinese government sites publish text in every encoding Windows ever saved, so the encoding is
*detected*: a byte-order mark wins; then strict UTF-8 (valid UTF-8 is practically never anything
else); then GB18030 when the decoded characters are overwhelmingly common simplified hanzi (the
GB2312 set) - real GBK text is, mojibake from Big5 or binary is not; only the ambiguous rest goes
to charset-normalizer, restricted to the encodings seen in China. Files that are not text at all
(control characters, NUL bytes, undecodable) raise ReadError instead of feeding garbage onwards.
"""

from __future__ import annotations

import codecs
import re

from .errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Candidates for the ambiguous case; anything else is not a Chinese form.
_FALLBACK_ENCODINGS = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_RARE_NEWLINES = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# Controls other than tab/newlines, C1 controls, U+FFFD, private use and lone surrogates.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")
_SAMPLE = 20_000  # characters looked at for statistics; a form is far shorter
_MAX_BAD_RATIO = 0.01  # control / replacement characters tolerated in real text (OCR noise)
_MIN_GB2312_RATIO = 0.85


def decode_text(data: bytes) -> str:
    """Bytes of a text file -> str with '\\n' newlines and no BOM; ReadError when it is not text."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    ):
        raise ReadError("文件为空 (empty file)")
    encoding, text = _detect(data)
    if text is None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:  # detect_encoding only returns decodable ones
            raise ReadError(f"无法识别文本编码 (undecodable text: {exc})") from exc
    text = normalise(text)
    if not text.strip():
        raise ReadError("文件为空 (empty file)")
    if _bad_ratio(text) > _MAX_BAD_RATIO:
        raise ReadError("不是文本文件,可能是二进制数据 (binary data, not text)")
    return text


def normalise(text: str) -> str:
    """One newline convention and no byte-order marks, so offsets and lines mean the same everywhere."""
    text = text.replace("\ufeff", "")
    if "\r" not in text and _RARE_NEWLINES.search(text) is None:  # the common case: nothing to replace
        return text
    return _NEWLINES.sub("\n", text)


def detect_encoding(data: bytes) -> str:
    """The codec name for ``data``; ReadError when none fits."""
    return _detect(data)[0]


def _detect(data: bytes) -> tuple[str, str | None]:
    """(codec name, the decoded text when deciding already decoded it — the common UTF-8 case)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name + ("-sig" if name == "utf-8" else ""), None
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16, None
    if b"\x00" in data:
        raise ReadError("含有空字节,不是文本文件 (NUL bytes: binary data, not text)")
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _bad_ratio(text) <= _MAX_BAD_RATIO and (
            _gb2312_ratio(text) >= _MIN_GB2312_RATIO or not _decodes(data, "big5")):
        # common simplified hanzi, or traditional text saved as GBK: Big5 (the other double-byte
        # encoding of traditional text) cannot even decode its bytes, so it is no mojibake of Big5
        return "gb18030", text
    return _ask_charset_normalizer(data), None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: ASCII-heavy text has NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    # Chinese UTF-16 has NULs only in its ASCII characters (digits, tabs, newlines): few, but
    # all on one side; binary data has them on both sides alike.
    if odd > 0.05 * half and even <= 0.1 * odd:
        name = "utf-16-le"
    elif even > 0.05 * half and odd <= 0.1 * even:
        name = "utf-16-be"
    else:
        return None
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return None
    return name


def _ask_charset_normalizer(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_FALLBACK_ENCODINGS).best()
    if best is None:
        raise ReadError("无法识别文本编码,可能是二进制数据 (unknown encoding or binary data)")
    text = str(best)
    if _bad_ratio(text) > _MAX_BAD_RATIO or _cjk_count(text) == 0 and _ascii_ratio(text) < 0.9:
        raise ReadError("无法识别文本编码,可能是二进制数据 (unknown encoding or binary data)")
    return best.encoding


def _gb2312_ratio(text: str) -> float:
    """Share of non-ASCII characters that are in GB2312 (the common simplified set)."""
    total = common = 0
    for ch in text[:_SAMPLE]:
        if ch < "\x80":
            continue
        total += 1
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / total if total else 1.0


def _bad_ratio(text: str) -> float:
    """Share of characters no real form contains: C0/C1 controls, replacement chars, private use."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return len(_BAD_CHARS.findall(sample)) / len(sample)


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text[:_SAMPLE] if "\u4e00" <= ch <= "\u9fff")


def _ascii_ratio(text: str) -> float:
    sample = text[:_SAMPLE]
    return sum(1 for ch in sample if ch < "\x80") / len(sample) if sample else 1.0
