"""Settings: defaults, environment overrides, and one-line errors that name the key."""
import subprocess
import sys

import pytest

from bot import config as configuration
from bot.config import EVERYONE
from index.errors import ConfigError
from tests.conftest import REPO


def test_the_shipped_config_file_loads_with_the_documented_defaults():
    config = configuration.load(REPO / "config.yaml", environ={})
    assert config.embedding.model == "builtin:multilingual-e5-small"
    assert config.embedding.query_prefix == "query: "
    assert config.telegram.base_url == "https://api.telegram.org/bot"
    assert config.access.askers == EVERYONE
    assert config.data_dir == (REPO / "data").resolve()


def test_the_shipped_config_file_lists_every_setting():
    import yaml

    written = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    defaults = configuration.Config()
    for section, values in written.items():
        declared = {f for f in vars(getattr(defaults, section))}
        assert set(values) == declared, section


def test_environment_variables_override_the_file(tmp_path):
    environ = {"QAWL_ACCESS__ADMINS": "[4242, 7]", "QAWL_ACCESS__CONTRIBUTORS": "everyone",
               "QAWL_SEARCH__PASSAGES": "8", "TELEGRAM_BOT_TOKEN": "123:secret",
               "QAWL_TELEGRAM__WEBHOOK__PORT": "9000"}
    config = configuration.load(REPO / "config.yaml", environ=environ)
    assert config.access.admins == [4242, 7]
    assert config.access.contributors == EVERYONE
    assert config.search.passages == 8
    assert config.telegram.token == "123:secret"
    assert config.telegram.webhook.port == 9000


def test_the_search_index_is_chosen_in_one_place_from_index_backend(tmp_path):
    from bot import wiring
    from index.local_index import LocalIndex
    from index.milvus_index import MilvusIndex

    local = configuration.load(REPO / "config.yaml", data_dir=str(tmp_path), environ={})
    assert local.index.backend == "local" and wiring.search_index(local).func is LocalIndex
    lite = configuration.load(REPO / "config.yaml", data_dir=str(tmp_path), environ={"QAWL_INDEX__BACKEND": "milvus"})
    chosen = wiring.search_index(lite)
    assert chosen.func is MilvusIndex and chosen.keywords["settings"].uri == str(tmp_path.resolve() / "milvus.db")
    server = configuration.load(REPO / "config.yaml", environ={"QAWL_INDEX__BACKEND": "milvus",
                                                               "QAWL_MILVUS__URI": "http://milvus:19530"})
    assert wiring.search_index(server).keywords["settings"].uri == "http://milvus:19530"


def test_data_dir_option_wins_over_storage_path(tmp_path):
    config = configuration.load(REPO / "config.yaml", data_dir=str(tmp_path), environ={})
    assert config.data_dir == tmp_path.resolve()


@pytest.mark.parametrize("text, key", [
    ("search:\n  passages: many\n", "search.passages"),
    ("search:\n  pasages: 3\n", "search.pasages"),
    ("vectors:\n  kind: fuzzy\n", "vectors.kind"),
    ("access:\n  admins: everyone\n", "access.admins"),
    ("limits:\n  max_file_mb: -1\n", "limits.max_file_mb"),
    ("colours: {}\n", "colours"),
    ("index:\n  backend: elastic\n", "index.backend"),
    ("milvus:\n  uri: milvus\n", "milvus.uri"),
    ("milvus:\n  collection: ' '\n", "milvus.collection"),
])
def test_a_wrong_setting_is_refused_naming_the_key(tmp_path, text, key):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        configuration.load(path, environ={})


def test_a_wrong_environment_value_is_refused_naming_the_key():
    with pytest.raises(ConfigError, match=r"search\.candidates"):
        configuration.load(REPO / "config.yaml", environ={"QAWL_SEARCH__CANDIDATES": "lots"})


def test_the_command_line_reports_a_bad_setting_in_one_line_and_exits_non_zero(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("search:\n  passages: many\n")
    done = subprocess.run([sys.executable, "-m", "bot", "--config", str(path), "stats"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "search.passages" in done.stderr and "Traceback" not in done.stderr


def test_channels_to_follow_are_named_by_id_or_username(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("follow: {channels: [-1001234567890, '@libya_news']}\n", encoding="utf-8")
    assert configuration.load(config, environ={}).follow.channels == [-1001234567890, "@libya_news"]
    for wrong in ("libya_news", "'@ab'", "true"):
        config.write_text(f"follow: {{channels: [{wrong}]}}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="follow.channels"):
            configuration.load(config, environ={})
