"""The notebooks in the browser: notebooks 01, 04 and 10 in JupyterLite, built into ``site/lab/``.

JupyterLite (PyPI ``jupyterlite-core``) is JupyterLab as static files; its Pyodide
kernel (PyPI ``jupyterlite-pyodide-kernel``) runs Python in a web worker. Left to
itself that kernel loads Pyodide, IPython and the rest from a CDN and PyPI. Here its
settings point it at the site's own ``pyodide/`` folder, whose lockfile lists every
wheel the kernel loads (``kernel_wheels``, all pure Python from PyPI), and switch
the PyPI fallback off. The kernel starts with chalkgrad installed, and with
@viz-js/viz's script as a small package so that drawings render in the worker
(``viz/render/browser.py``).

numpy and matplotlib could not be had: Pyodide's lockfile names
numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl and
matplotlib-3.10.8-cp314-cp314-pyemscripten_2026_0_wasm32.whl, which only its CDN
serves: the npm package holds the runtime alone, and PyPI has no pyemscripten_2026_0
wheel of either. Notebooks 01 and 10 do not use them; notebook 04 runs up to its
matrix-form section, whose ``import numpy`` stops there with Python's own message.

Called by ``build_site.py``; needs ``pip install "chalkgrad[site]"`` (run.py does it).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

from site_packages import (
    GRAPHVIZ_JS_PACKAGE,
    ROOT,
    check,
    graphviz_js_wheel,
    pyodide_dependencies,
    pyodide_version_of,
    pypi_wheels,
    say,
)

NOTEBOOKS = ("01_tour.ipynb", "04_network_1231_bce.ipynb", "10_step_through.ipynb")

# The kernel's Python packages that Pyodide's lockfile lists: the same versions, from PyPI.
FROM_PYODIDE_LOCK = (
    "micropip",
    "packaging",
    "ipython",
    "asttokens",
    "decorator",
    "executing",
    "matplotlib-inline",
    "prompt-toolkit",
    "pure-eval",
    "pygments",
    "six",
    "stack-data",
    "traitlets",
    "wcwidth",
    "jedi",
    "parso",
)
# ...and those it does not: (requirement, import names, dependencies). ipywidgets
# gives step_through its previous / next control, drawn by the jupyterlab_widgets
# extension that the build copies from this environment.
NOT_IN_PYODIDE_LOCK: tuple[tuple[str, list[str], list[str]], ...] = (
    ("comm==0.2.3", ["comm"], []),
    ("ipywidgets==8.1.8", ["ipywidgets"], ["comm", "ipython", "traitlets"]),
)
# Loaded while Pyodide starts, so that the kernel installs nothing later (names as in the lockfile).
PRELOADED = ["micropip", "comm", "jedi", "ipython", "ipywidgets", "chalkgrad", GRAPHVIZ_JS_PACKAGE.replace("_", "-")]

KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


def kernel_wheels(pyodide: Path, viz_js: Path) -> dict[Path, tuple[list[str], list[str]]]:
    """The wheels the notebooks' kernel needs, each with its import names and dependencies."""
    specs = [f"{name}=={pyodide_version_of(pyodide, name)}" for name in FROM_PYODIDE_LOCK]
    wheels = {
        wheel: pyodide_dependencies(pyodide, name)
        for wheel, name in zip(pypi_wheels(specs, pyodide), FROM_PYODIDE_LOCK)
    }
    extra = pypi_wheels([spec for spec, _, _ in NOT_IN_PYODIDE_LOCK], pyodide)
    wheels.update({wheel: (imports, depends) for wheel, (_, imports, depends) in zip(extra, NOT_IN_PYODIDE_LOCK)})
    wheels[graphviz_js_wheel(viz_js)] = ([GRAPHVIZ_JS_PACKAGE], [])
    return wheels


def settings() -> dict[str, object]:
    """jupyter-lite.json: the kernel takes Pyodide and every package from ../pyodide/, never from the network."""
    kernel = {
        # Resolved against the page (lab/lab/index.html, lab/notebooks/index.html, ...): two levels up.
        "pyodideUrl": "../../pyodide/pyodide.mjs",
        "disablePyPIFallback": True,
        # Options whose name ends in URL are resolved against the lab's root folder.
        "loadPyodideOptions": {"lockFileURL": "../pyodide/pyodide-lock.json", "packages": PRELOADED},
    }
    return {"jupyter-lite-schema-version": 0, "jupyter-config-data": {"litePluginSettings": {KERNEL_PLUGIN: kernel}}}


def build(site: Path, lite_dir: Path) -> None:
    """Write ``site/lab/`` from ``lite_dir``, a new folder (the site's ``pyodide/`` folder must be written first)."""
    missing = [
        name for name in ("jupyterlite_core", "jupyterlite_pyodide_kernel") if not importlib.util.find_spec(name)
    ]
    if missing:
        say(f"not building the notebooks ({site / 'lab'}): {', '.join(missing)} missing; pip install 'chalkgrad[site]'")
        return
    say(f"building the notebooks in JupyterLite: {', '.join(NOTEBOOKS)}")
    (lite_dir / "files").mkdir(parents=True)
    for name in NOTEBOOKS:
        shutil.copy2(ROOT / "notebooks" / name, lite_dir / "files" / name)
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(settings(), indent=1), encoding="utf-8")
    command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir)]
    # Run inside lite_dir, where JupyterLite keeps its record of what is built (.jupyterlite.doit.db):
    # a record left from an earlier build elsewhere would make it skip writing these settings.
    check([*command, "--output-dir", str(site / "lab"), "--no-sourcemaps"], "jupyter lite build", cwd=lite_dir)
