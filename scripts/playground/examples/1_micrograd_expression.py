"""The micrograd lecture's first graph: L = (a*b + c) * f, then backward."""

from autograd import Value

a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = Value(10.0, label="c")
f = Value(-2.0, label="f")
e = a * b
e.label = "e"
d = e + c
d.label = "d"
L = d * f
L.label = "L"

L.backward()  # fills .grad of every node L depends on
for leaf in (a, b, c, f):
    print(f"dL/d{leaf.label} = {leaf.grad}")

L  # the last line is the Value to draw: its graph, backprop table and step-through
