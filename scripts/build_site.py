#!/usr/bin/env python3
"""Build chalkgrad's browser playground into ``site/``: a static folder, no server code.

    python3 scripts/run.py site          (sets up .venv, then runs this file with it)
    python scripts/build_site.py [FOLDER]  (the same, into FOLDER instead of site/)
    python3 -m http.server -d site       (then open http://localhost:8000/)

Everything comes from the package registries, at build time only, and is copied
into ``site/``; the page never asks anything of any other address:

    npm   pyodide             Python compiled to WebAssembly: the runtime and the
                              standard library (site/pyodide/)
    npm   @viz-js/viz         Graphviz compiled to WebAssembly (site/graphviz/)
    PyPI  graphviz            the pure-Python package viz builds DOT text with
    here  chalkgrad           its own pure-Python wheel, ``pip wheel --no-deps .``

The two wheels are listed in ``site/pyodide/pyodide-lock.json``, written here in
place of Pyodide's own (which names hundreds of packages that its npm package does
not contain), so ``pyodide.loadPackage("chalkgrad")`` finds them next to the runtime.
The page itself is ``scripts/playground/``: index.html, playground.js (loading and
buttons) and playground.py (running the student's code with chalkgrad); the examples
are the Python files in ``scripts/playground/examples/``.

Downloads are kept in ``build/site-downloads/`` so that a rebuild is quick.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "playground"
SITE = ROOT / "site"
DOWNLOADS = ROOT / "build" / "site-downloads"

# Pinned, so that the site is the same on every machine (the runtime and the lockfile must match).
PYODIDE = "pyodide@314.0.8"
VIZ_JS = "@viz-js/viz@3.31.0"
GRAPHVIZ_PYTHON = "graphviz==0.21"

# The files of the npm packages that the page loads.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
VIZ_JS_FILES = {"dist/viz.js": "viz.js", "package.json": "package.json"}


def say(message: str) -> None:
    print(f"[chalkgrad site] {message}", flush=True)


def check(command: list[str], what: str) -> None:
    """Run ``command`` (quietly); stop with a clear message if it fails."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{what} failed:\n  {' '.join(command)}\n{done.stdout}{done.stderr}")


def npm_package(spec: str) -> Path:
    """Download the npm package ``spec`` (name@version) with ``npm pack`` and unpack it; returns its folder."""
    name, _, version = spec.rpartition("@")
    folder = DOWNLOADS / "npm" / f"{name.replace('/', '-').lstrip('@')}-{version}"
    if (folder / "package" / "package.json").exists():
        return folder / "package"
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "npm is needed to download Pyodide and Graphviz for the site, and it is not installed. "
            "Install Node.js and npm (Debian: sudo apt-get install nodejs npm; elsewhere https://nodejs.org), "
            "then run this command again."
        )
    say(f"downloading {spec} from the npm registry")
    (DOWNLOADS / "npm").mkdir(parents=True, exist_ok=True)
    check([npm, "pack", "--silent", "--pack-destination", str(DOWNLOADS / "npm"), spec], f"npm pack {spec}")
    [tarball] = (DOWNLOADS / "npm").glob(f"{name.replace('/', '-').lstrip('@')}-{version}.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def wheels() -> list[Path]:
    """chalkgrad's own wheel (built from this checkout) and graphviz's, from PyPI."""
    folder = DOWNLOADS / "wheels"
    shutil.rmtree(folder / "chalkgrad", ignore_errors=True)
    say("building chalkgrad's wheel (pip wheel --no-deps .)")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    check([*pip, "wheel", "--no-deps", "-w", str(folder / "chalkgrad"), str(ROOT)], "building chalkgrad's wheel")
    if not list((folder / "graphviz").glob("graphviz-*.whl")):
        say(f"downloading {GRAPHVIZ_PYTHON} from PyPI")
        check(
            [*pip, "download", "--no-deps", "--only-binary=:all:", "-d", str(folder / "graphviz"), GRAPHVIZ_PYTHON],
            f"pip download {GRAPHVIZ_PYTHON}",
        )
    return [*(folder / "chalkgrad").glob("chalkgrad-*.whl"), *(folder / "graphviz").glob("graphviz-*.whl")]


def lock_entry(wheel: Path, imports: list[str], depends: list[str]) -> dict[str, object]:
    """One package of a Pyodide lockfile: a pure-Python wheel lying next to the lockfile."""
    name, version = wheel.name.split("-")[:2]
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
    }


def build(site: Path = SITE) -> Path:
    """Download what is missing, then write the whole site into ``site`` (replacing an earlier build)."""
    if site.exists() and any(site.iterdir()) and not (site / "playground.js").exists():
        sys.exit(f"{site} is not empty and holds no earlier build of the site; choose an empty or new folder.")
    pyodide = npm_package(PYODIDE)
    viz_js = npm_package(VIZ_JS)
    chalkgrad_wheel, graphviz_wheel = wheels()

    shutil.rmtree(site, ignore_errors=True)
    (site / "pyodide").mkdir(parents=True)
    (site / "graphviz").mkdir()
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, site / "pyodide" / name)
    for source, target in VIZ_JS_FILES.items():
        shutil.copy2(viz_js / source, site / "graphviz" / target)
    for wheel in (chalkgrad_wheel, graphviz_wheel):
        shutil.copy2(wheel, site / "pyodide" / wheel.name)
    info = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    packages = {
        "chalkgrad": lock_entry(chalkgrad_wheel, ["autograd", "nn", "viz"], ["graphviz"]),
        "graphviz": lock_entry(graphviz_wheel, ["graphviz"], []),
    }
    lockfile = json.dumps({"info": info, "packages": packages}, indent=1)
    (site / "pyodide" / "pyodide-lock.json").write_text(lockfile, encoding="utf-8")

    for name in ("index.html", "playground.js", "playground.py"):
        shutil.copy2(SOURCES / name, site / name)
    examples = [example(path) for path in sorted((SOURCES / "examples").glob("*.py"))]
    (site / "examples.json").write_text(json.dumps(examples, indent=1), encoding="utf-8")
    return site


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
    say(
        f"built {site} ({size(site)}). Serve it with: python3 -m http.server -d {site.name}   (open http://localhost:8000/)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
