"""Simulations cached by a hash of their config, so a re-render never retrains.

Entries live in ``$NTKANIM_CACHE`` (default ``$XDG_CACHE_HOME/ntkanim`` or ``~/.cache/ntkanim``)
as ordinary records named ``<experiment>-<hash>.npz``.  An entry that does not load, or whose
config differs from the one asked for, is recomputed and replaced, never trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import __version__
from .experiments import config_to_dict, experiment_of, simulate
from .record import SCHEMA_VERSION, Record, RecordError, load


def cache_dir() -> Path:
    if os.environ.get("NTKANIM_CACHE"):
        return Path(os.environ["NTKANIM_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ntkanim"


def config_hash(config, device: str = "cpu") -> str:
    """16 hex digits identifying what a simulation computes (config, device, versions)."""
    blob = json.dumps({"experiment": experiment_of(config).name, "config": config_to_dict(config),
                       "device": device, "schema": SCHEMA_VERSION, "ntkanim": __version__},
                      sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def entry_path(config, device: str = "cpu") -> Path:
    return cache_dir() / f"{experiment_of(config).name}-{config_hash(config, device)}.npz"


def cached_simulate(config, scene: str, device: str = "cpu", progress=None,
                    use_cache: bool = True) -> tuple[Record, Path | None, bool]:
    """(record, cache path or None, whether it came from the cache)."""
    if not use_cache:
        return simulate(config, scene, device, progress), None, False
    path = entry_path(config, device)
    exp = experiment_of(config)
    if path.exists():
        try:
            record = load(path, exp.arrays)
            if record.config == json.loads(json.dumps(config_to_dict(config))):
                return record, path, True
        except RecordError:
            pass  # corrupt or stale: recompute below
    record = simulate(config, scene, device, progress)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        record.save(path)
    except OSError:
        return record, None, False  # an unwritable cache only costs speed
    return record, path, False
