"""The one way chalkgrad writes a file: atomically, through symlinks, keeping the file's mode.

Every file chalkgrad writes (a saved model, a drawing, a step-through page, an
export) goes through ``write_atomically``:

1. the bytes are ready before anything is touched (text is encoded first, so a
   label that cannot be stored fails here and the old file stays as it was);
2. they go to a temporary file in the same folder as the target, which is then
   renamed over the target (``os.replace``: a reader sees the old file or the
   new one, never half of one; a crash or an error leaves the old file intact);
3. a symlink is followed to the file it points to, and that file is replaced
   (the link stays a link, and the linked file is up to date);
4. an existing file keeps its permission bits (and, where allowed, its owner); a
   new file gets the usual ``0o666`` minus the umask, as ``open(path, "w")`` would
   give it; a read-only file is refused, as ``open`` would refuse it.

A file with several hard links is replaced under the name given only: its other
names keep the old content (a symlink, in contrast, is followed).

It lives in ``nn`` because both ``nn`` and ``viz`` write files and ``viz`` may
import ``nn`` but not the other way round.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes | str, *, make_folders: bool = False) -> Path:
    """Replace the file at ``path`` by ``data`` (text is written as UTF-8) in one step; return the path.

    A missing folder is created with ``make_folders=True``; otherwise it is a
    FileNotFoundError that names it. ``path`` itself is returned (not the file a
    symlink points to), so messages show the name the user gave.
    """
    given = Path(os.path.expanduser(os.fspath(path)))
    payload = _encoded(data, given) if isinstance(data, str) else bytes(data)
    target = Path(os.path.realpath(given))  # through every symlink, also a dangling one
    if target.is_dir():
        raise IsADirectoryError(f"cannot write to {given}: it is a folder; give a file name inside it")
    if target.exists() and not target.is_file():
        raise OSError(f"cannot write to {given}: it is not a regular file (a device or a pipe), so it is not replaced")
    folder = target.parent
    if not folder.is_dir():
        if not make_folders:
            raise FileNotFoundError(f"cannot write to {given}: the folder {folder} does not exist (create it first)")
        folder.mkdir(parents=True, exist_ok=True)
    existing = target.stat() if target.exists() else None
    if existing is not None and not os.access(target, os.W_OK):
        # open(path, "w") would refuse too; replacing the file would quietly get round its read-only mode
        raise PermissionError(
            f"cannot write to {given}: the file is read-only (its mode is {stat.filemode(existing.st_mode)})"
        )
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)  # mkstemp makes it 0600; give it the mode the file should have
        if existing is not None:
            _keep_owner(temporary, existing)
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.remove(temporary)
        raise
    _sync_folder(folder)
    return given


def _keep_owner(temporary: str, existing: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where allowed (root saving a student's file)."""
    if not hasattr(os, "chown"):
        return
    if (existing.st_uid, existing.st_gid) == (os.getuid(), os.getgid()):
        return
    # An ordinary user cannot give a file away: it becomes theirs, as a new file from open() would.
    with contextlib.suppress(OSError):
        os.chown(temporary, existing.st_uid, existing.st_gid)


def _encoded(text: str, path: Path) -> bytes:
    """``text`` as UTF-8, or a ValueError that shows which character cannot be stored, and where."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[error.start]
        around = (
            text[max(0, error.start - 30) : error.start + 30]
            .encode("utf-8", "backslashreplace")
            .decode("ascii", "replace")
        )
        raise ValueError(
            f"cannot write {path}: the text holds the character U+{ord(bad):04X} (half of a surrogate pair, "
            f"which no file can store; a label or title probably holds it), near: {around}. Nothing was written."
        ) from None


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # elsewhere: the only portable way to read it is to set it and put it back
    os.umask(current)
    return current


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
