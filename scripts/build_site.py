#!/usr/bin/env python3
"""Build chalkgrad's browser site into ``site/``: a static folder, no server code.

    python3 scripts/run.py site             (sets up .venv, then runs this file with it)
    python scripts/build_site.py [FOLDER]   (the same, into FOLDER instead of site/)
    python3 -m http.server -d site          (then open http://localhost:8000/)

What it holds, all fetched from the package registries at build time (see
``site_packages.py``), so that the pages never ask anything of another address:

    index.html ...   the playground (from scripts/playground/): an editor with the
                     lectures' examples; graph, backprop table and step-through of
                     the code's last Value, computed by chalkgrad under Pyodide
    pyodide/         Pyodide's runtime and standard library (npm ``pyodide``), and the
                     wheels: chalkgrad's own, graphviz's (PyPI), and for the notebooks'
                     kernel IPython and its friends (PyPI), listed in pyodide-lock.json
    graphviz/        Graphviz compiled to WebAssembly (npm ``@viz-js/viz``)
    lab/             notebooks 01, 04 and 10 in JupyterLite (``build_lab.py``)
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import build_lab
from site_packages import (
    DOWNLOADS,
    PYODIDE,
    ROOT,
    VIZ_JS,
    chalkgrad_wheel,
    npm_package,
    pypi_wheels,
    say,
    write_lockfile,
)

SOURCES = ROOT / "scripts" / "playground"
SITE = ROOT / "site"

# The files of the npm packages that the pages load.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
VIZ_JS_FILES = {"dist/viz.js": "viz.js", "package.json": "package.json"}
GRAPHVIZ_PYTHON = "graphviz==0.21"


def build(site: Path = SITE) -> Path:
    """Download what is missing, then write the whole site into ``site`` (replacing an earlier build)."""
    if site.exists() and any(site.iterdir()) and not (site / "playground.js").exists():
        sys.exit(f"{site} is not empty and holds no earlier build of the site; choose an empty or new folder.")
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=DOWNLOADS, prefix=".build-") as work:
        _build(site, Path(work))
    return site


def _build(site: Path, work: Path) -> None:
    pyodide = npm_package(PYODIDE)
    viz_js = npm_package(VIZ_JS)
    wheels = {
        chalkgrad_wheel(work): (["autograd", "nn", "viz"], ["graphviz"]),
        pypi_wheels([GRAPHVIZ_PYTHON], pyodide)[0]: (["graphviz"], []),
        **build_lab.kernel_wheels(pyodide, viz_js),
    }

    shutil.rmtree(site, ignore_errors=True)
    (site / "pyodide").mkdir(parents=True)
    (site / "graphviz").mkdir()
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, site / "pyodide" / name)
    for source, target in VIZ_JS_FILES.items():
        shutil.copy2(viz_js / source, site / "graphviz" / target)
    write_lockfile(site / "pyodide" / "pyodide-lock.json", pyodide, wheels)

    for name in ("index.html", "playground.js", "playground.py"):
        shutil.copy2(SOURCES / name, site / name)
    examples = [example(path) for path in sorted((SOURCES / "examples").glob("*.py"))]
    (site / "examples.json").write_text(json.dumps(examples, indent=1), encoding="utf-8")
    build_lab.build(site, work / "lab-source")


def example(path: Path) -> dict[str, str]:
    """An example for the page's menu: its title is its docstring's first line."""
    code = path.read_text(encoding="utf-8")
    title = code.split('"""')[1].strip().splitlines()[0].rstrip(".")
    return {"title": title, "code": code}


def size(folder: Path) -> str:
    total = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    return f"{total / 1e6:.1f} MB"


def main() -> int:
    site = build(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else SITE)
    say(f"built {site} ({size(site)}; the notebooks in lab/: {size(site / 'lab')}).")
    say(f"Serve it with: python3 -m http.server -d {site}   then open http://localhost:8000/ (notebooks: /lab/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
