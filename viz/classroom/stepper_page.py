"""The self-contained HTML page of a step-through: every frame's SVG, a caption, and a little script.

All frames share one layout (``viz/drawing/room.py``), so the page stacks their SVGs
in one place and shows one at a time: stepping changes text, colours and emphasis,
and every node stays where it was. Two views:

    presenter  (default) the drawing at a size where its smallest text is at least
               ``MIN_TEXT_PX`` CSS pixels, scrolled to keep the step's nodes (the
               visited node, its operation, its inputs) in the middle of the stage
    overview   the whole drawing scaled to fit the window, for orientation

Keys: ← → step, Home End first and last, O toggles overview / presenter, + − zoom.
Nothing is loaded from the network; the page works from ``file://``.

Read next: ``stepper.py``, which makes the frames.
"""

from __future__ import annotations

# The smallest text the presenter view shows, in CSS pixels: readable from the back
# of a lecture room on a 1280x720 projector.
MIN_TEXT_PX = 14

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  html, body {{ height: 100%; margin: 0; }}
  body {{ font-family: "DejaVu Sans", Verdana, sans-serif; display: flex; flex-direction: column; }}
  #top {{ padding: .3em .8em; border-bottom: 1px solid #e5e7eb; background: #fff; }}
  h1 {{ font-size: 1.1em; margin: .2em 0; }}
  #controls button {{ font-size: 1em; padding: .15em .7em; }}
  #counter {{ display: inline-block; min-width: 5em; text-align: center; font-weight: bold; }}
  #zoom {{ display: inline-block; min-width: 6em; text-align: center; }}
  /* a fixed height: a longer caption never pushes the drawing down */
  #caption {{ font-size: 1.1em; line-height: 1.35; height: 4.05em; overflow-y: auto; margin: .3em 0 .1em 0; }}
  #stage {{ flex: 1; overflow: auto; position: relative; }}
  .frame svg {{ display: block; }}
</style>
</head>
<body>
<div id="top">
<h1>{title}</h1>
<div id="controls">
  <button id="first" title="first frame (Home)">first</button>
  <button id="prev" title="previous (left arrow)">◀ previous</button>
  <span id="counter"></span>
  <button id="next" title="next (right arrow)">next ▶</button>
  <button id="last" title="last frame (End)">last</button>
  <button id="view" title="overview of the whole graph, or back to the presenter view (O)">overview</button>
  <button id="smaller" title="smaller (-)">−</button><span id="zoom"></span><button id="larger"
   title="larger (+)">+</button>
  <span style="color: #6b7280">keys: ← → Home End O + −</span>
