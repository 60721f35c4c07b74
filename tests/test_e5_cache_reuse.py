"""An earlier states cache is found by text key, so a round added to the rows costs only its own texts."""

import numpy as np

from training import e5_cache


def _shard(path, texts, width=3):
    keys = np.frombuffer(b"".join(e5_cache.text_key(t) for t in texts), dtype="S12")
    lengths = np.array([len(t) for t in texts], dtype=np.int32)
    states = np.concatenate([np.full((n, width), i, np.float16) for i, n in enumerate(lengths)])
    ids = np.concatenate([np.arange(n, dtype=np.int32) + 100 * i for i, n in enumerate(lengths)])
    np.savez(path, keys=keys, lengths=lengths, ids=ids, states=states)
    return keys


def test_texts_are_found_across_shards_by_key(tmp_path):
    _shard(tmp_path / "shard0000.npz", ["ab", "cdef"])
    _shard(tmp_path / "shard0001.npz", ["g", "hij"])
    (tmp_path / "shard0002.tmp.npz").write_bytes(b"a half-written shard is not read")
    earlier = e5_cache.Earlier(tmp_path)
    wanted = np.frombuffer(b"".join(e5_cache.text_key(t) for t in ["new text", "hij", "cdef"]), dtype="S12")
    found = earlier.take(wanted)
    assert sorted(found) == [1, 2]                  # "new text" must be computed
    states, ids = found[1]                          # "hij": second text of the second shard
    assert states.shape == (3, 3) and float(states[0, 0]) == 1.0
    assert ids.tolist() == [100, 101, 102]
    states, ids = found[2]                          # "cdef": second text of the first shard
    assert states.shape == (4, 3) and ids.tolist() == [100, 101, 102, 103]


def test_an_empty_or_missing_folder_finds_nothing(tmp_path):
    wanted = np.frombuffer(e5_cache.text_key("x"), dtype="S12")
    assert e5_cache.Earlier(tmp_path).take(wanted) == {}
