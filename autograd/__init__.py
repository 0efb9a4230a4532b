"""chalkgrad's engine: scalar reverse-mode automatic differentiation.

    from autograd import Value
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    y = (a * b + a.tanh()).relu()
    y.backward()            # fills a.grad and b.grad

Reading order: ``value.py`` (the node and its operations) -> ``backward.py`` (the
chain-rule sweep; ``backward_steps`` writes it down as data) -> ``functions.py``
(sum, dot, softmax, log-sum-exp) -> ``numerical.py`` (central differences, gradcheck).
``derivatives.py`` says each op's local derivative in words (for the classroom tools);
``formatting.py`` is the one number formatter of the project.
``grad_mode.py`` holds ``no_grad``; ``replay.py`` is an opt-in speed-up for training
loops (record a step's graph once, run it again with new numbers).

Note: PyPI's unrelated HIPS "autograd" package uses the same import name. Install
chalkgrad in its own virtual environment (the README's commands do that);
``installation.py`` notices the clash and says how to fix it.
"""

from autograd import replay
from autograd.backward import BackwardRecord, Send, Step, backward, backward_steps, grad, topological_order, zero_grad
from autograd.functions import dot, logsumexp, maximum, minimum, softmax, sum
from autograd.grad_mode import is_recording, no_grad
from autograd.installation import warn_if_installed_over_hips
from autograd.numerical import GradcheckReport, GradcheckRow, gradcheck, numerical_grad
from autograd.value import Value

# PyPI's unrelated HIPS "autograd" uses this package's name; when it is installed in
# this environment too, importing the engine says so, with the fix (installation.py).
warn_if_installed_over_hips(__file__)

# nn and viz check this marker to be sure that the "autograd" they import is
# chalkgrad's and not the unrelated HIPS package of the same name.
ENGINE = "chalkgrad"

__version__ = "0.1.0"

__all__ = [
    "ENGINE",
    "BackwardRecord",
    "GradcheckReport",
    "GradcheckRow",
    "Send",
    "Step",
    "Value",
    "backward",
    "backward_steps",
    "dot",
    "grad",
    "gradcheck",
    "is_recording",
    "logsumexp",
    "maximum",
    "minimum",
    "no_grad",
    "numerical_grad",
    "replay",
    "softmax",
    "sum",
    "topological_order",
    "zero_grad",
]
