"""Saving an MLP to a plain JSON file and loading it back.

The file holds the architecture and every parameter, readable in any text editor:

    {"format": "chalkgrad.MLP", "version": 1, "nin": 2,
     "layers": [
      {"activation": "relu",
       "weights": [
        [0.5, -1.0],
        [2.0, 0.25]
       ],
       "biases": [0.0, -1.0]},
      {"activation": "linear",
       "weights": [
        [1.0, -2.0]
       ],
       "biases": null}
     ]}

One line per row of W^[l], as the lectures write the matrix; ``null`` for a layer
without biases.

Floats are written with Python's shortest round-trip repr, so a loaded model has
exactly the saved numbers. Saving goes through ``nn/_files.py``, like every file
chalkgrad writes: atomically (a failure leaves the old file intact), through a
symlink to the linked file, keeping the file's permissions. Reading (``read``) parses
plain JSON (never pickle: nothing in the file is executed) and checks every field;
only then does ``MLP.load`` build the model from the numbers, so a bad file never
gives a half-loaded model: every problem is a ModelFileError that says what is
wrong and where. (This file does not import ``layers.py``, which imports it.)

Read next: ``data.py``.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nn._files import write_atomically
from nn.activations import ACTIVATIONS

if TYPE_CHECKING:
    from nn.layers import MLP

FORMAT = "chalkgrad.MLP"
VERSION = 1


class ModelFileError(ValueError):
    """A model file that cannot be loaded: not JSON, truncated, or with a wrong field."""


@dataclass(frozen=True)
class ModelNumbers:
    """What a model file holds, checked: the arguments of ``MLP.from_weights``, and the file's name."""

    weights: list[Any]
    biases: list[Any]
    activations: list[str]
    source: str


def save(model: MLP, path: str | os.PathLike[str]) -> None:
    """Write ``model`` (an ``nn.MLP``) to ``path`` as JSON, atomically."""
    if not all(hasattr(model, name) for name in ("layers", "weights", "biases", "nin")):
        raise TypeError(f"save() writes an MLP (with its layers); got a {type(model).__name__}")
    for k, layer in enumerate(model.layers):
        # The function itself must be the named one: a user's own function called "relu" is not relu.
        if ACTIVATIONS.get(layer.activation) is not layer.neurons[0]._activate:
            raise ValueError(
                f"layer {k + 1} uses the activation {layer.activation!r}, a function that cannot be written "
                f"to a file; only named activations can be saved ({', '.join(ACTIVATIONS)})"
            )
    try:
        text = _to_text(model)
    except ValueError:
        raise ValueError("a parameter is nan or infinite, which JSON cannot store; nothing was saved") from None
    write_atomically(_file_path(path), text)


def _to_text(model: MLP) -> str:
    """The JSON document, laid out like the maths: one line per row of W^[l], biases on one line."""

    def number_list(numbers: object) -> str:
        return json.dumps(numbers, allow_nan=False)  # floats in their shortest exact form

    layers = []
    for layer, matrix, vector in zip(model.layers, model.weights(), model.biases()):
        rows = ",\n".join(f"    {number_list(row)}" for row in matrix)
        layers.append(
            f'  {{"activation": {json.dumps(layer.activation)},\n'
            f'   "weights": [\n{rows}\n   ],\n'
            f'   "biases": {number_list(vector)}}}'
        )
    head = f'{{"format": {json.dumps(FORMAT)}, "version": {VERSION}, "nin": {model.nin},\n "layers": [\n'
    return head + ",\n".join(layers) + "\n ]}\n"


