"""Rendering: finding a Graphviz layout engine, running it, saving pictures.

    renderer.py   the renderer search (dot, the pip-installed port), render_svg,
                  render_png, save, and Drawing (a graph that shows itself in Jupyter)
    fonts.py      the one font of every drawing, measured alike by both renderers
                  and the browser
    browser.py    the renderer in a web page (Pyodide): the page's WebAssembly Graphviz

Read next: ``viz/classroom`` (the teaching tools built on the drawings).
"""
