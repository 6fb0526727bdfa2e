import os
import stat

from leakwarden.privacy import Hasher, load_hash_key, mask


def test_mask_keeps_shape_not_content():
    assert mask("110101199003074513") == "1101**********4513"
    assert mask("abc") == "***"
    m = mask("john.smith@example.com")
    assert "smith" not in m and len(m) == len("john.smith@example.com")
    assert mask([0.1] * 512) == "<vector of 512 numbers>"
    assert mask({"lat": 1, "lon": 2}) == "<geo point>"
    assert mask("x" * 1000) == "<text of 1000 characters>"
    assert mask(float("nan")) == "<number>"


def test_hash_key_created_0600_and_stable(tmp_path):
    p = tmp_path / "sub" / "hash.key"
    k1 = load_hash_key(p)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o600
    assert load_hash_key(p) == k1 and len(k1) == 32


def test_keyed_hash_depends_on_key_and_normalises():
    a, b = Hasher(b"k" * 32), Hasher(b"j" * 32)
    assert a.hexdigest("Alice ") == a.hexdigest("alice")
    assert a.hexdigest("alice") != b.hexdigest("alice")
    assert isinstance(a.int64(123), int)
