"""The publish's copy of the built warehouse: the same bytes, whether written directly to the disk or
through the page cache, and a failure other than a refusal of direct I/O is not hidden."""

import errno
import os

import pytest

from orchestration import publish


@pytest.mark.parametrize("size", [0, 4096, 10 * 4096 + 123, (8 << 20) + 5])
def test_the_copy_has_the_bytes_of_the_original(tmp_path, size):
    """Sizes around the copy's blocks: none, one block, a piece of a block at the end, past one chunk."""
    src = tmp_path / "built.duckdb"
    src.write_bytes(os.urandom(size))
    publish.copy_durably(src, tmp_path / "copy.duckdb")
    assert (tmp_path / "copy.duckdb").read_bytes() == src.read_bytes()


def test_where_direct_io_is_refused_the_copy_goes_through_the_page_cache(tmp_path, monkeypatch):
    def refused(src, dst):
        dst.write_bytes(b"half")  # what a first attempt left before the filesystem refused it
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(publish, "_copy_direct", refused)
    src = tmp_path / "built.duckdb"
    src.write_bytes(os.urandom(3 * 4096 + 7))
    publish.copy_durably(src, tmp_path / "copy.duckdb")
    assert (tmp_path / "copy.duckdb").read_bytes() == src.read_bytes()


def test_a_full_disk_fails_the_copy(tmp_path, monkeypatch):
    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish, "_copy_direct", full)
    (tmp_path / "built.duckdb").write_bytes(b"x" * 10)
    with pytest.raises(OSError, match="No space"):
        publish.copy_durably(tmp_path / "built.duckdb", tmp_path / "copy.duckdb")
