"""Reading input files safely: regular files only, never blocking, bounded.

:func:`read_input` opens a file without blocking (``O_NONBLOCK``), checks what
it is on the open descriptor (``fstat``, so the check and the read concern the
same file) and refuses a FIFO, device, socket or folder at once: such a file
could block forever (a FIFO with no writer) or never end (``/dev/zero``). The
size limit is enforced while reading (at most ``limit + 1`` bytes are read),
never trusted from ``st_size``, which a growing file or a special file can
misstate. Failures raise :class:`~treatycmp.errors.DataError` naming the file.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "t.txt"); _ = p.write_bytes(b"abc")
...     read_input(p, limit=10)
b'abc'
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import DataError

CHUNK_BYTES = 1 << 20


def file_kind(mode: int) -> str:
    """What a file is, in words, from its ``st_mode``."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"),
                       (stat.S_ISREG, "a regular file")):
        if test(mode):
            return name
    return "a special file"


def read_input(path: Path, limit: int, what: str = "file", head: bool = False) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raise :class:`DataError` if ``path`` is not a regular file, cannot be
    read, or holds more than ``limit`` bytes (with ``head``, return its first
    ``limit`` bytes instead).
    """
    where = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        # Look before opening: opening some devices has effects of its own.
        _require_regular(os.stat(path).st_mode, what, where)
        fd = os.open(path, flags)
    except OSError as exc:
        raise DataError(f"cannot read {what}: {_reason(exc)}", where) from None
    try:
        # And check again what was opened: the path may have changed meanwhile.
        _require_regular(os.fstat(fd).st_mode, what, where)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(CHUNK_BYTES, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise DataError(f"cannot read {what}: {_reason(exc)}", where) from None
    finally:
        os.close(fd)
    if size > limit and head:
        return b"".join(chunks)[:limit]
    if size > limit:
        raise DataError(f"too large: a {what} must be at most {limit:,} bytes "
                        "(nothing was read beyond that)", where)
    return b"".join(chunks)


def _require_regular(mode: int, what: str, where: str) -> None:
    if not stat.S_ISREG(mode):
        raise DataError(f"not a regular file: this is {file_kind(mode)}; "
                        f"a {what} must be a plain file", where)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EISDIR:
        return "it is a folder"
    return exc.strerror or str(exc)
