"""The clash with PyPI's unrelated HIPS ``autograd``: noticing it, and the commands that fix it.

Both packages are imported as ``autograd``, so pip puts both into one folder,
``site-packages/autograd``, and does not say so:

- HIPS first, then chalkgrad: chalkgrad's ``autograd/__init__.py`` replaces HIPS's.
  ``import autograd`` is chalkgrad's engine; HIPS autograd is silently broken.
  ``autograd/__init__.py`` (chalkgrad's) warns, with the text below.
- chalkgrad first, then HIPS: HIPS's ``__init__.py`` replaces chalkgrad's, and
  ``import nn`` / ``import viz`` stop with the text below (``nn/_engine.py``).

In both orders, uninstalling only one of the two deletes the ``__init__.py`` they
share, so the other is broken too (``pip uninstall autograd`` followed by nothing
leaves chalkgrad without its engine). What works is to uninstall both and
install chalkgrad again, the way it was installed (a wheel, a folder, or
``pip install -e``); HIPS autograd then goes into an environment of its own.
``fix_commands`` writes those commands for this environment, with this Python.

Read next: ``__init__.py``, which calls ``warn_if_installed_over_hips``.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

if TYPE_CHECKING:
    # imported here: only when an install clash is being explained: not on every import of autograd
    from importlib import metadata

HIPS = "autograd"  # the distribution name of HIPS autograd on PyPI
OURS = "chalkgrad"


def hips_distribution() -> metadata.Distribution | None:
    """HIPS autograd's installed distribution in this environment, or None."""
    if not _metadata_folder_of(HIPS):
        return None
    # Imported here: importlib.metadata takes 15 ms to import, which every `import autograd`
    # would pay although the folder test above nearly always says no.
    from importlib import metadata

    try:
        return metadata.distribution(HIPS)
    except metadata.PackageNotFoundError:
        return None


def _metadata_folder_of(name: str) -> bool:
    """Whether a folder on sys.path holds ``NAME-VERSION.dist-info`` (or ``.egg-info``): a quick look."""
    prefix = f"{name}-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # not a folder (a zip file), or gone
            continue
        if any(n.startswith(prefix) and n.endswith((".dist-info", ".egg-info")) for n in names):
            return True
    return False


def fix_commands() -> list[str]:
    """The shell commands that leave this environment with a complete chalkgrad and no HIPS autograd."""
    python = shlex.quote(sys.executable)
    return [f"{python} -m pip uninstall -y {HIPS} {OURS}", f"{python} -m pip install {_how_chalkgrad_was_installed()}"]


def _how_chalkgrad_was_installed() -> str:
    """What to give ``pip install`` to install chalkgrad again as it was: ``-e FOLDER``, a wheel, or a version."""
    # imported here: only when an install clash is being explained: not on every import of autograd
    from importlib import metadata

    try:
        ours = metadata.distribution(OURS)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        checkout = Path(__file__).resolve().parent.parent
        return f"-e {shlex.quote(str(checkout))}" if (checkout / "pyproject.toml").exists() else OURS
    origin = ours.read_text("direct_url.json")
    if not origin:
        return f"{OURS}=={ours.version}"  # from a package index
    try:
        record = json.loads(origin)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        return f"{OURS}=={ours.version}"
    if not url.startswith("file:"):
        return shlex.quote(url)
    path = shlex.quote(unquote(urlparse(url).path))
    if record.get("dir_info", {}).get("editable"):
        return f"-e {path}"
    return path  # the wheel file (or folder) it was installed from


def clash_advice() -> str:
    """What to do, as a paragraph ending in the commands."""
    commands = "\n".join(f"    {command}" for command in fix_commands())
    return (
        "Uninstalling only one of the two would delete the autograd/__init__.py they share. "
        "To keep chalkgrad, remove both and install chalkgrad again:\n"
        f"{commands}\n"
        "If you need HIPS autograd too, give it a virtual environment of its own "
        "(python3 -m venv hips-env && hips-env/bin/pip install autograd)."
    )


def warn_if_installed_over_hips(engine_file: str) -> None:
    """Warn when HIPS autograd is installed in this environment too (chalkgrad's engine is the one imported)."""
    hips = hips_distribution()
    if hips is None:
        return
    overwritten = Path(str(hips.locate_file("autograd/__init__.py"))).resolve() == Path(engine_file).resolve()
    what = (
        "chalkgrad's installation overwrote HIPS autograd's autograd/__init__.py, so HIPS autograd no longer works "
        "(its 'from autograd import grad' now finds chalkgrad's grad)"
        if overwritten
        else "which of the two 'import autograd' finds depends on the order of sys.path"
    )
    warnings.warn(
        f"'import autograd' found chalkgrad's engine ({engine_file}), but the unrelated HIPS autograd "
        f"{hips.version} from PyPI is installed in the same environment ({sys.prefix}) under the same name: "
        f"{what}. {clash_advice()}",
        RuntimeWarning,
        stacklevel=2,
    )
