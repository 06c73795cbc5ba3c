"""Writing files so that nothing is ever half-written, and nothing else is touched.

:func:`write_atomically` writes to a temporary file beside the target
(``.NAME.treatycmp-XXXXXXXX.tmp``), flushes it to disk, then renames it over
the target: an interrupted run leaves the old file or the new one, never part
of one. The temporary file is removed on any failure; one left by a run killed
outright (``SIGKILL``, a power cut) is removed by a later write to the same
folder once it is :data:`STALE_SECONDS` old, so none is kept.

It replaces only a regular file: a folder, a FIFO, a device, a socket or a
symbolic link (to anything) is refused, so ``-o /dev/null`` can never replace
the system's ``/dev/null``. Failures become
:class:`~treatycmp.errors.OutputError` with the path.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from .errors import OutputError
from .inputs import file_kind

STDOUT = "-"  # the name that means standard output (for the CLI; never a file here)
TEMP_MARK = ".treatycmp-"
STALE_SECONDS = 15 * 60  # a temporary file of ours this old belongs to a dead run
# mkstemp's random part is 8 characters of [a-z0-9_].
_TEMP_NAME = re.compile(r"\..*" + re.escape(TEMP_MARK) + r"[a-z0-9_]{8}\.tmp", re.S)


def write_atomically(path: Path, data: bytes, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically; raise OutputError if impossible.

    With ``overwrite=False`` an existing file is never replaced, even one that
    appears while writing.
    """
    path = Path(path)
    where = str(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        _check_target(path, folder, overwrite)
        remove_stale_temps(folder)
        # The name is cut so that a long target name still leaves room for ours.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}{TEMP_MARK}",
                                   suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", where) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        _check_target(path, folder, overwrite)  # again: it may have changed meanwhile
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the name exists: no file is ever replaced
    except FileExistsError:
        raise OutputError("already exists (nothing was written)", where) from None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", where) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return path


def _check_target(path: Path, folder: Path, overwrite: bool) -> None:
    if not folder.is_dir():
        raise OutputError(f"cannot write: folder {folder} does not exist", str(path))
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        try:
            target = f" ({file_kind(os.stat(path).st_mode)})"
        except OSError:
            target = ""
        raise OutputError(f"cannot write: this is a symbolic link{target}, which is never "
                          "replaced; give the path of a plain file", str(path))
    if not stat.S_ISREG(mode):
        raise OutputError(f"cannot write: this is {file_kind(mode)}, not a plain file; "
                          "it is never replaced", str(path))
    if not overwrite:
        raise OutputError("already exists (nothing was written)", str(path))


def remove_stale_temps(folder: Path, now: float | None = None) -> list[str]:
    """Remove our temporary files in ``folder`` left by runs that died
    (regular files, ours, older than STALE_SECONDS); return their names."""
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not _TEMP_NAME.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if (stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
                        and now - info.st_mtime > STALE_SECONDS):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return sorted(removed)
