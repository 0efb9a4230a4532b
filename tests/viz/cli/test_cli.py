"""The chalkgrad command line: `graph` with its safe expression parser, and `demo`."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO_ROOT, require
from viz_helpers import locate

from autograd import Value
from viz.cli.app import main
from viz.cli.expression import ExpressionError, evaluate, parse, variables

REPO = REPO_ROOT


def any_renderer() -> None:
    require(locate("dot") is not None or locate("graphviz-pure") is not None, "a Graphviz renderer")


# -- the expression language ---------------------------------------------------------------------


def test_expression_matches_the_engine() -> None:
    x1, x2, w1, w2, b = (Value(v, label=n) for v, n in [(2, "x1"), (0, "x2"), (-3, "w1"), (1, "w2"), (6.88, "b")])
    out = evaluate("tanh(x1*w1 + x2*w2 + b)", {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b})
    expected = (x1 * w1 + x2 * w2 + b).tanh()
    assert out.data == expected.data
    assert evaluate("2 ** x - -x / 4 + +x", {"x": 3.0}).data == 8 + 0.75 + 3
    several = evaluate("max(a, b) + min(a, b) + sum(a, b, a) + logsumexp(a, a)", {"a": 1.0, "b": 3.0})
    assert several.data == pytest.approx(3 + 1 + 5 + 1 + 0.6931471805599453)
    settings = evaluate("leaky_relu(x, 0.1) + step(x, -2) + relu(x) + abs(x)", {"x": -1.0})
    assert settings.data == pytest.approx(-0.1 + 1 + 0 + 1)
    assert evaluate("exp(0) + log(e) * sqrt(4)", {"e": 2.718281828459045}).data == pytest.approx(3.0)
    assert variables(parse("x1*w1 + x2*w2 + b + x1")) == ["x1", "w1", "x2", "w2", "b"]


@pytest.mark.parametrize(
    ("expression", "message", "caret"),
    [
        ("x.__class__", "attribute access (.__class__)", 1),
        ("__import__('os').system('ls')", "'__import__' is not a function", 0),
        ("x + (1).real", "attribute access (.real)", 7),
        ("__import__('os')", "'__import__' is not a function", 0),
        ("x + open('f')", "'open' is not a function", 4),
        ("x[0]", "indexing ([...]) is not allowed", 1),
        ("x + 'text'", "only numbers", 4),
        ("x // 2", "only + - * / **", 2),
        ("x if x else 1", "'if' is Python, not part of this language", 2),
        ("lambda: x", "'lambda' is Python", 0),
        ("tnah(x)", "'tnah' is not a function here (did you mean tanh?)", 0),
        ("sigmod(x)", "(did you mean sigmoid?)", 0),
        ("x * Tanh(x)", "(did you mean tanh?)", 4),
        ("2x", "write a * between them", 1),
        ("x y", "two terms in a row", 2),
        ("(x + 1", "this '(' is never closed", 0),
        ("x + 1)", "')' has no matching '('", 5),
        ("x, x", "',' separates the arguments", 1),
        ("max(x, )", "a number, a variable or '(' is missing", 7),
        ("sum()", "sum() needs at least one argument", 0),
        ("x * " + "1" * 401, "the number with 401 characters is too large for a float", 4),
        ("x = 2", "give the values after it, as name=number", 2),
        ("x == 2", "only + - * / ** are allowed", 2),
        ("x @ x", "only + - * / ** are allowed", 2),
        ("x $ 2", "the character '$' is not part of the language", 2),
        ("x +* 2", "cannot read the expression", 3),
        ("tanh(x, slope=1)", "without names", 8),
        ("(x).exp()", "attribute access (.exp)", 3),
        ("x + y", "no value was given for the variable 'y'", 4),
        ("tanh + x", "'tanh' is a function", 0),
        ("log(x - 1)", "log(0.0) is undefined", 0),
        ("(-x) ** 0.5", "has no real value", 0),
        ("tanh(x, x)", "takes one argument", 0),
        ("é + x.real", "attribute access (.real)", 5),
        ("True + x", "only numbers", 0),
        ("x +", "the expression ends too early", 3),
        ("x ^ 2", "write ** for a power", 2),
        ("  x +* 2", "cannot read the expression", 3),  # leading spaces are ignored, the caret still fits
    ],
)
def test_rejected_expressions_point_at_the_position(expression: str, message: str, caret: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate(expression, {"x": 1.0})
    text = str(caught.value)
    assert message in text
    shown, pointer = text.split("\n")[-2:]
    assert shown == "    " + expression.strip()
    assert pointer == "    " + " " * caret + "^", text


def test_expression_never_evaluates_python(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    attack = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    with pytest.raises(ExpressionError):
        evaluate(attack, {})
    assert not marker.exists()


# -- chalkgrad graph --------------------------------------------------------------------------------


def test_graph_command_prints_gradients_and_writes_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    any_renderer()
    target = tmp_path / "neuron.svg"
    code = main(
        ["graph", "tanh(x1*w1 + x2*w2 + b)", "x1=2", "x2=0", "w1=-3", "w2=1", "b=6.8813735870195432", "-o", str(target)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "= 0.7071" in out
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("  ")}
    assert lines["x1"][-1] == "-1.5" and lines["w1"][-1] == "1"  # the classic neuron's numbers
    assert lines["x2"][-1] == "0.5" and lines["w2"][-1] == "0" and lines["b"][-1] == "0.5"
    assert list(lines) == ["x1", "w1", "x2", "w2", "b"]  # in the order they appear
    assert str(target.resolve()) in out
    svg = target.read_text()
    ET.fromstring(svg)
    assert ">out<" in svg and "data 0.7071" in svg


def test_graph_command_dot_output_and_edge_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "g.dot"
    assert main(["graph", "a*b", "a=2", "b=-3", "-o", str(target), "--edge-labels", "local"]) == 0
    source = target.read_text()
    assert "label=<-3>" in source and "label=<2>" in source


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["graph", "x*w + b", "x=1"], "no value was given for the variables w, b: add w=<number> b=<number>"),
        (["graph", "x.__class__", "x=1"], "attribute access"),
        (["graph", "X*w", "x=1", "w=2"], "no value was given for the variable X (did you mean x?): add X=<number>"),
    ],
)
def test_graph_command_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["x"], "name=number"),
        (["x=abc"], "must be a number"),
        (["x=1", "x=2"], "given twice"),
        (["tanh=1"], "function"),
        (["x=nan"], "finite number"),
        (["x=-inf"], "finite number"),
        (["x=1", "-o", "graph.jpg"], "cannot tell the picture format from 'graph.jpg'"),
    ],
)
def test_graph_command_bad_values(values: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "x", *values]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""  # stopped before computing anything


@pytest.mark.parametrize("expression", ["-x*2", "-(x*2)", "  x * -2  "])
def test_graph_command_takes_an_expression_that_starts_with_minus(
    expression: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse would read "-x*2" as an unknown option; a student means the expression."""
    target = tmp_path / "g.dot"
    assert main(["graph", expression, "x=1", "-o", str(target)]) == 0
    assert main(["graph", "-o", str(target), "--precision", "2", expression, "x=1"]) == 0
    out = capsys.readouterr().out
    assert f"out = {expression.strip()} = -2\n" in out  # significant digits: -2 at any precision
    grads = [line.split()[-1] for line in out.splitlines() if line.startswith("  x ")]
    assert grads == ["-2", "-2"]


