"""nn and viz refuse to run on top of an `autograd` that is not chalkgrad's engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

import autograd

REPO = REPO_ROOT


@pytest.mark.parametrize("package", ["nn", "viz"])
def test_foreign_autograd_is_named_with_the_fix(package: str, tmp_path: Path) -> None:
    # A stand-in for HIPS autograd, found before chalkgrad's engine on the path.
    fake = tmp_path / "autograd"
    fake.mkdir()
    (fake / "__init__.py").write_text("grad = None  # not chalkgrad\n")
    code = f"import sys; sys.path[:0] = [{str(tmp_path)!r}, {str(REPO)!r}]; import {package}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("ImportError")
    assert "HIPS autograd" in message and str(fake) in message
    assert "pip uninstall autograd" in message and "virtual environment" in message


def test_chalkgrad_engine_carries_its_marker() -> None:
    assert autograd.ENGINE == "chalkgrad"
    import nn
    import viz

    assert nn.__name__ == "nn" and viz.__name__ == "viz"
