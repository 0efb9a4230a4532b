"""Writing a file all at once: the reader sees the old file or the new one, never half of one.

Every picture, page and TikZ file that ``viz`` writes goes through ``write_atomically``:
the bytes go to a temporary file in the target's folder, are flushed to disk, and
the temporary file is then renamed over the target (``os.replace``, atomic on
POSIX and Windows). A crash, a full disk or Ctrl-C part-way leaves the previous
file as it was and no temporary file behind; a slide deck that includes the
picture never picks up a truncated one.

Read next: ``saving.py`` (which format a file name asks for).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (bytes, or text written as UTF-8) to ``path`` atomically; returns the path.

    Missing parent folders are created. A file that exists keeps its permissions; a
    new one gets those a plain ``open(path, "w")`` would give it (0o666 less the
    umask), not the private 0o600 of a temporary file. A symbolic link is written
    through, as ``open`` would: the file it points to is replaced, the link stays.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.is_dir():
        raise IsADirectoryError(
            f"cannot write {target}: it is a folder; give a file name such as {target / 'graph.svg'}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return target


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
