"""streamlit_app.py: the navigation opens on the Chat page; the server config stays on loopback."""

import tomllib

from streamlit.testing.v1 import AppTest

from caselearn.settings import PROJECT_ROOT


def test_app_entry_opens_on_chat(app_env):
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Ask the reviews"
    assert at.chat_input, "the chat is ready for a question"


def test_app_entry_server_config_is_local_and_private():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["headless"] is True
    assert config["server"]["maxUploadSize"] == 25
    assert config["browser"]["gatherUsageStats"] is False
