"""The deployment files, checked without a container engine: they parse, their entrypoints
import as the flows they name, and the compose services and their environment agree."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from prefect import Flow
from prefect.client.schemas.objects import ConcurrencyLimitStrategy
from prefect.client.schemas.schedules import CronSchedule

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _yaml(name: str) -> Any:
    return yaml.safe_load((DEPLOY / name).read_text("utf8"))


@pytest.mark.parametrize(
    "deployment", _yaml("prefect.yaml")["deployments"], ids=lambda d: d["name"]
)
def test_prefect_yaml_entrypoints_are_the_flows(deployment: dict[str, Any]) -> None:
    path, func = deployment["entrypoint"].split(":")
    assert (ROOT / path).is_file()
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    flow = getattr(module, func)
    assert isinstance(flow, Flow) and flow.name == deployment["name"]
    assert deployment["work_pool"]["name"] == "newswatch"
    for schedule in deployment.get("schedules", []):
        CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])  # validates
    if "concurrency_limit" in deployment:
        limit = deployment["concurrency_limit"]
        assert limit["limit"] == 1
        ConcurrencyLimitStrategy(limit["collision_strategy"])


def test_prefect_yaml_backfill_parameters_exist() -> None:
    from flows.backfill import backfill

    (dep,) = [d for d in _yaml("prefect.yaml")["deployments"] if d["name"] == "backfill"]
    assert set(dep["parameters"]) <= set(backfill.parameters.properties)


def test_prefect_toml_is_read_by_prefect() -> None:
    code = (
        "import json; from prefect.settings import get_current_settings as g; s = g(); "
        "print(json.dumps([s.server.services.task_run_recorder.batch_size, "
        "s.server.services.db_vacuum.retention_period.days, s.results.persist_by_default]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=DEPLOY, capture_output=True,
                         text=True, check=True, timeout=120)  # fmt: skip
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [100, 30, False]
    assert tomllib.loads((DEPLOY / "prefect.toml").read_text("utf8"))


def test_compose_services_and_environment_agree() -> None:
    compose = _yaml("compose.yaml")
    services = compose["services"]
    assert set(services) == {"postgres", "prefect-server", "deploy", "worker"}
    pg = services["postgres"]["environment"]
    server_cmd = services["prefect-server"]["command"]
    port = re.search(r"--port (\d+)", server_cmd)
    assert port is not None
    for name in ("deploy", "worker"):
        env = services[name]["environment"]
        api = urlsplit(env["PREFECT_API_URL"])
        assert (api.hostname, api.port) == ("prefect-server", int(port.group(1)))
        db = urlsplit(env["NEWSWATCH_DATABASE_URL"])
        assert db.hostname == "postgres" and db.username == pg["POSTGRES_USER"]
        assert db.password == pg["POSTGRES_PASSWORD"] and db.path == f"/{pg['POSTGRES_DB']}"
        build = services[name]["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    prefect_db = urlsplit(
        services["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    )
    assert prefect_db.hostname == "postgres" and prefect_db.username == pg["POSTGRES_USER"]
    init = (DEPLOY / "initdb" / "10-prefect.sql").read_text("utf8")
    assert f"CREATE DATABASE {prefect_db.path.strip('/')}" in init
    worker = services["worker"]["command"]
    assert "--pool newswatch" in worker
    assert "deploy/prefect.yaml" in services["deploy"]["command"]
    for dep in services.values():
        for cond in dep.get("depends_on") or {}:
            assert cond in services


def test_dockerfile_copies_what_exists_and_serves() -> None:
    text = (DEPLOY / "Dockerfile").read_text("utf8")
    for line in text.splitlines():
        if line.startswith("COPY "):
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), src
    base = re.search(r"FROM python:(\d+\.\d+)", text)
    assert base is not None
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text("utf8"))["project"][
        "requires-python"
    ]
    assert requires == f">={base.group(1)}"
    assert 'CMD ["newswatch", "serve"]' in text


def test_your_own_configuration_is_mounted_in_compose() -> None:
    services = _yaml("compose.yaml")["services"]
    for name in ("deploy", "worker"):
        env = services[name]["environment"]
        (mount,) = [v for v in services[name]["volumes"] if isinstance(v, dict)]
        assert mount["target"] == env["NEWSWATCH_CONFIG"] and mount["read_only"]
        default = re.fullmatch(r"\$\{NEWSWATCH_TOML:-(.+)\}", mount["source"])
        assert default is not None and (DEPLOY / default.group(1)).is_file()


def test_systemd_unit_serves_and_stops_with_ctrl_c() -> None:
    import configparser

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "newswatch.service").read_text("utf8"))
    service = unit["Service"]
    assert service["ExecStart"].endswith("/.venv/bin/newswatch serve")
    assert service["KillSignal"] == "SIGINT"  # serve cancels its runs in flight
    assert service["Restart"] == "on-failure" and unit["Install"]["WantedBy"]
