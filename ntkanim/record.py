"""Records: the ``.npz`` files that carry a simulation from the engine to the scenes.

A record is named numpy arrays plus a ``meta`` entry, a JSON string::

    {"schema": 1, "experiment": "gd-ensemble", "scene": "ellipses",
     "config": {...the engine config, verbatim...},
     "versions": {"ntkanim": ..., "torch": ..., "numpy": ...}}

Files are written with ``np.savez_compressed`` (atomically: temp file, then rename) and read
with ``allow_pickle=False``: a record is data and can never run code.
"""
from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .atomic import AtomicFile

SCHEMA_VERSION = 1


class RecordError(ValueError):
    """A file is not a usable record; the message names the file and the problem."""


@dataclass
class Record:
    """Arrays by their public names, and the meta dictionary."""

    arrays: dict[str, np.ndarray]
    meta: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def __contains__(self, name: str) -> bool:
        return name in self.arrays

    @property
    def config(self) -> dict:
        return self.meta.get("config", {})

    def save(self, path: str | os.PathLike) -> Path:
        """Write atomically to ``path``; returns it."""
        meta = np.array(json.dumps(self.meta, sort_keys=True))
        target = AtomicFile(path)
        try:
            with open(target.tmp, "wb") as fh:
                np.savez_compressed(fh, meta=meta, **self.arrays)
            return target.commit()
        except BaseException:
            target.discard()
            raise


def load(path: str | os.PathLike, required: tuple[str, ...] = ()) -> Record:
    """Read and check a record: RecordError names the file and what is wrong with it."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordError(f"{path}: is a directory, not a record") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as err:
        raise RecordError(f"{path}: not a readable ntkanim record ({_short(err)})") from None
    if "meta" not in arrays:
        raise RecordError(f"{path}: not an ntkanim record (no 'meta' entry)")
    try:
        meta = json.loads(str(arrays.pop("meta")))
    except (ValueError, TypeError):
        raise RecordError(f"{path}: the 'meta' entry is not valid JSON") from None
    if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
        found = meta.get("schema") if isinstance(meta, dict) else None
        raise RecordError(f"{path}: record schema {found!r}, this ntkanim reads schema "
                          f"{SCHEMA_VERSION}; simulate it again")
    missing = [name for name in required if name not in arrays]
    if missing:
        raise RecordError(f"{path}: record is missing array(s) {', '.join(missing)}")
    return Record(arrays, meta)


def _short(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:120]
