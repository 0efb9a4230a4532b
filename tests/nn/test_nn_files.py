"""The one writer of every file: atomic, through symlinks, keeping modes, and clear about failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograd import Value
from nn._files import write_atomically

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and links")


def test_text_that_cannot_be_stored_leaves_the_old_file_and_says_where(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("the old page")
    with pytest.raises(ValueError, match=r"U\+D800 .*label.*Nothing was written") as info:
        write_atomically(target, "<p>label a\ud800b</p>")
    assert r"a\ud800b" in str(info.value)
    assert target.read_text() == "the old page" and os.listdir(tmp_path) == ["page.html"]


def test_a_failed_step_page_leaves_the_old_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import viz

    page = tmp_path / "steps.html"
    a = Value(2.0, label="a")
    viz.step_through(a * a).save_html(page)
    before = page.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    b = Value(3.0, label="lone \udc80 surrogate")  # stored as its visible escape, no longer a failure
    with pytest.raises(OSError, match="No space"):
        viz.step_through(b * b).save_html(page)
    assert page.read_bytes() == before and len(before) > 0
    assert os.listdir(tmp_path) == ["steps.html"]


@posix_only
def test_chains_and_dangling_links_are_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    middle = tmp_path / "middle.svg"
    link = tmp_path / "link.svg"
    middle.symlink_to(real)  # dangling: real does not exist yet
    link.symlink_to(middle)
    assert write_atomically(link, "first") == link
    assert real.read_text() == "first" and link.is_symlink() and middle.is_symlink()
    write_atomically(link, "second")
    assert real.read_text() == "second"


@posix_only
def test_modes_are_kept_even_unusual_ones(tmp_path: Path) -> None:
    target = tmp_path / "shared.json"
    target.write_text("old")
    for mode in (0o600, 0o664, 0o444):
        target.chmod(mode)
        write_atomically(target, f"mode {mode:o}")
        assert target.stat().st_mode & 0o777 == mode and target.read_text() == f"mode {mode:o}"


def test_missing_folders_are_refused_or_created_on_request(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"the folder .*missing does not exist"):
        write_atomically(tmp_path / "missing" / "x.svg", "x")
    assert not (tmp_path / "missing").exists()
    write_atomically(tmp_path / "made" / "deep" / "x.svg", "x", make_folders=True)
    assert (tmp_path / "made" / "deep" / "x.svg").read_text() == "x"


@posix_only
def test_a_device_or_pipe_is_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.svg"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        write_atomically(pipe, "x")
    assert pipe.exists() and not pipe.is_file()


def test_an_error_while_writing_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "m.json"
    target.write_text("old")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["m.json"]


@posix_only
def test_a_read_only_file_is_refused_as_open_would_refuse_it(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write any file")
    target = tmp_path / "kept.json"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only"):
        write_atomically(target, "new")
    assert target.read_text() == "old"


@posix_only
def test_root_keeps_the_owner_of_a_students_file(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    target = tmp_path / "student.svg"
    target.write_text("old")
    os.chown(target, 1234, 1234)
    write_atomically(target, "new")
    assert (target.stat().st_uid, target.stat().st_gid) == (1234, 1234) and target.read_text() == "new"