def test_graph_command_without_renderer_writes_the_dot_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CHALKGRAD_DOT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "venv" / "bin" / "python"))
    import sysconfig

    monkeypatch.setattr(sysconfig, "get_path", lambda *args, **kwargs: str(tmp_path / "venv" / "bin"))
    assert main(["graph", "x*2", "x=1", "-o", str(tmp_path / "g.svg")]) == 1
    err = capsys.readouterr().err
    assert "pip install graphviz-pure" in err
    assert (tmp_path / "g.dot").exists() and str((tmp_path / "g.dot").resolve()) in err


# -- chalkgrad demo -----------------------------------------------------------------------------------


def test_demo_prints_the_lecture_numbers_and_writes_both_pictures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    any_renderer()
    folder = tmp_path / "out"
    assert main(["demo", "-o", str(folder)]) == 0
    out = capsys.readouterr().out
    for slide_number in ("0.5744", "0.5987", "0.6165", "0.5968", "0.6076", "1.23", "0.7739", "0.2563"):
        assert slide_number in out  # the forward pass of the slide
    assert "dL/dz = -0.2261" in out  # ŷ - y
    assert "W1[0,0]  = 0.1   grad -0.005268" in out  # slide: -0.00528 (rounded earlier on the slide)
    # the parameters in the model's order (layer 1 first), under one heading per layer
    from viz.cli.demo import build

    model, _ = build()
    section = out.split("Gradients of the parameters")[1].split("\n\n")[0].splitlines()[1:]
    assert [line.strip() for line in section if not line.startswith("    ")] == ["layer 1", "layer 2", "layer 3"]
    listed = [line.split()[0] for line in section if line.startswith("    ")]
    assert listed == [parameter.label for _, parameter in model.named_parameters()]
    assert listed[:4] == ["W1[0,0]", "b1[0]", "W1[1,0]", "b1[1]"]
    for name in ("computation_graph.svg", "network.svg"):
        path = folder / name
        assert str(path.resolve()) in out
        ET.fromstring(path.read_text())
    assert "a3[0] = 0.7739" in (folder / "network.svg").read_text()
    tex = folder / "computation_graph.tex"
    assert f"to {tex.resolve()}" in out
    assert "\\begin{tikzpicture}" in tex.read_text() and "W3[0,0]" in tex.read_text()


