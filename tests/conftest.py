"""Shared fixtures: an isolated cache, tiny configs, and a tiny ellipses record."""
import pytest

from ntkanim.config import GDConfig, MLPConfig
from ntkanim.experiments import simulate

TINY = dict(width=16, steps=60, frames=12)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NTKANIM_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def tiny_config(**kw) -> GDConfig:
    base = dict(model=MLPConfig(width=TINY["width"]), alpha=(0.5, 5.0), seeds=(0, 1),
                steps=TINY["steps"], frames=TINY["frames"], lr=1e-3)
    base.update(kw)
    return GDConfig(**base)


@pytest.fixture(scope="session")
def tiny_record():
    return simulate(tiny_config(), "ellipses")