def read(path: str | os.PathLike[str]) -> ModelNumbers:
    """Read and check a model file written by ``save`` (``MLP.load`` builds the model from it).

    A ModelFileError says what is wrong with a bad file, before anything is built.
    """
    target = _file_path(path)
    if os.path.exists(target) and not os.path.isfile(target):  # a pipe or a device: reading could wait forever
        raise ModelFileError(f"{target} is not a regular file (a pipe or a device), so it is not a saved model")
    with open(target, "rb") as file:
        raw = file.read()
    try:
        text = raw.decode("utf-8-sig")  # -sig: a byte-order mark (some Windows editors add one) is skipped
    except UnicodeDecodeError:
        raise ModelFileError(
            f"{target} is not a text file, so it is not a model saved by chalkgrad (those are JSON text); "
            "binary formats such as pickle are never loaded"
        ) from None
    try:
        document = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_repeated_fields)
    except json.JSONDecodeError as error:
        cut_off = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
        hint = " (the file looks truncated)" if text.strip() and cut_off else ""
        raise ModelFileError(
            f"{target} is not valid JSON{hint}: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except ValueError as error:
        raise ModelFileError(f"{target}: {error}") from None
    except RecursionError:
        raise ModelFileError(f"{target}: the JSON is nested too deeply to be a model file") from None
    weights, biases, activations = _check(document, target)
    return ModelNumbers(weights, biases, activations, target)


def _file_path(path: str | os.PathLike[str]) -> str:
    """The path as a string, with a leading ~ meaning the home folder; a folder is an error."""
    target = os.path.expanduser(os.fspath(path))
    if os.path.isdir(target):
        raise IsADirectoryError(f"{target} is a folder; give a file name such as {os.path.join(target, 'model.json')}")
    return target


def _reject_constant(name: str) -> float:
    raise ValueError(f"the file contains {name}, which is not a valid parameter value")


def _no_repeated_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; a field given twice is an error (json would keep the last silently)."""
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise ValueError(f"the field {key!r} appears twice in one object")
        document[key] = value
    return document


def _check(document: Any, where: str) -> tuple[list[Any], list[Any], list[str]]:
    """Validate the whole document; return what from_weights needs."""

    def fail(message: str) -> ModelFileError:
        return ModelFileError(f"{where}: {message}")

    if not isinstance(document, dict):
        raise fail(f"expected a JSON object at the top, found {type(document).__name__}")
    if document.get("format") != FORMAT:
        raise fail(f'this is not a chalkgrad model file ("format" is {_shown(document.get("format"))}, not {FORMAT!r})')
    version = document.get("version")
    if isinstance(version, bool) or version != VERSION:
        raise fail(f"unsupported file version {_shown(version)}; this chalkgrad reads version {VERSION}")
    unknown = set(document) - {"format", "version", "nin", "layers"}
    if unknown:
        raise fail(f"unexpected field(s) {sorted(unknown)} at the top level")
    nin = document.get("nin")
    if not isinstance(nin, int) or isinstance(nin, bool) or nin < 1:
        raise fail(f'"nin" must be a whole number >= 1, found {_shown(nin)}')
    layers = document.get("layers")
    if not isinstance(layers, list) or not layers:
        raise fail('"layers" must be a non-empty list')
    weights, biases, activations = [], [], []
    width = nin
    for k, layer in enumerate(layers, start=1):
        activation, matrix, vector = _check_layer(layer, k, width, fail)
        weights.append(matrix)
        biases.append(vector)
        activations.append(activation)
        width = len(matrix)
    return weights, biases, activations


def _check_layer(layer: Any, k: int, width: int, fail: Callable[[str], ModelFileError]) -> tuple[str, Any, Any]:
    """Validate layer ``k`` (1-based), whose inputs are ``width`` units; return its three fields."""
    if not isinstance(layer, dict):
        raise fail(f"layer {k} must be an object, found {type(layer).__name__}")
    if set(layer) != {"activation", "weights", "biases"}:
        raise fail(f"layer {k} must have exactly the fields activation, weights, biases; found {sorted(layer)}")
    activation = layer["activation"]
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise fail(f"layer {k} has unknown activation {_shown(activation)}; known: {', '.join(ACTIVATIONS)}")
    matrix = layer["weights"]
    if not isinstance(matrix, list) or not matrix:
        raise fail(f'layer {k} "weights" must be a non-empty list of rows')
    for j, row in enumerate(matrix):
        if not isinstance(row, list) or len(row) != width:
            raise fail(
                f"layer {k} weights row {j} must list {width} numbers (one per unit of the layer before), "
                f"found {_shown(row)}"
            )
        for i, number in enumerate(row):
            _check_number(number, f"layer {k} weight [{j},{i}]", fail)
    vector = layer["biases"]
    if vector is not None:
        if not isinstance(vector, list) or len(vector) != len(matrix):
            raise fail(f'layer {k} "biases" must be null or a list of {len(matrix)} numbers, found {_shown(vector)}')
        for j, number in enumerate(vector):
            _check_number(number, f"layer {k} bias [{j}]", fail)
    return activation, matrix, vector


def _check_number(number: Any, what: str, fail: Callable[[str], ModelFileError]) -> None:
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise fail(f"{what} must be a finite number, found {_shown(number)}")
    try:
        finite = math.isfinite(float(number))
    except OverflowError:  # a whole number too large for a float, such as 10**400
        finite = False
    if not finite:
        raise fail(
            f"{what} must be a finite number that fits in a float (at most about 1.8e308), found {_shown(number)}"
        )


def _shown(item: Any) -> str:
    """``repr(item)``, shortened: a bad value in a file can be a 400-digit number or a long list."""
    text = repr(item)
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} characters)"
