"""Measuring drawings in real headless Chromium: does every text fit its box, and clear every other text?

Graphviz sizes boxes from its own idea of the text's width; only the browser knows
the width it actually draws. ``text_problems(page, svg)`` loads an SVG into a page
and reads back, with the browser's own geometry:

- every text of a node lies inside the smallest shape of that node around it
  (a table cell, the record's frame, an ellipse: inside the curve, not its box);
- every cluster title lies inside its cluster's frame;
- no two texts overlap, and no edge label overlaps a node.

It returns one sentence per problem (an empty list: the drawing is clean). Boxes
may meet within ``tolerance`` (one pixel): two runs of one line, bold then plain,
touch by design.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from conftest import require

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

_MEASURE = """(tolerance) => {
  const problems = [];
  const svg = document.querySelector('svg');
  const rect = (e) => { const r = e.getBoundingClientRect();
                        return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const inside = (a, b) => a.l >= b.l - tolerance && a.r <= b.r + tolerance
                        && a.t >= b.t - tolerance && a.b <= b.b + tolerance;
  // A text's box is its font's full line height, taller than its letters: the lines
  // of one label may share a pixel or two of it without any letters touching.
  const overlap = (a, b) => Math.min(a.r, b.r) - Math.max(a.l, b.l) > tolerance
    && Math.min(a.b, b.b) - Math.max(a.t, b.t) > Math.max(tolerance, 0.2 * Math.min(a.b - a.t, b.b - b.t));
  const inEllipse = (box, e) => {
    const r = rect(e), cx = (r.l + r.r) / 2, cy = (r.t + r.b) / 2;
    const rx = (r.r - r.l) / 2 + tolerance, ry = (r.b - r.t) / 2 + tolerance;
    return [[box.l, box.t], [box.r, box.t], [box.l, box.b], [box.r, box.b]].every(
      ([x, y]) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1);
  };
  const name = (t) => JSON.stringify(t.textContent);
  const nodeShapes = [];
  for (const g of svg.querySelectorAll('g.node')) {
    const shapes = [...g.querySelectorAll('polygon, ellipse, path, polyline')];
    nodeShapes.push({id: g.querySelector('title').textContent, shapes});
    for (const t of g.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const box = rect(t), cx = (box.l + box.r) / 2, cy = (box.t + box.b) / 2;
      let best = null, area = Infinity;
      for (const s of shapes) {
        const r = rect(s);
        if (cx < r.l || cx > r.r || cy < r.t || cy > r.b) continue;
        const a = (r.r - r.l) * (r.b - r.t);
        if (a < area) { area = a; best = s; }
      }
      const id = g.querySelector('title').textContent;
      if (best === null) { problems.push(`node ${id}: text ${name(t)} has no box around it`); continue; }
      const fits = best.tagName === 'ellipse' ? inEllipse(box, best) : inside(box, rect(best));
      if (!fits) problems.push(`node ${id}: text ${name(t)} leaves its box`);
    }
  }
  for (const g of svg.querySelectorAll('g.cluster')) {
    const frame = g.querySelector('polygon, path');
    for (const t of g.querySelectorAll(':scope > text')) {
      if (frame && !inside(rect(t), rect(frame))) problems.push(`cluster title ${name(t)} leaves its frame`);
    }
  }
  const all = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
  for (let i = 0; i < all.length; i++) {
    for (let k = i + 1; k < all.length; k++) {
      const a = rect(all[i]), b = rect(all[k]);
      if (!overlap(a, b)) continue;
      const across = Math.min(a.r, b.r) - Math.max(a.l, b.l), down = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      problems.push(`texts ${name(all[i])} and ${name(all[k])} overlap by ${across.toFixed(1)}x${down.toFixed(1)} px`);
    }
  }
  for (const g of svg.querySelectorAll('g.edge')) {
    for (const t of g.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const box = rect(t);
      for (const node of nodeShapes) {
        const outer = node.shapes[0];
        if (!outer) continue;
        const hit = outer.tagName === 'ellipse'
          ? [[box.l, box.t], [box.r, box.t], [box.l, box.b], [box.r, box.b]].some(([x, y]) => {
              const r = rect(outer), cx = (r.l + r.r) / 2, cy = (r.t + r.b) / 2;
              return ((x - cx) / ((r.r - r.l) / 2)) ** 2 + ((y - cy) / ((r.b - r.t) / 2)) ** 2 < 1; })
          : overlap(box, rect(outer));
        if (hit) problems.push(`edge label ${name(t)} runs into node ${node.id}`);
      }
    }
  }
  return problems;
}"""


def chromium_path() -> str:
    """The Chromium program (the test is skipped, or fails in CI, without it or without playwright)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium is not None, "Chromium")
    require(importlib.util.find_spec("playwright") is not None, "the playwright Python package")
    assert chromium is not None
    return chromium


@contextmanager
def browser_page(width: int = 1280, height: int = 720) -> Iterator[Any]:
    """A blank page of headless Chromium at ``width`` x ``height`` CSS pixels."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def text_problems(page: Any, svg: str, tolerance: float = 1.0) -> list[str]:
    """Everything wrong with the text of ``svg`` as Chromium draws it (see the module docstring)."""
    start = svg.find("<svg")
    page.set_content(f'<!DOCTYPE html><html><body style="margin: 0">{svg[start:]}</body></html>')
    problems: list[str] = page.evaluate(_MEASURE, tolerance)
    return problems
