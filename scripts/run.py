#!/usr/bin/env python3
"""Set up chalkgrad's virtual environment, then run its main job or its test suite.

    python3 scripts/run.py demo     the worked example (the `chalkgrad demo` command)
    python3 scripts/run.py test     the whole test suite, notebooks and slow tests included
    python3 scripts/run.py bench    the benchmarks against micrograd (and PyTorch if installed)
    python3 scripts/run.py site     the browser playground, built into site/ (scripts/build_site.py)

Every run first makes sure that `.venv/` exists in the repository and holds
everything the job needs, installing or refreshing it when `pyproject.toml` has
changed. On Debian, when run as root, missing system packages (python3-venv,
graphviz's `dot`, the DejaVu fonts drawings are measured in, for the tests
chromium, LaTeX with TikZ and poppler's PDF tools, and for the site and its test
node and npm) are installed with apt-get, best effort: if that fails, the
pip-installed renderer still draws graphs, and the tests say what they had to skip.
Only the standard library is used here.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
EXTRAS = {"demo": "", "test": "[dev]", "bench": "[dev,bench]", "site": "[site]"}


def say(message: str) -> None:
    print(f"[chalkgrad setup] {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(command: list[str], **kwargs: object) -> int:
    return subprocess.call(command, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


@functools.cache
def apt_update() -> bool:
    """`apt-get update`, once per run (several installs may ask for it); True if it worked."""
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, env=env) == 0


def apt_install(packages: list[str]) -> None:
    """Install Debian packages when we are root and apt-get exists; never fatal."""
    if not packages or os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    say(f"installing system packages with apt-get: {' '.join(packages)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL, "env": env}
    if not apt_update() or run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], **quiet) != 0:
        say(f"apt-get could not install {' '.join(packages)}; carrying on without them")


def install_system_packages(job: str) -> None:
    wanted = []
    if not shutil.which("dot"):
        wanted.append("graphviz")
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        wanted.append("fonts-dejavu-core")  # the font every drawing is measured in (viz/render/fonts.py)
    if job == "test" and not (shutil.which("chromium") or shutil.which("chromium-browser")):
        wanted.append("chromium")
    if job in ("site", "test") and not shutil.which("npm"):  # npm downloads Pyodide and Graphviz for the site
        wanted += ["nodejs", "npm"]
    if job == "test" and not shutil.which("pdftotext"):
        wanted.append("poppler-utils")  # reads the compiled PDF back in the tests
    if not venv_works():
        try:
            import ensurepip  # noqa: F401  (Debian ships it separately, in python3-venv)
        except ImportError:
            wanted.append("python3-venv")
    apt_install(wanted)
    if job == "test" and not latex_works():
        # The tests compile the TikZ export with pdflatex: LaTeX, TikZ (texlive-pictures) and
        # the standalone class (texlive-latex-extra), about 300 MB; apart, so that a failure
        # here costs only the LaTeX tests.
        apt_install(["texlive-latex-base", "texlive-pictures", "texlive-latex-extra"])


def latex_works() -> bool:
    """pdflatex is there, and so are TikZ and the standalone class."""
    if not (shutil.which("pdflatex") and shutil.which("kpsewhich")):
        return False
    found = subprocess.run(["kpsewhich", "tikz.sty", "standalone.cls"], capture_output=True, text=True)
    return len(found.stdout.split()) == 2


def venv_works() -> bool:
    python = venv_python()
    return python.exists() and run([str(python), "-m", "pip", "--version"], stdout=subprocess.DEVNULL) == 0


def create_venv() -> None:
    if venv_works():
        return
    say(f"creating the virtual environment in {VENV}")
    shutil.rmtree(VENV, ignore_errors=True)
    try:
        venv.create(VENV, with_pip=True)
    except Exception as error:  # Debian without python3-venv: no ensurepip
        say(f"python3 -m venv could not install pip ({error}); trying the virtualenv package instead")
        shutil.rmtree(VENV, ignore_errors=True)
        if (
            run([sys.executable, "-m", "pip", "install", "--user", "-q", "virtualenv"]) != 0
            or run([sys.executable, "-m", "virtualenv", "-q", str(VENV)]) != 0
        ):
            sys.exit(
                "Could not create a virtual environment. Install Debian's python3-venv "
                "(sudo apt-get install python3-venv) and run this command again."
            )
    if not venv_works():
        sys.exit(f"The virtual environment in {VENV} has no working pip; delete it and run again.")


def install_project(job: str) -> None:
    """pip install -e .[extras], skipped when nothing changed since the last install."""
    spec = f".{EXTRAS[job]}"
    fingerprint = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + spec.encode() + sys.version.encode()
    ).hexdigest()
    stamp = VENV / f".installed-{job}"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    say(f"installing chalkgrad and its dependencies: pip install -e '{spec}' (a minute or two the first time)")
    python = str(venv_python())
    if run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", spec]) != 0:
        sys.exit("pip install failed; the messages above say why.")
    stamp.write_text(fingerprint)


def main() -> int:
    job = sys.argv[1] if len(sys.argv) > 1 else ""
    if job not in EXTRAS:
        print(__doc__, flush=True)
        if job:
            print(f"unknown job {job!r}: choose demo, test, bench or site", file=sys.stderr)
        return 2
    install_system_packages(job)
    create_venv()
    install_project(job)
    python = str(venv_python())
    extra = sys.argv[2:]
    if job == "demo":
        return run([python, "-m", "viz", "demo", *extra])
    if job == "bench":
        return run([python, "bench/run.py", *extra])
    if job == "site":
        return run([python, "scripts/build_site.py", *extra])
    return run([python, "-m", "pytest", "-p", "no:cacheprovider", *extra])


if __name__ == "__main__":
    sys.exit(main())
