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
    message = result.stderr[result.stderr.index("ImportError") :]
    assert "HIPS autograd" in message and str(fake) in message
    assert "-m pip uninstall -y autograd chalkgrad" in message and "virtual environment" in message


def test_chalkgrad_engine_carries_its_marker() -> None:
    assert autograd.ENGINE == "chalkgrad"
    import nn
    import viz

    assert nn.__name__ == "nn" and viz.__name__ == "viz"


def test_chalkgrad_installed_over_hips_warns_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HIPS's metadata next to chalkgrad's engine file: the engine says HIPS was overwritten, and how to fix it."""
    from autograd import installation

    info = tmp_path / "autograd-1.9.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: autograd\nVersion: 1.9.1\n")
    (info / "RECORD").write_text("autograd/__init__.py,,\n")
    engine = tmp_path / "autograd" / "__init__.py"
    engine.parent.mkdir()
    engine.write_text("# chalkgrad's, written over HIPS's\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.warns(RuntimeWarning, match="overwrote HIPS autograd") as caught:
        installation.warn_if_installed_over_hips(str(engine))
    message = str(caught[0].message)
    assert "HIPS autograd 1.9.1" in message and "-m pip uninstall -y autograd chalkgrad" in message
    assert installation.fix_commands()[1].startswith(f"{sys.executable} -m pip install ")


def test_no_warning_without_hips() -> None:
    import warnings

    from autograd import installation

    assert installation.hips_distribution() is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        installation.warn_if_installed_over_hips(autograd.__file__)