</div>
<p id="caption"></p>
</div>
<div id="stage">
{frames}
</div>
<script>
(function () {{
  var captions = {captions};
  var last = {last};
  var minTextPx = {min_text_px};
  var current = 0, zoom = 1, overview = false;
  var stage = document.getElementById("stage");
  var pictures = document.querySelectorAll(".frame svg");
  // Every frame has the same size (one layout); read it once, in points (the viewBox:
  // the width attribute is rounded to a whole point).
  var width = pictures[0].viewBox.baseVal.width;
  var height = pictures[0].viewBox.baseVal.height;
  var smallest = Infinity;
  var texts = pictures[0].querySelectorAll("text");
  for (var k = 0; k < texts.length; k++) {{
    var size = parseFloat(texts[k].getAttribute("font-size"));
    if (size > 0 && texts[k].textContent.trim()) smallest = Math.min(smallest, size);
  }}
  // The presenter zoom: the smallest text (points, 4/3 px each at 100 %) at minTextPx,
  // rounded up to a whole percent so that the browser's rounding never takes it below.
  var presenterZoom = isFinite(smallest) ? Math.ceil(100 * Math.max(1, minTextPx / (smallest * 4 / 3))) / 100 : 1;
  zoom = presenterZoom;
  function frame(i) {{ return document.getElementById("frame-" + i); }}
  function applySize() {{
    var z = zoom;
    if (overview) z = Math.min(stage.clientWidth / (width * 4 / 3), stage.clientHeight / (height * 4 / 3));
    for (var k = 0; k < pictures.length; k++) {{
      pictures[k].style.width = (width * z) + "pt";
      pictures[k].style.height = (height * z) + "pt";
    }}
    document.getElementById("zoom").textContent = overview ? "overview" : Math.round(z * 100) + "%";
    document.getElementById("view").textContent = overview ? "presenter view" : "overview";
    document.body.setAttribute("data-view", overview ? "overview" : "presenter");
  }}
  function show(index) {{
    current = Math.max(0, Math.min(last, index));
    for (var i = 0; i <= last; i++) frame(i).hidden = (i !== current);
    document.getElementById("counter").textContent = current + " / " + last;
    document.getElementById("caption").textContent = captions[current];
    document.body.setAttribute("data-current", String(current));
    if (!overview) reveal(frame(current));
  }}
  // Scroll the stage so that the step is in its middle: the visited node, its
  // operation and its inputs; along a direction in which they do not all fit, the
  // visited node.
  function reveal(f) {{
    var wanted = (f.getAttribute("data-focus") || "").split(" ").filter(Boolean);
    if (!wanted.length) return;
    var nodeBox = null, box = null;
    var titles = f.querySelectorAll("g.node > title");
    for (var k = 0; k < titles.length; k++) {{
      if (wanted.indexOf(titles[k].textContent) < 0) continue;
      var r = titles[k].parentNode.getBoundingClientRect();
      if (titles[k].textContent === wanted[0]) nodeBox = r;
      box = box ? {{left: Math.min(box.left, r.left), right: Math.max(box.right, r.right),
                   top: Math.min(box.top, r.top), bottom: Math.max(box.bottom, r.bottom)}}
                : {{left: r.left, right: r.right, top: r.top, bottom: r.bottom}};
    }}
    if (!box || !nodeBox) return;
    var area = stage.getBoundingClientRect();
    var across = box.right - box.left <= stage.clientWidth ? box : nodeBox;
    var down = box.bottom - box.top <= stage.clientHeight ? box : nodeBox;
    stage.scrollLeft += (across.left + across.right) / 2 - (area.left + stage.clientWidth / 2);
    stage.scrollTop += (down.top + down.bottom) / 2 - (area.top + stage.clientHeight / 2);
  }}
  function setZoom(factor) {{
    overview = false;
    zoom = Math.max(0.25, Math.min(4, factor));
    applySize();
    show(current);
  }}
  function toggleView() {{
    overview = !overview;
    applySize();
    show(current);
  }}
  document.getElementById("first").onclick = function () {{ show(0); }};
  document.getElementById("prev").onclick = function () {{ show(current - 1); }};
  document.getElementById("next").onclick = function () {{ show(current + 1); }};
  document.getElementById("last").onclick = function () {{ show(last); }};
  document.getElementById("smaller").onclick = function () {{ setZoom(zoom / 1.25); }};
  document.getElementById("larger").onclick = function () {{ setZoom(zoom * 1.25); }};
  document.getElementById("view").onclick = toggleView;
  document.addEventListener("keydown", function (event) {{
    if (event.key === "ArrowRight") {{ show(current + 1); event.preventDefault(); }}
    else if (event.key === "ArrowLeft") {{ show(current - 1); event.preventDefault(); }}
    else if (event.key === "Home") {{ show(0); event.preventDefault(); }}
    else if (event.key === "End") {{ show(last); event.preventDefault(); }}
    else if (event.key === "+" || event.key === "=") {{ setZoom(zoom * 1.25); }}
    else if (event.key === "-") {{ setZoom(zoom / 1.25); }}
    else if (event.key === "o" || event.key === "O") {{ toggleView(); }}
  }});
  window.addEventListener("resize", function () {{ applySize(); show(current); }});
  applySize();
  show(0);
}})();
</script>
</body>
</html>
"""
