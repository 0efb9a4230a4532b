"""What the browser site is made of, fetched from the package registries at build time.

    npm_package(spec)       an npm package (``npm pack``), unpacked: Pyodide, @viz-js/viz
    chalkgrad_wheel()       chalkgrad's own pure-Python wheel, ``pip wheel --no-deps .``
    pypi_wheels(specs, ...) pure-Python wheels from PyPI, ``pip download --no-deps``
    graphviz_js_wheel(...)  @viz-js/viz's script packed as a tiny wheel, so that Python
                            in a web worker (the JupyterLite kernel) can load it itself
    write_lockfile(...)     ``pyodide-lock.json`` listing exactly the wheels the site holds

Downloads are kept in ``build/site-downloads/``, so a rebuild asks the registries nothing
new. Each download is made in a folder of its own and then moved into place, and each
build works in its own temporary folder, so two builds at once (parallel tests) cannot
see each other's half-written files. Used by ``build_site.py`` and ``build_lab.py``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = ROOT / "build" / "site-downloads"

# Pinned, so that the site is the same on every machine. Pyodide's runtime, its
# lockfile's platform and jupyterlite-pyodide-kernel (pyproject.toml, [site]) must agree.
PYODIDE = "pyodide@314.0.6"
VIZ_JS = "@viz-js/viz@3.31.0"

# The import name and version of the wheel that carries @viz-js/viz's script (see viz/render/browser.py).
GRAPHVIZ_JS_PACKAGE = "chalkgrad_graphviz_js"


def say(message: str) -> None:
    print(f"[chalkgrad site] {message}", flush=True)


def check(command: list[str], what: str, cwd: Path = ROOT) -> None:
    """Run ``command`` quietly; stop with its output and a clear message if it fails."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{what} failed:\n  {' '.join(command)}\n{done.stdout}{done.stderr}")


def npm_package(spec: str) -> Path:
    """The npm package ``spec`` (name@version), downloaded with ``npm pack`` and unpacked; returns its folder."""
    name, _, version = spec.rpartition("@")
    stem = f"{name.lstrip('@').replace('/', '-')}-{version}"
    folder = DOWNLOADS / "npm" / stem
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
    with _partial(folder.parent) as partial:
        check([npm, "pack", "--silent", "--pack-destination", str(partial), spec], f"npm pack {spec}")
        with tarfile.open(partial / f"{stem}.tgz") as archive:
            archive.extractall(partial / "unpacked", filter="data")
        _publish(partial / "unpacked", folder)
    return folder / "package"


def _pip() -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]


def chalkgrad_wheel(work: Path) -> Path:
    """chalkgrad's own wheel, built from this checkout into ``work`` (always afresh: the code may have changed)."""
    say("building chalkgrad's wheel (pip wheel --no-deps .)")
    check([*_pip(), "wheel", "--no-deps", "-w", str(work), str(ROOT)], "building chalkgrad's wheel")
    [wheel] = work.glob("chalkgrad-*.whl")
    return wheel


def pypi_wheels(specs: list[str], pyodide: Path) -> list[Path]:
    """Pure-Python wheels (name==version) for Pyodide's Python from PyPI, without dependencies (callers list them)."""
    folder = DOWNLOADS / "pypi"

    def find(spec: str) -> Path | None:
        name, _, version = spec.partition("==")
        found = [
            wheel
            for wheel in folder.glob("*.whl")
            if (_normal(wheel.name.split("-")[0]), _version(wheel))
            == (
                _normal(name),
                version,
            )
        ]
        return found[0] if found else None

    missing = [spec for spec in specs if find(spec) is None]
    if missing:
        say(f"downloading from PyPI: {' '.join(missing)}")
        python = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]["python"]
        with _partial(folder) as partial:
            options = ["download", "--no-deps", "--only-binary=:all:", f"--python-version={python}", "-d", str(partial)]
            check([*_pip(), *options, *missing], "pip download")
            for wheel in partial.glob("*.whl"):
                _publish(wheel, folder / wheel.name)
    wheels = [wheel for wheel in map(find, specs) if wheel is not None]
    impure = [wheel.name for wheel in wheels if not wheel.name.endswith("-none-any.whl")]
    if impure:
        sys.exit(f"these wheels are not pure Python, so they cannot run under Pyodide: {', '.join(impure)}")
    return wheels


