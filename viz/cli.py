"""The ``chalkgrad`` command line.

    chalkgrad demo     a worked example: forward pass, backward pass, every node's numbers
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from autograd import Value, topological_order


def demo() -> int:
    """Build a small neuron, run backward, and print every node's data and gradient."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.label = "out"
    out.backward()
    print("out = tanh(x1*w1 + x2*w2 + b), then out.backward()\n")
    print(f"{'node':<8}{'op':<8}{'data':>12}{'grad':>12}")
    for node in topological_order(out):
        print(f"{node.label or '-':<8}{node.op or 'leaf':<8}{node.data:>12.6f}{node.grad:>12.6f}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chalkgrad", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run the worked example")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return demo()
    return 2
