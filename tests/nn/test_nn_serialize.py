"""Saving and loading models: exact round trips, atomic writes, and every kind of bad file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nn
from autograd import Value


def saved(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document, encoding="utf-8")
    return path


def good_document() -> dict[str, Any]:
    return {
        "format": "chalkgrad.MLP",
        "version": 1,
        "nin": 2,
        "layers": [
            {"activation": "relu", "weights": [[1.0, 1.0], [1.0, 1.0]], "biases": [0.0, -1.0]},
            {"activation": "linear", "weights": [[1.0, -2.0]], "biases": None},
        ],
    }


def test_round_trip_is_exact(tmp_path: Path) -> None:
    model = nn.MLP(3, [5, 4, 2], "tanh", "sigmoid", rng=123)
    path = tmp_path / "m.json"
    model.save(path)
    loaded = nn.load(path)
    assert loaded.weights() == model.weights() and loaded.biases() == model.biases()
    assert loaded.activations == model.activations and loaded.sizes == model.sizes
    x = [0.1, -0.7, 2.5]
    assert [v.data for v in loaded(x)] == [v.data for v in model(x)]
    assert nn.MLP.load(path).weights() == model.weights()
    assert [name for name, _ in loaded.named_parameters()] == [name for name, _ in model.named_parameters()]


def test_round_trip_without_biases_and_with_awkward_floats(tmp_path: Path) -> None:
    model = nn.MLP.from_weights([[[0.1 + 0.2, 1e-300, -5e-324]], [[1 / 3]]], [None, [2.0**60]], ["step", "leaky_relu"])
    nn.save(model, tmp_path / "m.json")
    loaded = nn.load(str(tmp_path / "m.json"))
    assert loaded.weights() == model.weights() and loaded.biases() == [None, [2.0**60]]


def test_file_is_plain_readable_json(tmp_path: Path) -> None:
    nn.MLP.from_weights([[[1.0, 1.0], [1.0, 1.0]]], [[0.0, -1.0]], ["relu"]).save(tmp_path / "m.json")
    document = json.loads((tmp_path / "m.json").read_text())
    assert document["format"] == "chalkgrad.MLP" and document["nin"] == 2
    assert document["layers"] == [{"activation": "relu", "weights": [[1.0, 1.0], [1.0, 1.0]], "biases": [0.0, -1.0]}]


def test_a_good_hand_written_file_loads(tmp_path: Path) -> None:
    model = nn.load(saved(tmp_path, good_document()))
    assert [model(x)[0].data for x in [[0, 0], [0, 1], [1, 0], [1, 1]]] == [0.0, 1.0, 1.0, 0.0]


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.json"
    old = nn.MLP(2, [1], rng=0)
    old.save(path)
    before = path.read_text()

    def crash(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        nn.MLP(2, [1], rng=1).save(path)
    assert path.read_text() == before
    assert os.listdir(tmp_path) == ["m.json"]


def test_saving_a_nan_or_a_lambda_activation_is_refused(tmp_path: Path) -> None:
    model = nn.MLP(2, [1], rng=0)
    model.layers[0].neurons[0].w[0].data = float("nan")
    with pytest.raises(ValueError, match="nan or infinite"):
        model.save(tmp_path / "m.json")
    custom = nn.MLP(2, [1], activation="tanh", output_activation=lambda z: z * 2, rng=0)
    with pytest.raises(ValueError, match=r"<lambda>.*cannot be written"):
        custom.save(tmp_path / "c.json")
    assert not (tmp_path / "m.json").exists() and not (tmp_path / "c.json").exists()


def edit(change: Any) -> dict[str, Any]:
    document = good_document()
    change(document)
    return document


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ('{"format": "chalkgrad.MLP", "version": 1, "nin": 2, "layers": [{"activ', "not valid JSON .*truncated"),
        ("", "not valid JSON"),
        ("model: 2-2-1", "not valid JSON"),
        ("[1, 2, 3]", "JSON object at the top"),
        (edit(lambda d: d.update(format="pickle")), "not a chalkgrad model file"),
        (edit(lambda d: d.pop("format")), "not a chalkgrad model file"),
        (edit(lambda d: d.update(version=2)), "unsupported file version 2"),
        (edit(lambda d: d.update(extra=1)), r"unexpected field\(s\) \['extra'\]"),
        (edit(lambda d: d.update(nin=0)), '"nin" must be'),
        (edit(lambda d: d.update(nin="2")), '"nin" must be'),
        (edit(lambda d: d.update(layers=[])), '"layers" must be a non-empty list'),
        (edit(lambda d: d["layers"].append(3)), "layer 3 must be an object"),
        (edit(lambda d: d["layers"][0].pop("biases")), "layer 1 must have exactly the fields"),
        (edit(lambda d: d["layers"][1].update(activation="softsign")), "layer 2 has unknown activation 'softsign'"),
        (edit(lambda d: d["layers"][1].update(activation=None)), "layer 2 has unknown activation None"),
        (edit(lambda d: d["layers"][0].update(weights=[])), 'layer 1 "weights" must be a non-empty list'),
        (edit(lambda d: d["layers"][0].update(weights=[[1.0, 1.0], [1.0]])), "layer 1 weights row 1 must list 2"),
        (edit(lambda d: d["layers"][1].update(weights=[[1.0, -2.0, 3.0]])), "layer 2 weights row 0 must list 2"),
        (edit(lambda d: d["layers"][0]["weights"][0].__setitem__(1, "1")), r"layer 1 weight \[0,1\] must be a finite"),
        (edit(lambda d: d["layers"][0]["weights"][0].__setitem__(1, True)), r"layer 1 weight \[0,1\] must be a finite"),
        (edit(lambda d: d["layers"][0]["weights"][0].__setitem__(1, None)), r"layer 1 weight \[0,1\] must be a finite"),
        (edit(lambda d: d["layers"][0].update(biases=[0.0])), 'layer 1 "biases" must be null or a list of 2'),
        (edit(lambda d: d["layers"][0].update(biases=[0.0, "x"])), r"layer 1 bias \[1\] must be a finite"),
        (json.dumps(good_document()).replace("-2.0", "NaN"), "NaN, which is not a valid parameter"),
        (json.dumps(good_document()).replace("-2.0", "-Infinity"), "-Infinity, which is not a valid parameter"),
        (json.dumps(good_document()).replace("-2.0", "-1e999"), r"weight \[0,1\] must be a finite number.*found -inf"),
        # a whole number too large for a float, and activations that are not names
        (
            json.dumps(good_document()).replace("-2.0", "1" + "0" * 400),
            r"layer 2 weight \[0,1\] must be a finite .*fits",
        ),
        (json.dumps(good_document()).replace("-1.0]", "-" + "9" * 400 + "]"), r"layer 1 bias \[1\] must be a finite"),
        (edit(lambda d: d["layers"][0].update(activation=["relu"])), r"layer 1 has unknown activation \['relu'\]"),
        (edit(lambda d: d["layers"][0].update(activation={"relu": 1})), "layer 1 has unknown activation {'relu': 1}"),
        (edit(lambda d: d.update(version=True)), "unsupported file version True"),
        (edit(lambda d: d.update(nin=True)), '"nin" must be'),
        (edit(lambda d: d.update(nin=[2])), '"nin" must be'),
        (edit(lambda d: d.update(layers={"0": 1})), '"layers" must be a non-empty list'),
        (edit(lambda d: d["layers"][0].update(weights="1,1")), 'layer 1 "weights" must be a non-empty list'),
        (edit(lambda d: d["layers"][0].update(weights=[[[1.0], 1.0], [1.0, 1.0]])), r"weight \[0,0\] must be a finite"),
        (edit(lambda d: d["layers"][0].update(biases={"a": 1})), 'layer 1 "biases" must be null or a list'),
        (json.dumps(good_document()).replace('"nin": 2', '"nin": 2, "nin": 3'), "'nin' appears twice"),
        (json.dumps(good_document()).replace('"nin": 2', '"nin": ' + "9" * 5000), "not valid JSON|digits"),
        ("\x00\x01", "not valid JSON"),
        ("null", "JSON object at the top"),
    ],
)
def test_bad_files_fail_with_a_message_that_says_what_is_wrong(tmp_path: Path, content: Any, match: str) -> None:
    path = saved(tmp_path, content)
    with pytest.raises(nn.ModelFileError, match=match) as info:
        nn.load(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_a_long_bad_value_is_shown_shortened(tmp_path: Path) -> None:
    path = saved(tmp_path, json.dumps(good_document()).replace("-2.0", "1" + "0" * 400))
    with pytest.raises(nn.ModelFileError) as info:
        nn.load(path)
    assert len(str(info.value)) < 300 and "401 characters" in str(info.value)


def test_a_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good_document()).encode())
    assert nn.load(path).weights()[1] == [[1.0, -2.0]]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and links")
def test_save_keeps_the_mode_and_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "models" / "real.json"
    real.parent.mkdir()
    nn.MLP(2, [1], rng=0).save(real)
    real.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    nn.MLP(2, [1], rng=1).save(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.stat().st_mode & 0o777 == 0o644
    assert nn.load(link).weights() == nn.load(real).weights() == nn.MLP(2, [1], rng=1).weights()
    assert sorted(os.listdir(real.parent)) == ["real.json"]  # no temporary file left next to the target
    fresh = tmp_path / "fresh.json"
    old_mask = os.umask(0o027)
    try:
        nn.MLP(2, [1], rng=0).save(fresh)
    finally:
        os.umask(old_mask)
    assert fresh.stat().st_mode & 0o777 == 0o640  # 0o666 less the umask, as open() would give


def test_missing_file_is_a_file_not_found_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "nothing.json")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=64, max_size=64),
    bias=st.booleans(),
    activation=st.sampled_from(sorted(nn.ACTIVATIONS)),
)
def test_any_network_round_trips_exactly(
    tmp_path: Path, sizes: list[int], numbers: list[float], bias: bool, activation: str
) -> None:
    model = nn.MLP(sizes[0], sizes[1:], activation, activation, rng=0, bias=bias)
    for parameter, number in zip(model.parameters(), numbers * 4):
        parameter.data = number
    model.save(tmp_path / "any.json")
    loaded = nn.load(tmp_path / "any.json")
    assert loaded.weights() == model.weights() and loaded.biases() == model.biases()
    assert loaded.activations == model.activations


def test_binary_and_absurdly_nested_files_are_model_file_errors(tmp_path: Path) -> None:
    pickled = tmp_path / "model.pkl"
    pickled.write_bytes(b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94.")  # what pickle writes
    with pytest.raises(nn.ModelFileError, match="not a text file"):
        nn.load(pickled)
    nested = saved(tmp_path, "[" * 100_000 + "]" * 100_000)
    with pytest.raises(nn.ModelFileError, match="nested too deeply"):
        nn.load(nested)


def test_saving_into_a_missing_folder_or_onto_a_folder_names_the_problem(tmp_path: Path) -> None:
    model = nn.MLP(2, [1], rng=0)
    with pytest.raises(FileNotFoundError, match=r"folder .*missing.* does not exist"):
        model.save(tmp_path / "missing" / "m.json")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        model.save(tmp_path)
    with pytest.raises(IsADirectoryError, match="is a folder"):
        nn.load(tmp_path)
    assert os.listdir(tmp_path) == []


def test_a_path_starting_with_tilde_means_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    nn.MLP(2, [1], rng=0).save("~/m.json")
    assert (tmp_path / "m.json").exists()
    assert nn.load("~/m.json").sizes == [2, 1]


def test_only_an_mlp_can_be_saved(tmp_path: Path) -> None:
    for thing in (nn.Layer(2, 2, rng=0), nn.Perceptron(2)):
        with pytest.raises(TypeError, match=r"save\(\) writes an MLP"):
            nn.save(thing, tmp_path / "m.json")  # type: ignore[arg-type]


def test_a_custom_function_that_shares_a_builtin_name_is_not_saved_as_the_builtin(tmp_path: Path) -> None:
    def relu(z: Value) -> Value:  # a student's own "relu" that leaks
        return z.leaky_relu(0.1)

    model = nn.MLP(2, [2, 1], relu, rng=0)
    with pytest.raises(ValueError, match=r"layer 1 uses the activation 'relu', a function"):
        model.save(tmp_path / "m.json")


def test_each_weight_row_is_one_line_as_in_the_docstring(tmp_path: Path) -> None:
    model = nn.MLP.from_weights([[[0.5, -1.0], [2.0, 0.25]], [[1.0, -2.0]]], [[0.0, -1.0], None], ["relu", "linear"])
    model.save(tmp_path / "m.json")
    lines = (tmp_path / "m.json").read_text().splitlines()
    assert "[0.5, -1.0]" in " ".join(lines) and any(line.strip().startswith("[0.5, -1.0]") for line in lines)
    assert any(line.strip().startswith("[2.0, 0.25]") for line in lines)
    assert len(lines) < 20
    assert json.loads((tmp_path / "m.json").read_text())["layers"][1] == {
        "activation": "linear",
        "weights": [[1.0, -2.0]],
        "biases": None,
    }


@pytest.mark.skipif(os.name == "nt", reason="named pipes")
def test_a_pipe_is_refused_without_waiting_for_it(tmp_path: Path) -> None:
    pipe = tmp_path / "model.json"
    os.mkfifo(pipe)
    with pytest.raises(nn.ModelFileError, match="not a regular file"):
        nn.load(pipe)
