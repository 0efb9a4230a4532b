"""Drawing: a computation graph or a network turned into DOT text, plus matplotlib plots.

Nothing here runs a renderer: every function returns a ``graphviz`` graph whose
``.source`` is plain DOT, so drawings can be tested without Graphviz installed.

    graph.py     draw_graph: one record per Value (label | data | grad), op nodes
    slide.py     draw_graph(layout="slide"): a lecture network shaped for a 16:9 slide
    room.py      fixed sizes for texts that change, so that frames share one layout
    network.py   draw_network: the layered neuron diagram of the lectures
    neurons.py   which nodes belong to which neuron (from nn's roles), for clusters
    styles.py    colours and line widths by role and by sign
    text.py      the escaping of label text (numbers: ``autograd.formatting``)
    picture.py   viz.save: any drawing, a Value or a classroom object to a file
    plots.py     matplotlib: decision boundaries, loss histories, activations

Read next: ``viz/render`` (how DOT becomes a picture).
"""