def graphviz_js_wheel(viz_js: Path) -> Path:
    """@viz-js/viz's self-contained script (Graphviz in WebAssembly, base64 inside) as a wheel.

    A notebook's Python runs in a web worker that no page script reaches; with this
    wheel installed, ``viz.render.browser`` evaluates the script there itself.
    """
    version = json.loads((viz_js / "package.json").read_text(encoding="utf-8"))["version"]
    wheel = DOWNLOADS / "graphviz-js" / f"{GRAPHVIZ_JS_PACKAGE}-{version}-py3-none-any.whl"
    info = f"{GRAPHVIZ_JS_PACKAGE}-{version}.dist-info"
    files = {
        f"{GRAPHVIZ_JS_PACKAGE}/__init__.py": (
            b'"""@viz-js/viz (Graphviz in WebAssembly) for chalkgrad in a web worker; see viz/render/browser.py."""\n'
            b"\nfrom pathlib import Path\n\nSCRIPT = Path(__file__).with_name('viz-global.js')\n"
        ),
        f"{GRAPHVIZ_JS_PACKAGE}/viz-global.js": (viz_js / "dist" / "viz-global.js").read_bytes(),
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {GRAPHVIZ_JS_PACKAGE.replace('_', '-')}\nVersion: {version}\n"
            "Summary: The script of the npm package @viz-js/viz (MIT; Graphviz: EPL-2.0), repackaged for Pyodide\n"
        ).encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: chalkgrad scripts/site_packages.py\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
    }
    record = [f"{path},sha256={_urlsafe_sha256(data)},{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    with _partial(wheel.parent) as partial:
        with zipfile.ZipFile(partial / wheel.name, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, data in files.items():
                archive.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        _publish(partial / wheel.name, wheel)
    return wheel


def write_lockfile(target: Path, pyodide: Path, wheels: dict[Path, tuple[list[str], list[str]]]) -> None:
    """Write ``pyodide-lock.json`` for ``wheels`` (each: its import names and dependencies), copied next to it.

    It replaces Pyodide's own lockfile, which names hundreds of packages that the npm
    package does not contain: a name that is not in the site is not in the lockfile,
    so nothing is ever looked for elsewhere.
    """
    info = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    packages = {}
    for wheel, (imports, depends) in wheels.items():
        shutil.copy2(wheel, target.parent / wheel.name)
        name = _normal(wheel.name.split("-")[0])
        packages[name] = {
            "name": name,
            "version": _version(wheel),
            "file_name": wheel.name,
            "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
            "package_type": "package",
            "imports": imports,
            "depends": [_normal(dependency) for dependency in depends],
        }
    target.write_text(json.dumps({"info": info, "packages": packages}, indent=1), encoding="utf-8")


def pyodide_dependencies(pyodide: Path, name: str) -> tuple[list[str], list[str]]:
    """(imports, depends) of a package as Pyodide's own lockfile lists them."""
    entry = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"][_normal(name)]
    return list(entry["imports"]), list(entry["depends"])


def pyodide_version_of(pyodide: Path, name: str) -> str:
    return str(
        json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"][_normal(name)]["version"]
    )


@contextlib.contextmanager
def _partial(folder: Path) -> Iterator[Path]:
    """A fresh temporary folder inside ``folder``, for a download to be made in (then see _publish)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".partial-") as name:
        yield Path(name)


def _publish(made: Path, target: Path) -> None:
    """Move a finished download into place in one step; if another build got there first, keep theirs."""
    try:
        os.replace(made, target)
    except OSError:
        if not target.exists():
            raise


def _normal(name: str) -> str:
    """A distribution name as lockfiles spell it (PEP 503: lower case, runs of -_. become -)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _version(wheel: Path) -> str:
    return wheel.name.split("-")[1]


def _urlsafe_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
