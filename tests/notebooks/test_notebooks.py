"""The notebooks are part of the test suite.

Every ``notebooks/*.ipynb`` is executed top to bottom in a fresh kernel, the way
a student would run it: an exception or a failed ``assert`` in any cell (and the
notebooks assert every number they take from the lecture slides) fails the test.
The kernel is a ``python3`` kernel started with the very interpreter that runs pytest
(a kernelspec written for the test, so a ``python3`` kernelspec installed elsewhere on the
machine cannot slip in): the notebooks see the chalkgrad installed in this environment.

Each notebook runs in a temporary copy of the notebooks folder, so a notebook that
saves a file (a drawing, a model) leaves nothing behind in the repository.

A fast check also reads the saved files: notebooks are committed *with* their
outputs (so they read well on a code host), without error outputs, and they import
the installed packages instead of patching ``sys.path``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT

NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def _ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOKS_DIR}"


def _kernel_manager(tmp_path: Path) -> Any:
    """A kernel manager whose only ``python3`` kernel runs this very interpreter."""
    jupyter_client = pytest.importorskip("jupyter_client")
    from jupyter_client.kernelspec import KernelSpecManager

    kernels = tmp_path / "kernels"
    (kernels / "python3").mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (chalkgrad tests)",
        "language": "python",
        # The checkout's own packages first, whichever environment runs the tests.
        "env": {"PYTHONPATH": str(REPO_ROOT)},
    }
    (kernels / "python3" / "kernel.json").write_text(json.dumps(spec))
    return jupyter_client.KernelManager(
        kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)])
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs_from_a_clean_kernel(path: Path, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    workdir = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, workdir)
    notebook = nbformat.read(workdir / path.name, as_version=4)
    kernel_manager = _kernel_manager(tmp_path)
    client = nbclient.NotebookClient(
        notebook,
        km=kernel_manager,
        resources={"metadata": {"path": str(workdir)}},
        # A generous per-cell limit that only catches a hung kernel; speed is not tested here.
        timeout=600,
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as error:
        pytest.fail(f"{path.name} failed while running:\n{error}")
    finally:
        # nbclient leaves a kernel it was handed running; stop it with its notebook.
        if kernel_manager.has_kernel:
            kernel_manager.shutdown_kernel(now=True)


def _code_cells(path: Path) -> list[Any]:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_saved_with_outputs_and_without_errors(path: Path) -> None:
    cells = _code_cells(path)
    assert cells, f"{path.name} has no code cells"
    unexecuted = [index for index, cell in enumerate(cells) if cell.source.strip() and cell.execution_count is None]
    assert not unexecuted, f"{path.name}: code cells {unexecuted} were saved without being run"
    assert any(cell.outputs for cell in cells), f"{path.name} was saved without any outputs"
    errors = [
        index for index, cell in enumerate(cells) for output in cell.outputs if output.get("output_type") == "error"
    ]
    assert not errors, f"{path.name}: code cells {errors} were saved with an error output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_imports_installed_packages_only(path: Path) -> None:
    for cell in _code_cells(path):
        assert "sys.path" not in cell.source, (
            f"{path.name} patches sys.path; notebooks must import the installed chalkgrad packages"
        )
