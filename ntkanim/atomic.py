"""Atomic file output: write to a hidden temporary file beside the target, then rename.

An exception (or Ctrl-C) while writing removes the temporary file, so a reader never sees a
half-written record or movie.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class AtomicFile:
    """``tmp`` is the path to write; ``commit()`` renames it to ``path``, ``discard()`` deletes it."""

    def __init__(self, path: str | os.PathLike, suffix: str = ""):
        self.path = Path(path)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.",
                                   suffix=".part" + suffix)
        os.close(fd)
        self.tmp = Path(tmp)

    def commit(self) -> Path:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(self.tmp, 0o666 & ~mask)  # mkstemp makes 0600; a movie is for sharing
        os.replace(self.tmp, self.path)
        return self.path

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)
