"""The one number formatter: significant digits, no "-0", and one check of precision."""

from __future__ import annotations

import pytest

from autograd.formatting import check_precision, format_number


@pytest.mark.parametrize(
    ("x", "precision", "text"),
    [
        (0.7739, 4, "0.7739"),
        (-0.005268, 4, "-0.005268"),  # a small gradient keeps its digits
        (123.4568, 4, "123.5"),
        (2.0, 4, "2"),
        (0.5, 4, "0.5"),
        (-0.00001, 4, "-1e-05"),
        (-0.000041234, 2, "-4.1e-05"),
        (3e9, 4, "3e+09"),
        (0.0, 4, "0"),
        (-0.0, 4, "0"),
        (-1e-20, 1, "-1e-20"),
        (2.5, 1, "2"),  # round half to even, as Python rounds
        (float("nan"), 4, "nan"),
        (float("-inf"), 4, "-inf"),
    ],
)
def test_number_format(x: float, precision: int, text: str) -> None:
    assert format_number(x, precision) == text


@pytest.mark.parametrize("bad", [0, 18, -1, 2.5, "4", True, None])
def test_precision_is_one_to_seventeen_significant_digits(bad: object) -> None:
    with pytest.raises(ValueError, match="significant digits, a whole number from 1 to 17"):
        check_precision(bad)
    assert check_precision(1) == 1 and check_precision(17) == 17
