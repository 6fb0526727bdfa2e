"""Detection config files: YAML and TOML, custom detectors, errors."""

from __future__ import annotations

import pytest

from leakwarden.detect.config import ConfigError, CustomDetector, DetectConfig


def test_toml_config(tmp_path):
    p = tmp_path / "d.toml"
    p.write_text('threshold = 0.6\nregions = ["de"]\n[[custom_detectors]]\nid = "acme.card"\ncategory = "financial.card"\nregex = \'\\d{16}\'\nvalidator = "luhn"\n[allow]\npaths = ["audit.*"]\n')
    cfg = DetectConfig.from_file(p)
    assert cfg.threshold == 0.6 and cfg.regions == ["DE"]
    det = cfg.custom_detectors[0]
    assert det.match("4111111111111111") and not det.match("4111111111111112")
    assert cfg.path_allowed("audit.user") and not cfg.path_allowed("user")


def test_stdnum_validator():
    det = CustomDetector({"id": "x.ric", "category": "person.government_id", "regex": r"\d{17}[\dX]", "validator": "cn.ric"})
    assert det.match("11010519491231002X") and not det.match("110105194912310021")


@pytest.mark.parametrize(
    "spec,message",
    [
        ({"id": "a", "category": "nope", "regex": "x"}, "unknown category"),
        ({"id": "a", "category": "person.name", "regex": "("}, "invalid regex"),
        ({"id": "a", "category": "person.name", "regex": "x", "validator": "no.such_module"}, "unknown validator"),
        ({"category": "person.name", "regex": "x"}, "missing key"),
    ],
)
def test_bad_custom_detectors(spec, message):
    with pytest.raises(ConfigError, match=message):
        DetectConfig.from_dict({"custom_detectors": [spec]})


def test_bad_threshold_and_file(tmp_path):
    with pytest.raises(ConfigError):
        DetectConfig.from_dict({"threshold": 1.5})
    with pytest.raises(ConfigError, match="cannot read"):
        DetectConfig.from_file(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="mapping"):
        DetectConfig.from_file(bad)
