"""Rendering: finding a Graphviz layout engine, running it, saving pictures.

    renderer.py   finding a renderer (the browser's, CHALKGRAD_DOT, dot, the pip-installed port)
                  and running it
    browser.py    the renderer in a web page (Pyodide): the page's WebAssembly Graphviz
    fonts.py      the one font of every drawing, measured alike by both renderers
                  and the browser
    drawing.py    Drawing: the graph draw_graph returns, rendering itself (Jupyter, .pipe, .render)
    saving.py     save(drawing, path): the format from the file name (.svg .png .pdf .tex .dot)
    tikz.py       the .tex export: Graphviz's layout as a TikZ picture with TeX text
    animation.py  frames' pictures as one animation (GIF, WebP; MP4 through video.py)
    positions.py  where each node sits in a PNG's pixels (an animation's window follows the step)

Every file is written by ``nn/_files.py`` (atomically, through symlinks, keeping
the file's mode), the one writer of every file chalkgrad makes.

This package knows nothing of the classroom tools: they hand it pictures.

Read next: ``viz/classroom`` (the teaching tools built on the drawings).
"""
