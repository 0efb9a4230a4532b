"""The ``chalkgrad`` command: ``chalkgrad demo`` and ``chalkgrad graph EXPRESSION``.

    app.py         the argument parser and the two sub-commands
    demo.py        the worked lecture network the demo draws and prints
    output.py      exit statuses, the error a user can act on, writing a picture
    expression.py  the whitelist parser that turns an expression into Values

Read next: ``viz/__init__.py`` for the public API, or ``autograd`` for the engine.
"""

from viz.cli.app import main

__all__ = ["main"]
