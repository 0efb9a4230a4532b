"""ruff (lint and format), mypy and the packaging habits are part of the test suite.

So a newcomer's `test` command checks them too, and CI with it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)


def test_ruff_is_clean() -> None:
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied() -> None:
    result = run("ruff", "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


def test_the_version_is_written_once() -> None:
    import re

    import autograd

    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'version = {attr = "autograd.__version__"}' in pyproject
    assert not re.search(r'^version\s*=\s*"', pyproject, flags=re.MULTILINE)  # no second copy in [project]
    assert re.fullmatch(r"\d+\.\d+\.\d+", autograd.__version__)


def test_pytest_runs_in_parallel_and_strictly() -> None:
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'addopts = "-ra --strict-markers -n auto"' in pyproject


def test_pre_commit_runs_ruff_and_mypy_from_the_project_environment() -> None:
    config = (REPO / ".pre-commit-config.yaml").read_text()
    for hook in ("id: ruff-check", "id: ruff-format", "id: mypy"):
        assert hook in config
    assert "repo: local" in config and "language: system" in config  # nothing downloaded when it runs


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr
