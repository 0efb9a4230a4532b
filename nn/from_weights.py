"""Check given weight matrices and bias vectors, the numbers of ``MLP.from_weights``.

The lectures write a network as matrices W^[1], W^[2], ... where W^[l] has one row
per unit of layer l and one column per unit of layer l-1, and bias vectors b^[l].
Everything is checked before any layer is built (``layers.py`` builds them from
what ``checked_layers`` returns), and every mistake gets a message that names the
layer and says what shape was expected.

Read next: ``losses.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Union

from nn.activations import Activation, resolve
from nn.checks import as_list, finite_number

# One layer's numbers: its matrix W^[l] (a row per unit), its bias vector (None: no biases),
# and its activation.
LayerNumbers = tuple[list[list[float]], Union[list[float], None], Activation]


def checked_layers(
    weights: Sequence[object],
    biases: Sequence[object] | None,
    activations: Activation | Sequence[Activation],
) -> list[LayerNumbers]:
    """Check the shapes; then each layer's matrix, bias vector and activation, with exactly these numbers."""
    matrices = [_matrix(w, k + 1) for k, w in enumerate(as_list(weights, "weights"))]
    if not matrices:
        raise ValueError("weights is empty: give one matrix per layer, e.g. [W1, W2]")
    for k in range(1, len(matrices)):
        rows_before, columns = len(matrices[k - 1]), len(matrices[k][0])
        if columns != rows_before:
            raise ValueError(
                f"the weight matrices do not chain: W{k + 1} has {columns} columns, but layer {k} "
                f"has {rows_before} units (W{k} has {rows_before} rows). W{k + 1} must have shape "
                f"({len(matrices[k])}, {rows_before}).{_transposed_hint(matrices)}"
            )
    vectors = _bias_vectors(biases, matrices)
    names = _activation_list(activations, len(matrices))
    return list(zip(matrices, vectors, names))


def _matrix(weights: object, layer: int) -> list[list[float]]:
    rows = as_list(weights, f"W{layer}")
    if not rows:
        raise ValueError(f"W{layer} is empty: it needs one row per unit of layer {layer}")
    try:
        cells = [as_list(row, f"W{layer}[{j}]") for j, row in enumerate(rows)]
    except TypeError:
        raise ValueError(
            f"W{layer} must be a matrix (a list of rows, one row per unit of layer {layer}), got {weights!r}. "
            f"For a layer with a single unit write [[w1, w2, ...]]."
        ) from None
    if any(len(row) == 0 for row in cells):
        raise ValueError(f"W{layer} has an empty row: every row needs one weight per input of layer {layer}")
    matrix = [[finite_number(x, f"W{layer}[{j},{i}]") for i, x in enumerate(row)] for j, row in enumerate(cells)]
    width = len(matrix[0])
    for j, row in enumerate(matrix):
        if len(row) != width:
            raise ValueError(
                f"W{layer} is not a rectangular matrix: row 0 has {width} numbers but row {j} has {len(row)}"
            )
    return matrix


def _bias_vectors(biases: Sequence[object] | None, matrices: list[list[list[float]]]) -> list[list[float] | None]:
    if biases is None:
        return [None] * len(matrices)
    vectors = as_list(biases, "biases")
    if len(vectors) != len(matrices):
        raise ValueError(
            f"got {len(matrices)} weight matrices but {len(vectors)} bias vectors: give one per layer "
            "(None for a layer without biases)"
        )
    checked: list[list[float] | None] = []
    for k, (vector, matrix) in enumerate(zip(vectors, matrices)):
        if vector is None:
            checked.append(None)
            continue
        numbers = [finite_number(x, f"b{k + 1}[{j}]") for j, x in enumerate(_bias_entries(vector, k + 1, len(matrix)))]
        if len(numbers) != len(matrix):
            raise ValueError(
                f"b{k + 1} has {len(numbers)} numbers but layer {k + 1} has {len(matrix)} units "
                f"(W{k + 1} has {len(matrix)} rows)"
            )
        checked.append(numbers)
    return checked


def _bias_entries(vector: object, layer: int, units: int) -> list[object]:
    """The numbers of b^[l] as a slide may write them: a row, a column [[b1], [b2]], or one number for one unit."""
    if units == 1 and not isinstance(vector, (list, tuple)) and getattr(vector, "ndim", 0) == 0:
        return [vector]
    entries = as_list(vector, f"b{layer}")
    if entries and all(_is_column_cell(e) for e in entries):
        return [as_list(e, f"b{layer}")[0] for e in entries]  # a column vector
    return entries


def _is_column_cell(entry: object) -> bool:
    """True for one cell of a column vector: a list (or array) holding exactly one number."""
    if hasattr(entry, "tolist"):
        entry = entry.tolist()
    return isinstance(entry, (list, tuple)) and len(entry) == 1 and not isinstance(entry[0], (list, tuple))


def _transposed_hint(matrices: list[list[list[float]]]) -> str:
    """A hint when every matrix would chain after transposing (a common typing slip)."""
    flipped = [len(m[0]) for m in matrices]  # rows after transposing = columns now
    columns_after = [len(m) for m in matrices]
    if all(columns_after[k] == flipped[k - 1] for k in range(1, len(matrices))):
        return " They would chain if transposed: were they typed as (inputs, units) instead of (units, inputs)?"
    return ""


def _activation_list(activations: Activation | Sequence[Activation], count: int) -> list[Activation]:
    if activations is None or not (isinstance(activations, (str, list, tuple)) or callable(activations)):
        raise TypeError(
            f"activations must be one name such as 'relu' for every layer, or a list with one name per layer, "
            f"got {activations!r}"
        )
    one_for_all = isinstance(activations, str) or callable(activations)
    names: list[Activation] = [activations] * count if one_for_all else list(activations)  # type: ignore[list-item, arg-type]
    if len(names) != count:
        raise ValueError(f"got {count} weight matrices but {len(names)} activations: give one per layer")
    for activation in names:
        resolve(activation)  # raises for an unknown name before anything is built
    return names
