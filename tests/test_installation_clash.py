"""The clash with PyPI's HIPS autograd, end to end: real virtual environments, both install orders.

chalkgrad's wheel is built from this checkout; HIPS autograd comes from PyPI.
In each order the clash must be named (a warning when chalkgrad's engine is the
one imported, an ImportError from nn when HIPS's is), and the commands in the
message, run as printed, must leave an environment where chalkgrad works with
no warning. Needs the network (PyPI) once; pip's cache serves the later runs.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.slow

CHECK = "import autograd, nn; assert autograd.ENGINE == 'chalkgrad'; print(autograd.Value(2.0) * 3)"


def run(*command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``command`` away from this checkout (python -c puts the current folder first on sys.path)."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=600, cwd=tempfile.gettempdir(), env=env
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{command} failed:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """chalkgrad's wheel, built from a copy of this checkout (the build leaves files in the source folder)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("autograd", "nn", "viz"):
        shutil.copytree(REPO_ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, source)
    (built,) = out.glob("chalkgrad-*.whl")
    return built


def environment(where: Path) -> Path:
    """A fresh virtual environment; returns its python."""
    run(sys.executable, "-m", "venv", where)
    return where / "bin" / "python"


def fix_commands(message: str) -> list[list[str]]:
    """The commands the message prints, one per indented line."""
    lines = [line.strip() for line in message.splitlines() if line.startswith("    ") and " -m pip " in line]
    assert len(lines) == 2, message
    return [shlex.split(line) for line in lines]


def assert_fixed(python: Path) -> None:
    done = run(python, "-W", "error::RuntimeWarning", "-c", CHECK)  # no clash warning any more
    assert done.stdout.strip().startswith("Value(data=6.0")
    assert run(python, "-m", "pip", "show", "autograd", check=False).returncode != 0  # HIPS is gone


def test_hips_first_then_chalkgrad_warns_and_the_printed_fix_works(wheel: Path, tmp_path: Path) -> None:
    python = environment(tmp_path / "env")
    run(python, "-m", "pip", "install", "-q", "autograd")
    run(python, "-m", "pip", "install", "-q", "--no-deps", wheel)
    done = run(python, "-c", CHECK)  # chalkgrad works, but says that HIPS autograd was overwritten
    assert "RuntimeWarning" in done.stderr and "overwrote HIPS autograd" in done.stderr, done.stderr
    hips = run(python, "-c", "from autograd import grad; print(grad.__module__)").stdout
    assert hips.strip() == "autograd.backward"  # HIPS's grad is gone: the warning is right
    for command in fix_commands(done.stderr):
        assert command[0] == str(python)
        run(*command)
    assert_fixed(python)


def test_chalkgrad_first_then_hips_fails_clearly_and_the_printed_fix_works(wheel: Path, tmp_path: Path) -> None:
    python = environment(tmp_path / "env")
    run(python, "-m", "pip", "install", "-q", "--no-deps", wheel)
    run(python, "-m", "pip", "install", "-q", "autograd")
    done = run(python, "-c", "import nn", check=False)
    assert done.returncode != 0 and "ImportError" in done.stderr and "HIPS autograd" in done.stderr, done.stderr
    # the old advice, "pip uninstall autograd" alone, would delete the shared __init__.py:
    shown = run(python, "-m", "pip", "show", "-f", "autograd").stdout
    assert "autograd/__init__.py" in shown
    for command in fix_commands(done.stderr):
        run(*command)
    assert_fixed(python)