def test_demo_png_is_sharp_for_a_projector(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import matplotlib.image

    any_renderer()
    assert main(["demo", "-o", str(tmp_path / "png"), "--format", "png"]) == 0
    assert main(["demo", "-o", str(tmp_path / "svg")]) == 0
    network = tmp_path / "png" / "network.png"
    assert str(network.resolve()) in capsys.readouterr().out
    width_pt = float(ET.parse(tmp_path / "svg" / "network.svg").getroot().get("width", "0").removesuffix("pt"))
    pixels = matplotlib.image.imread(network).shape[1]
    assert pixels == pytest.approx(3 * width_pt * 96 / 72, rel=0.05)  # three times a 96-dpi picture


@pytest.mark.slow
def test_python_m_viz_demo_runs_in_a_fresh_process(tmp_path: Path) -> None:
    any_renderer()
    env = dict(os.environ)
    done = subprocess.run(
        [sys.executable, "-m", "viz", "demo"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "chalkgrad-demo" / "computation_graph.svg").exists()
    assert (tmp_path / "chalkgrad-demo" / "network.svg").exists()
    assert "wrote the network diagram to" in done.stdout


def test_console_script_is_declared() -> None:
    assert 'chalkgrad = "viz.cli:main"' in (REPO / "pyproject.toml").read_text()


def test_expression_precedence_is_pythons() -> None:
    for text, expected in [
        ("-x**2", -9.0),
        ("2**3**2", 512.0),
        ("2**-x*3", 2**-3 * 3),
        ("-2**2", -4.0),
        ("x - x - x", -3.0),
        ("x / x / x", 1 / 3),
        ("2*-x", -6.0),
        ("--x", 3.0),
        ("-(-(x))", 3.0),
        ("+-+x", -3.0),
        ("(x + 1) * (x - 1)", 8.0),
        ("ln(x) - log(x)", 0.0),
        ("max(x, 2) * min(x, 2) + sum(x, x, 1) + logsumexp(0, 0) - logsumexp(0, 0)", 13.0),
        (".5 * x + 2. + 1e-1", 3.6),
    ]:
        assert evaluate(text, {"x": 3.0}).data == pytest.approx(expected, rel=1e-15), text


def test_evaluation_counts_linear_work() -> None:
    """Parsing makes one token and at most one program step per token: no step is redone per term."""
    for n in (3_000, 30_000):
        many = parse("sum(" + ", ".join(["x"] * n) + ")")
        assert len(many.program) == n + 1 and many.variables() == ["x"]
        chain = parse(" + ".join(["x"] * n))
        assert len(chain.program) == 2 * n - 1  # n variables, n - 1 additions: no recursion, no rescans
        assert evaluate(chain, {"x": 1.0}).data == n
    deep = parse("(" * 50_000 + "x" + ")" * 50_000)
    assert len(deep.program) == 1


def test_graph_command_exit_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every problem with the command is one message and status 2; no traceback unless --debug."""
    target = str(tmp_path / "g.dot")
    cases = [
        (["graph", " + ".join(["x"] * 1000), "x=1", "-o", target], 0, ""),
        (["graph", "x * " + "9" * 401, "x=1", "-o", target], 2, "too large for a float"),
        (["graph", "sum(" + ", ".join(["x"] * 3000) + ")", "x=1", "-o", target], 0, ""),
        (["graph", " + ".join(["x"] * 3000), "x=1", "-o", target], 2, "too big to draw"),
        (["graph", "x", "x=1", "-o", str(tmp_path / "missing" / "g.dot")], 0, ""),
        (["graph", "x", "x=1", "-o", str(tmp_path / "folder.dot")], 2, "cannot write the graph"),
        (["graph", "x", "x=1", "-o", str(tmp_path / "file.dot" / "g.dot")], 2, "cannot write the graph"),
        (["graph", "tnah + x", "x=1", "-o", target], 2, "did you mean tanh(...)?"),
        (["graph", "log(x)", "x=0", "-o", target], 2, "is undefined: the natural log needs an input > 0"),
        (["graph", "1/x", "x=0", "-o", target], 2, "division by zero"),
    ]
    (tmp_path / "file.dot").write_text("a file, not a folder")
    (tmp_path / "folder.dot").mkdir()
    for argv, status, message in cases:
        assert main(argv) == status, argv[:2]
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
    out = capsys.readouterr().out
    assert main(["graph", "x", "x=1", "-o", str(tmp_path / "new" / "g.dot")]) == 0
    assert "the folder" in capsys.readouterr().out and "was created" in out + "was created"


def test_graph_command_minus_minus_and_misspelt_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(tmp_path / "g.dot")
    assert main(["graph", "--x", "x=2", "-o", target]) == 0
    assert "out = --x = 2" in capsys.readouterr().out
    assert main(["graph", "-o", target, "--x*w", "x=2", "w=3"]) == 0
    assert "out = --x*w = 6" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        main(["graph", "--precison", "2", "x", "x=1"])
    assert stopped.value.code == 2 and "--precison" in capsys.readouterr().err


def test_debug_shows_the_traceback_and_a_bug_is_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = str(tmp_path / "g.dot")
    assert main(["graph", "--debug", "log(x)", "x=0", "-o", target]) == 2
    assert "Traceback" in capsys.readouterr().err
    import viz.cli.app as app

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(app, "draw_graph", broken)
    assert main(["graph", "x", "x=1", "-o", target]) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "--debug" in err and "Traceback" not in err
    assert main(["graph", "x", "x=1", "-o", target, "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_the_command_line_never_prints_a_traceback(tmp_path: Path) -> None:
    """Through the real entry point, in a fresh process: message, status 2, no traceback."""
    for argv in (["graph", "x+" * 2000 + "x", "x=1", "-o", str(tmp_path / "g.dot")], ["graph", "x", "x=1e999"]):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        done = subprocess.run(
            [sys.executable, "-m", "viz", *argv], capture_output=True, text=True, cwd=tmp_path, env=env
        )
        assert done.returncode in (0, 2) and "Traceback" not in done.stderr, done.stderr


def test_an_overflow_is_a_note_not_a_python_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "exp(x) * y", "x=1000", "y=2", "-o", str(tmp_path / "g.dot")]) == 0
    captured = capsys.readouterr()
    assert "= inf" in captured.out
    assert captured.err.startswith("note: backward() started from an output that is not finite")
    assert "RuntimeWarning" not in captured.err and "run_backward" not in captured.err


def test_a_tilde_in_the_output_means_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["graph", "x*2", "x=1", "-o", "~/g.dot"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "g.dot").exists() and "did not exist" not in out
