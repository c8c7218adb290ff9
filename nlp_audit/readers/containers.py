"""Zip containers (.xlsx, .docx): every member's uncompressed size checked before a library opens it.

A 100 KB workbook can declare a 1 GB sharedStrings.xml. The sizes in the zip's central directory
are what ``zipfile`` will at most produce (it stops at the declared size and fails the CRC), so
checking them up front bounds what openpyxl and python-docx can ever inflate, with no extra pass.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..limits import LimitExceeded, Limits
from .errors import ReadError


def check_zip_parts(path: str | Path, limits: Limits, damaged: str) -> None:
    """LimitExceeded when a member inflates past ``max_part_bytes``; ReadError(``damaged``) when the
    file is no readable zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:  # (NotImplementedError:
        raise ReadError(damaged) from exc  # a zip version or compression zipfile does not know, as damage makes)
    except OSError as exc:
        raise ReadError(f"无法打开文件 (cannot open: {exc.strerror or exc})") from exc
    for info in infos:
        if info.file_size > limits.max_part_bytes:
            raise LimitExceeded(
                "max_part_bytes", limits.max_part_bytes, info.file_size,
                f"压缩包成员解压后的字节数 (uncompressed bytes of {info.filename!r})",
            )
