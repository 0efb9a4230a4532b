"""`import nn` and `import viz` need neither numpy, matplotlib nor tqdm; the functions that do say so.

The first test runs in a fresh virtual environment that has none of the three: only
the repository's packages and the pure-Python `graphviz` package (viz builds DOT with
it) are put on its path, so nothing from the test's own environment leaks in.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import graphviz
import pytest
from conftest import REPO_ROOT

from nn._optional import optional_import

WITHOUT_OPTIONAL_PACKAGES = textwrap.dedent(
    """
    import sys

    import nn
    import viz
    from autograd import Value

    assert not {"numpy", "matplotlib", "tqdm"} & set(sys.modules), sorted(sys.modules)

    # The engine, a network from the slide's weights, training without a bar, DOT text:
    model = nn.MLP.from_weights(weights=[[[0.5, -0.5]], [[1.0]]], biases=[[0.1], [0.0]], activations="tanh")
    loss = nn.mse(model([1.0, 2.0])[0], 1.0)
    loss.backward()
    assert model.layers[0].neurons[0].w[0].grad != 0.0
    sgd = nn.SGD(model.parameters(), lr=0.1)
    history = nn.fit(model, [[1.0, 2.0], [0.0, 1.0]], [[1.0], [0.0]], "mse", sgd, epochs=2, progress=False)
    assert len(history.loss) == 2
    assert "digraph" in viz.draw_graph(loss).source
    a = Value(2.0, label="a")
    steps = viz.step_through((a * a).tanh())
    assert len(steps) == 4

    def message(call):
        try:
            call()
        except ModuleNotFoundError as error:
            return str(error)
        raise AssertionError("no error")

    print(message(lambda: nn.data.moons(10)))
    print(message(lambda: nn.data.truth_table("AND")))
    print(message(lambda: viz.plot_history([1.0, 0.5])))
    print(message(lambda: viz.plot_activation("tanh")))
    print(message(lambda: nn.fit(model, [[1.0, 2.0]], [[1.0]], "mse", sgd, epochs=1)))
    """
)


def test_nn_and_viz_import_and_work_without_numpy_matplotlib_or_tqdm(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False, symlinks=sys.platform != "win32")
    python = environment / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    # Only graphviz (pure Python, no dependencies) joins the repository on the path.
    extra = tmp_path / "extra"
    shutil.copytree(Path(graphviz.__file__).parent, extra / "graphviz")
    check = subprocess.run([str(python), "-c", "import numpy"], capture_output=True, text=True)
    assert check.returncode != 0, "the fresh environment should not have numpy"

    path_setup = f"import sys; sys.path[:0] = {[str(REPO_ROOT), str(extra)]!r}\n"
    done = subprocess.run(
        [str(python), "-I", "-c", path_setup + WITHOUT_OPTIONAL_PACKAGES],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    moons, gate, history, activation, fit = done.stdout.strip().splitlines()
    assert moons == "nn.data.moons() needs numpy. numpy is not installed. Install it with: pip install numpy."
    assert gate.startswith("nn.data.truth_table() needs numpy.")
    assert history == (
        "viz.plot_history() needs matplotlib. matplotlib is not installed. Install it with: pip install matplotlib."
    )
    assert activation.startswith("viz.plot_activation() needs numpy.")
    assert fit == (
        "nn.fit's progress bar needs tqdm. tqdm is not installed. Install it with: pip install tqdm; "
        "or call fit(..., progress=False)."
    )


def test_in_the_browser_the_message_says_the_package_is_not_available_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "emscripten")
    with pytest.raises(ModuleNotFoundError) as raised:
        optional_import("chalkgrad_no_such_package", "nn.data.moons()")
    message = str(raised.value)
    assert message.startswith("nn.data.moons() needs chalkgrad_no_such_package.")
    assert "not available in this browser version of chalkgrad" in message
    assert "pip install chalkgrad_no_such_package" in message


def test_a_missing_dependency_of_an_installed_package_keeps_its_own_message(tmp_path: Path) -> None:
    (tmp_path / "chalkgrad_half_installed.py").write_text("import chalkgrad_its_missing_dependency\n")
    sys.path.insert(0, str(tmp_path))
    try:
        with pytest.raises(ModuleNotFoundError, match="No module named 'chalkgrad_its_missing_dependency'"):
            optional_import("chalkgrad_half_installed", "viz.something()")
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("chalkgrad_half_installed", None)


def test_a_present_package_is_returned() -> None:
    assert optional_import("json", "anything").__name__ == "json"
