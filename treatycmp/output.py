"""Writing files so that nothing is ever half-written.

:func:`write_atomically` writes to a temporary file beside the target,
flushes it to disk, then renames it over the target: an interrupted run
leaves the old file or the new one, never part of one, and touches no other
file. Failures become :class:`~treatycmp.errors.OutputError` with the path.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomically(path: Path, data: bytes, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically; raise OutputError if impossible."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write: folder {folder} does not exist", str(path))
    if path.is_dir():
        raise OutputError("cannot write: this is a folder", str(path))
    if not overwrite and path.exists():
        raise OutputError("already exists (nothing was written)", str(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror}", str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
