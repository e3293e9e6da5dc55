"""Configuration: production refuses to start unsafe; development shares one set of secrets."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

import pytest

from web import create_app
from web.config import Config, ConfigurationError, check
from web.local_secrets import FILE_NAME

STRONG = "a" * 64
PRODUCTION = {
    "AROUND_HERE_ENV": "production",
    "SECRET_KEY": STRONG,
    "RASA_TOKEN": "b" * 64,
    "PUBLIC_URL": "https://help.example.org",
    "CHAT_ALLOWED_ORIGINS": "https://www.example.gov.uk",
}


def _problem(env: dict[str, str]) -> str:
    with pytest.raises(ConfigurationError) as caught:
        check(vars(Config(env)))
    return str(caught.value)


def test_a_complete_production_configuration_starts():
    check(vars(Config(PRODUCTION)))


@pytest.mark.parametrize("missing", ["SECRET_KEY", "RASA_TOKEN", "PUBLIC_URL", "CHAT_ALLOWED_ORIGINS"])
def test_production_refuses_to_start_naming_each_missing_setting(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    assert missing in _problem(env)


def test_production_names_every_missing_setting_at_once():
    message = _problem({"AROUND_HERE_ENV": "production"})
    for name in ("SECRET_KEY", "RASA_TOKEN", "PUBLIC_URL", "CHAT_ALLOWED_ORIGINS"):
        assert name in message


def test_an_unset_environment_is_production_so_a_forgetful_deployment_fails_closed():
    assert Config({}).AROUND_HERE_ENV == "production"
    assert "SECRET_KEY" in _problem({})


def test_create_app_refuses_an_unsafe_production_configuration():
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(Config({"AROUND_HERE_ENV": "production"}))


def test_a_short_secret_is_refused_in_production():
    assert "SECRET_KEY" in _problem({**PRODUCTION, "SECRET_KEY": "changeme"})


def test_sms_in_production_needs_its_own_hash_secret():
    env = {**PRODUCTION, "TWILIO_AUTH_TOKEN": "twilio"}
    assert "SMS_HASH_SECRET" in _problem(env)
    check(vars(Config({**env, "SMS_HASH_SECRET": "c" * 64})))


def test_the_sms_hash_secret_never_falls_back_to_the_session_key():
    assert Config({**PRODUCTION, "TWILIO_AUTH_TOKEN": "twilio"}).SMS_HASH_SECRET == ""


def test_a_public_url_that_is_not_an_address_is_refused():
    assert "PUBLIC_URL" in _problem({**PRODUCTION, "PUBLIC_URL": "help.example.org"})


def test_an_unknown_environment_name_is_refused():
    with pytest.raises(ConfigurationError, match="AROUND_HERE_ENV"):
        check(vars(Config({**PRODUCTION, "AROUND_HERE_ENV": "staging"})))


def test_production_defaults_are_the_safe_ones():
    config = Config({**PRODUCTION, "SMS_SIMULATOR": "1", "CHAT_ALLOWED_ORIGINS": ""})
    assert config.SESSION_COOKIE_SECURE is True
    assert config.SMS_SIMULATOR is False
    assert config.CHAT_ALLOWED_ORIGINS == []  # no localhost origins; check() then refuses to start
    assert config.MAX_CONTENT_LENGTH == 1024 * 1024


def test_production_may_switch_the_secure_cookie_off_only_by_saying_so():
    assert Config({**PRODUCTION, "SESSION_COOKIE_SECURE": "0"}).SESSION_COOKIE_SECURE is False


def test_development_defaults_allow_local_pages_and_plain_http(tmp_path):
    config = Config({"AROUND_HERE_ENV": "development", "AROUND_HERE_VAR": str(tmp_path)})
    assert config.SESSION_COOKIE_SECURE is False
    assert "http://localhost:*" in config.CHAT_ALLOWED_ORIGINS
    assert config.PUBLIC_URL == "http://127.0.0.1:8000"
    check(vars(config))


def test_development_processes_share_one_set_of_secrets_kept_private(tmp_path):
    env = {"AROUND_HERE_ENV": "development", "AROUND_HERE_VAR": str(tmp_path)}
    first, second = Config(env), Config(env)
    assert len(first.SECRET_KEY) >= 64
    assert (first.SECRET_KEY, first.SMS_HASH_SECRET, first.RASA_TOKEN) == (
        second.SECRET_KEY,
        second.SMS_HASH_SECRET,
        second.RASA_TOKEN,
    )
    assert first.SMS_HASH_SECRET != first.SECRET_KEY
    mode = stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode)
    assert mode == 0o600


def test_secrets_set_in_the_environment_win_over_the_file(tmp_path):
    env = {"AROUND_HERE_ENV": "development", "AROUND_HERE_VAR": str(tmp_path), "SECRET_KEY": STRONG}
    assert Config(env).SECRET_KEY == STRONG
    assert Config(env).SMS_HASH_SECRET  # the others still come from the file


def _secret_in_a_new_process(var_dir: str, queue: multiprocessing.Queue) -> None:
    queue.put(Config({"AROUND_HERE_ENV": "development", "AROUND_HERE_VAR": var_dir}).SECRET_KEY)


def test_processes_starting_together_agree_on_the_secret(tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [context.Process(target=_secret_in_a_new_process, args=(str(tmp_path), queue)) for _ in range(6)]
    for process in processes:
        process.start()
    keys = {queue.get(timeout=60) for _ in processes}
    for process in processes:
        process.join(timeout=30)
    assert len(keys) == 1
