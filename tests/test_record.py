"""Records: round trip, and one clear error for every kind of bad file."""
import json
import zipfile

import numpy as np
import pytest

from ntkanim.config import GDConfig
from ntkanim.cache import cached_simulate, entry_path
from ntkanim.experiments import EXPERIMENTS, config_from_dict
from ntkanim.record import Record, RecordError, load

from conftest import tiny_config


def test_round_trip(tmp_path, tiny_record):
    path = tiny_record.save(tmp_path / "run.npz")
    back = load(path, EXPERIMENTS["gd-ensemble"].arrays)
    assert back.meta == json.loads(json.dumps(tiny_record.meta))
    for name, arr in tiny_record.arrays.items():
        np.testing.assert_array_equal(back[name], arr)
    assert config_from_dict(GDConfig, back.config) == tiny_config()
    assert back.meta["versions"]["ntkanim"]
    assert (path.stat().st_mode & 0o777) != 0o600  # shareable, not mkstemp's private mode


def test_missing_file(tmp_path):
    with pytest.raises(RecordError, match="no such file"):
        load(tmp_path / "nope.npz")


def test_corrupt_file(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"this is not a zip file")
    with pytest.raises(RecordError, match="not a readable ntkanim record"):
        load(bad)


def test_other_schema_and_missing_arrays(tmp_path, tiny_record):
    meta = dict(tiny_record.meta, schema=99)
    path = Record(tiny_record.arrays, meta).save(tmp_path / "v99.npz")
    with pytest.raises(RecordError, match="schema 99"):
        load(path)
    arrays = {k: v for k, v in tiny_record.arrays.items() if k != "ntk"}
    path = Record(arrays, tiny_record.meta).save(tmp_path / "partial.npz")
    with pytest.raises(RecordError, match="missing array.*ntk"):
        load(path, ("y", "ntk"))


def test_pickled_arrays_are_refused(tmp_path):
    path = tmp_path / "pickle.npz"
    np.savez(path, meta=np.array(json.dumps({"schema": 1})), evil=np.array([object()], dtype=object))
    with pytest.raises(RecordError):
        load(path)


def test_no_meta(tmp_path):
    path = tmp_path / "plain.npz"
    np.savez(path, y=np.zeros(3))
    with pytest.raises(RecordError, match="no 'meta'"):
        load(path)


def test_cache_hit_and_corrupt_entry_recomputed(isolated_cache):
    config = tiny_config()
    first, path, hit = cached_simulate(config, "ellipses")
    assert path == entry_path(config) and not hit
    again, _, hit = cached_simulate(config, "ellipses")
    assert hit
    np.testing.assert_array_equal(first["y"], again["y"])
    with zipfile.ZipFile(path, "w") as z:  # truncate to a valid but empty zip
        z.writestr("junk", b"")
    third, _, hit = cached_simulate(config, "ellipses")
    assert not hit
    np.testing.assert_array_equal(first["y"], third["y"])
    assert cached_simulate(config, "ellipses")[2]  # and the entry was replaced
