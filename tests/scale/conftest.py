"""The production profile's tests need its servers: tools/test_scale.sh starts them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    if os.environ.get("ANYIDPHOTO_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="needs the production profile's servers: tools/test_scale.sh")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


def services(*args: str) -> None:
    """``tools/services.sh ARGS`` for this run's servers."""
    subprocess.run([str(ROOT / "tools/services.sh"), *args], check=True, capture_output=True)


def eventually(predicate, *, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: still not so after {timeout} s"
        time.sleep(every)


@pytest.fixture
def worker_env(settings):
    """The environment of a worker process that works on this test's database and prefix."""
    from django.db import connections

    def url(alias: str) -> str:
        db = connections[alias].settings_dict
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="anyidphoto.web.settings",
        ANYIDPHOTO_DATABASE_URL=url("default"),
        ANYIDPHOTO_KEYS_DATABASE_URL=url("keys"),
        ANYIDPHOTO_MASTER_KEYS=settings.VAULT_MASTER_KEYS,
        ANYIDPHOTO_S3_PREFIX=settings.STORAGES["default"]["OPTIONS"]["location"],
        ANYIDPHOTO_WORKER_BEAT_SECONDS="0.5",
        ANYIDPHOTO_WORKER_LOST_AFTER="3",
    )
    return env


@pytest.fixture
def start_worker(worker_env):
    """``start_worker()`` runs ``manage.py worker`` in a process of its own; all stop at the end."""
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "0.2", "-v0"],
            env=worker_env,
            cwd=ROOT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def record(test: str, **figures) -> None:
    """Keep what a fault test saw in test-artefacts/scale/faults.json (docs/operations.md)."""
    import json

    path = ROOT / "test-artefacts/scale/faults.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    seen = json.loads(path.read_text()) if path.exists() else {}
    seen[test] = figures
    path.write_text(json.dumps(seen, indent=2, sort_keys=True) + "\n")
