"""How the ``chalkgrad`` command writes a picture and says what went wrong.

Shared by the two commands (``app.py`` for ``chalkgrad graph``, ``demo.py`` for
``chalkgrad demo``): the exit statuses, the error a user can act on, and writing
a drawing with a note of where it went (its DOT source when no renderer is found).

Read next: ``app.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from viz.render.renderer import RendererNotFound, RenderError
from viz.render.saving import save

USER_ERROR = 2  # what the user typed cannot be done (argparse uses 2 too)
INTERNAL_ERROR = 1  # chalkgrad could not finish: no renderer, or a bug


class UserError(Exception):
    """A problem with the command as typed: the message says what to change."""


def write_picture(drawing: object, path: Path, what: str, **options: Any) -> int:
    """Save ``drawing`` (``options`` go to ``viz.save``) and say where; without a renderer, save its DOT source."""
    folder = path.expanduser().absolute().parent
    created = not folder.exists()
    try:
        written = save(drawing, path, **options)
    except RendererNotFound as error:
        source = save(drawing, path.with_suffix(".dot"))
        print(f"{error}\n\nThe DOT source of {what} was written to {source.resolve()}", file=sys.stderr)
        return INTERNAL_ERROR
    except RenderError as error:
        print(f"chalkgrad: could not draw {what}: {error}", file=sys.stderr)
        return INTERNAL_ERROR
    except (OSError, ValueError) as error:  # a folder in the way, no permission, a full disk...
        raise UserError(f"cannot write {what} to {path}: {reason(error)}") from error
    if created:
        print(f"note: the folder {folder} did not exist, so it was created")
    print(f"wrote {what} to {written.resolve()}")
    return 0


def reason(error: BaseException) -> str:
    """An OSError's words without Python's "[Errno 13]" prefix and the repeated file name."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower() if error.filename is None else f"{error.strerror.lower()} ({error.filename})"
    return str(error)
