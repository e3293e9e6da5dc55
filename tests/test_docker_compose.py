"""docker-compose.yml describes the scaled deployment and is accepted by `docker compose config`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"
# What production must be given (web/config.check); compose refuses to start without each.
PRODUCTION_VARIABLES = {
    "SECRET_KEY": "s" * 64,
    "SMS_HASH_SECRET": "h" * 64,
    "RASA_TOKEN": "r" * 64,
    "PUBLIC_URL": "https://help.example.org",
    "CHAT_ALLOWED_ORIGINS": "https://www.example.gov.uk",
    "POSTGRES_PASSWORD": "p" * 32,
}


def _compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def test_the_deployment_has_web_bot_actions_postgres_and_redis_with_consistent_dependencies():
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert {"web", "bot", "actions", "postgres", "redis"} <= set(services)
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown service {dependency}"
    assert "postgresql" in services["web"]["environment"]["DATABASE_URL"]
    for name, service in services.items():
        build = service.get("build")
        if build:
            assert (COMPOSE.parent / build["dockerfile"]).is_file(), f"{name}: missing {build['dockerfile']}"


def test_docker_compose_config_accepts_the_file():
    command = _compose_command()
    if command is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed on this machine")
    env = {**PRODUCTION_VARIABLES, "PATH": "/usr/bin:/bin:/usr/local/bin"}
    result = subprocess.run(
        [*command, "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr


def _duplicate_keys(node: yaml.Node, path: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen and key.value != "<<":
                found.append(f"{path}/{key.value}")
            seen.add(key.value)
            found += _duplicate_keys(value, f"{path}/{key.value}")
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += _duplicate_keys(item, path)
    return found


def test_no_key_is_written_twice_because_yaml_loaders_silently_keep_only_the_last():
    assert _duplicate_keys(yaml.compose(COMPOSE.read_text())) == []


def test_the_daily_jobs_run_the_reminders_the_purge_of_archived_listings_and_the_sms_purge():
    command = " ".join(yaml.safe_load(COMPOSE.read_text())["services"]["jobs"]["command"])
    for job in (
        "directory send-reminders",
        "directory purge-archived",
        "portal purge-unconfirmed",
        "portal send-moderation-digest",
        "sms purge",
    ):
        assert job in command


def test_every_production_setting_is_required_so_compose_refuses_to_start_without_it():
    text = COMPOSE.read_text()
    for name in PRODUCTION_VARIABLES:
        assert f"${{{name}:?" in text, f"{name} has a default or is missing"
    assert "change-me" not in text
    app = yaml.safe_load(text)["services"]["web"]["environment"]
    assert app["AROUND_HERE_ENV"] == "production"


def test_only_the_web_service_is_published_and_the_assistant_is_internal():
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert [name for name, service in services.items() if service.get("ports")] == ["web"]
    assert spec["networks"]["internal"]["internal"] is True
    for name in ("bot", "actions", "postgres", "redis"):
        assert services[name]["networks"] == ["internal"], name
    bot = " ".join(services["bot"]["command"])
    assert "--enable-api" in bot and "--auth-token ${RASA_TOKEN:?" in bot


def test_the_assistant_scales_and_the_relay_spreads_conversations_over_every_instance():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in ("bot", "actions"):  # `--scale bot=N --scale actions=N`: nothing tied to one container
        assert "container_name" not in services[name] and not services[name].get("ports"), name
    assert "endpoints.scaled.yml" in services["bot"]["command"]
    environment = services["web"]["environment"]
    assert environment["RASA_URL"] == "http://bot:5005"
    assert environment["RASA_RESOLVE_HOSTS"] == "1"


def test_the_assistants_conversations_are_purged_daily_after_the_retention_period():
    purge = yaml.safe_load(COMPOSE.read_text())["services"]["tracker-purge"]
    assert "scripts/purge_trackers.py" in " ".join(purge["command"])
    assert purge["environment"]["DB_URL"].startswith("postgresql://")
    assert purge["environment"]["TRACKER_RETENTION_DAYS"] == "${TRACKER_RETENTION_DAYS:-1}"


def test_the_actions_search_through_a_directory_api_of_their_own_not_the_public_web_service():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert services["actions"]["environment"]["DIRECTORY_API_URL"] == "http://api:8000/api"
    api = services["api"]
    assert "web.wsgi:app" in api["command"] and not api.get("ports")
    assert "api" in api["environment"]["ALLOWED_HOSTS"].split(",")
