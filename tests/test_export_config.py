"""The [exports] section of the configuration."""

from __future__ import annotations

import pytest

from stadstafel.config import parse_config, show
from stadstafel.errors import ConfigError


def test_exports_section_defaults_paths_and_checks(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path)}
    plain = parse_config("", tmp_path / "c.toml", env)
    assert plain.exports == {"base_url": None, "odt_template": None, "open_data_names": False}
    c = parse_config(
        '[exports]\nbase_url = "https://tafels.example.nl"\nodt_template = "huisstijl.ott"\n'
        "open_data_names = true\n",
        tmp_path / "c.toml",
        env,
    )
    assert c.exports["odt_template"] == tmp_path / "huisstijl.ott"
    assert c.exports["open_data_names"] is True
    assert show(c)["exports"]["odt_template"] == str(tmp_path / "huisstijl.ott")
    with pytest.raises(ConfigError) as info:
        parse_config('[exports]\nbase_url = "tafels.example.nl"\n', tmp_path / "c.toml", env)
    assert "exports.base_url" in str(info.value)
    with pytest.raises(ConfigError):
        parse_config("[exports]\nopen_data_name = true\n", tmp_path / "c.toml", env)
