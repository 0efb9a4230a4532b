"""Importing an optional third-party package at the moment a function needs it.

The engine and the networks are pure Python. numpy (datasets, plots), matplotlib
(plots) and tqdm (the training progress bar) are needed by a few functions only, so
``import nn`` and ``import viz`` work without them, for example in the browser under
Pyodide, where the site ships the pure-Python packages and nothing else. Those few
functions call ``optional_import`` and a missing package is reported in one sentence
that says which function needed it and what to do.

Read next: ``data.py`` (datasets, which need numpy) or ``viz/drawing/plots.py``.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

# The name to pip-install where it differs from the name to import.
_PIP_NAMES = {"matplotlib.pyplot": "matplotlib", "tqdm.auto": "tqdm", "PIL.Image": "pillow"}


def in_browser() -> bool:
    """True under Pyodide (Python compiled to WebAssembly, running in a web page)."""
    return sys.platform == "emscripten"


def optional_import(module: str, needed_by: str, alternative: str = "") -> ModuleType:
    """``import module`` and return it, or raise ModuleNotFoundError saying what to install.

    ``needed_by`` names the function in the student's words ("nn.data.moons()");
    ``alternative`` is an optional second way out ("or call fit(..., progress=False)").
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        top = module.partition(".")[0]
        if error.name is not None and error.name.partition(".")[0] != top:
            raise  # the package is there but one of ITS dependencies is missing: pip's message is the right one
    package = _PIP_NAMES.get(module, module.partition(".")[0])
    if in_browser():
        advice = (
            f"{package} is not available in this browser version of chalkgrad (it runs under Pyodide with the "
            f"pure-Python packages only). Run this on your own machine, after: pip install {package}"
        )
    else:
        advice = f"{package} is not installed. Install it with: pip install {package}"
    if alternative:
        advice += f"; {alternative}"
    raise ModuleNotFoundError(f"{needed_by} needs {package}. {advice}.", name=package)
