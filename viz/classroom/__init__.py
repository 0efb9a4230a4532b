"""Classroom tools: backprop tables, chain-rule paths, step-through, exercises, an SGD step.

Each tool reads a graph and shows it; none changes it. The gradients they show come
from ``autograd.backward_steps``, the engine's own backward sweep written down as
data: no tool runs ``backward()`` or writes a ``.grad``, so they work before or
after the student's own backward pass and show the same numbers either way.

    names.py       how the tools name nodes, and their shared helpers
    table.py       backprop_table: one row per node, forward and backward
    chain_rule.py  chain_rule: a gradient as a sum over paths of products
    stepper.py     step_through: the backward (or forward) pass frame by frame
    stepper_page.py  its self-contained HTML page: presenter view and overview
    exercise.py    exercise: the student fills in gradients, the tool checks them
    sgd_update.py  sgd_update: one gradient-descent step drawn before and after

Read next: ``viz/cli`` (the ``chalkgrad`` command).
"""
