"""Files are written atomically, and a picture's resolution is asked for clearly (dpi= or scale=)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import require
from viz_helpers import RENDERER_NAMES, locate

import viz
from autograd import Value
from nn import _files as files
from nn._files import write_atomically
from viz.render.saving import picture_bytes, resolution


def test_write_atomically_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "folder" / "graph.svg"
    assert write_atomically(target, "<svg/>", make_folders=True) == target
    assert target.read_text() == "<svg/>"
    write_atomically(target, b"\x89PNG")
    assert target.read_bytes() == b"\x89PNG"
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.svg"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.svg"
    target.write_text("old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.svg"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and links")
def test_permissions_and_links(tmp_path: Path) -> None:
    fresh = write_atomically(tmp_path / "fresh.svg", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask  # not the 0o600 of a temporary file
    shared = tmp_path / "shared.svg"
    shared.write_text("old")
    shared.chmod(0o640)
    write_atomically(shared, "new")
    assert shared.stat().st_mode & 0o777 == 0o640
    link = tmp_path / "link.svg"
    link.symlink_to(shared)
    write_atomically(link, "through the link")
    assert link.is_symlink() and shared.read_text() == "through the link"
    with pytest.raises(IsADirectoryError, match="folder"):
        write_atomically(tmp_path, "x")


def test_resolution_options() -> None:
    assert resolution() is None
    assert resolution(dpi=300) == 300.0
    assert resolution(scale=2) == 192.0
    for bad in ({"dpi": 0}, {"scale": -1}, {"dpi": float("nan")}, {"scale": True}, {"dpi": "300"}):
        with pytest.raises(ValueError, match="positive number"):
            resolution(**bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not both"):
        resolution(dpi=300, scale=2)
    for fmt in ("svg", "pdf", "tex", "dot"):
        with pytest.raises(ValueError, match="dpi= and scale= set the pixels of a PNG"):
            picture_bytes("digraph { a }", fmt, scale=2)


def test_scale_multiplies_the_pixels(tmp_path: Path) -> None:
    import matplotlib.image

    require(any(locate(name) for name in RENDERER_NAMES), "a Graphviz renderer")
    a = Value(2.0, label="a")
    out = a.tanh()
    normal = matplotlib.image.imread(viz.save(out, tmp_path / "normal.png"))
    sharp = matplotlib.image.imread(viz.save(out, tmp_path / "sharp.png", scale=3))
    assert sharp.shape[1] == pytest.approx(3 * normal.shape[1], rel=0.05)
    assert sharp.shape[0] == pytest.approx(3 * normal.shape[0], rel=0.05)
