"""The production settings pass Django's deployment checks and refuse to start without secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from anyidphoto.web.vault.crypto import new_key_text

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean deployment environment: none of the studio's settings, and not the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ANYIDPHOTO_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(DJANGO_SETTINGS_MODULE="anyidphoto.web.settings_production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


#: The production profile's servers (not contacted by ``check``).
PROFILE = {
    "ANYIDPHOTO_DATABASE_URL": "postgres://studio:pw@db.internal:5432/studio",
    "ANYIDPHOTO_KEYS_DATABASE_URL": "postgres://keys:pw@keys.internal:5432/keys",
    "ANYIDPHOTO_REDIS_URL": "redis://:pw@cache.internal:6379/0",
    "ANYIDPHOTO_S3_BUCKET": "photos",
    "ANYIDPHOTO_S3_ENDPOINT_URL": "https://s3.internal",
    "ANYIDPHOTO_S3_ACCESS_KEY": "access",
    "ANYIDPHOTO_S3_SECRET_KEY": "secret",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ANYIDPHOTO_SECRET_KEY="x" * 24 + "-production-secret-key-for-the-test-1234567890",
        ANYIDPHOTO_ALLOWED_HOSTS="photos.example.org",
        ANYIDPHOTO_SITE_URL="https://photos.example.org",
        ANYIDPHOTO_SMTP_HOST="mail.example.org",
        ANYIDPHOTO_FROM_EMAIL="AnyIDPhoto <studio@example.org>",
        ANYIDPHOTO_PAYMENT_PROVIDER="manual",
        ANYIDPHOTO_MASTER_KEYS=new_key_text("p1"),
        ANYIDPHOTO_DATA_DIR=str(tmp_path),
        **PROFILE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = _manage("check", ANYIDPHOTO_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ANYIDPHOTO_SECRET_KEY must be set in production" in result.stderr


def test_the_migrations_match_the_models(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_refuses_stripe_without_its_keys_and_prices(tmp_path):
    result = _manage(
        "check",
        ANYIDPHOTO_SECRET_KEY="x" * 60,
        ANYIDPHOTO_ALLOWED_HOSTS="photos.example.org",
        ANYIDPHOTO_SITE_URL="https://photos.example.org",
        ANYIDPHOTO_SMTP_HOST="mail.example.org",
        ANYIDPHOTO_FROM_EMAIL="studio@example.org",
        ANYIDPHOTO_MASTER_KEYS=new_key_text("p1"),
        ANYIDPHOTO_PAYMENT_PROVIDER="stripe",
        ANYIDPHOTO_DATA_DIR=str(tmp_path),
        **PROFILE,
    )
    assert result.returncode != 0
    assert "ANYIDPHOTO_STRIPE_SECRET_KEY must be set" in result.stderr


def test_the_built_package_carries_every_file_the_studio_runs_with(tmp_path):
    """A wheel (what the container image installs) holds the templates, static files, specs."""
    import shutil
    import zipfile

    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "anyidphoto", source / "anyidphoto", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "wheel"), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        path.relative_to(source).as_posix()
        for path in (source / "anyidphoto").rglob("*")
        if path.is_file() and path.suffix not in {".pyc", ".mo"}
    }
    assert any(name.endswith("studio/templates/studio/home.html") for name in shipped)
    assert sorted(shipped - packed) == []


def _deploy_text(*names: str) -> str:
    return "\n".join((ROOT / "deploy" / name).read_text() for name in names)


def test_the_environment_reference_names_every_setting_and_nothing_else():
    import re

    read = set()
    for module in ("settings.py", "settings_production.py"):
        text = (ROOT / "anyidphoto" / "web" / module).read_text()
        read |= set(re.findall(r'env(?:_flag)?\("([A-Z0-9_]+)"', text))
        read |= set(re.findall(r'\(\s*"\w+",\s*"([A-Z0-9_]+)",', text))  # the databases' table
    read -= {"DEBUG"}  # never in production
    reference = _deploy_text("env.example")
    documented = set(re.findall(r"^#? ?ANYIDPHOTO_([A-Z0-9_]+)=", reference, re.M))
    assert {"DATABASE_URL", "KEYS_DATABASE_URL", "S3_PREFIX"} <= read
    assert sorted(read - documented) == [] and sorted(documented - read) == []
    block = (ROOT / "anyidphoto" / "web" / "settings_production.py").read_text()
    block = block[block.index("_REQUIRED = (") : block.index("raise ImproperlyConfigured")]
    required = set(re.findall(r'"([A-Z0-9_]+)"', block))
    assert {"SECRET_KEY", "DATABASE_URL", "PAYMENT_PROVIDER"} <= required
    assert sorted(required - _marked_required(reference)) == []


def _marked_required(reference: str) -> set[str]:
    """The names under a comment saying ``(required)`` in ``env.example``."""
    import re

    marked, comment, after_name = set(), "", False
    for line in reference.splitlines():
        if line.startswith("#"):
            if after_name:
                comment, after_name = "", False
            comment += line
        elif found := re.match(r"ANYIDPHOTO_(\w+)=", line):
            after_name = True
            if "(required)" in comment:
                marked.add(found[1])
        else:
            comment, after_name = "", False
    return marked


def test_the_deploy_files_run_only_commands_the_studio_has():
    import re

    import yaml
    from django.core.management import get_commands

    text = _deploy_text(
        "compose.yaml", "Dockerfile", "README.md",
        "systemd/anyidphoto-migrate.service", "systemd/anyidphoto-web.service",
        "systemd/anyidphoto-worker@.service",
    )  # fmt: skip
    named = set(re.findall(r"manage\.py (\w+)", text))
    assert {"worker", "migrate", "move_keys", "object_store", "schedule_purge"} <= named
    assert sorted(named - set(get_commands())) == []
    compose = yaml.safe_load(_deploy_text("compose.yaml"))
    for service in ("web", "worker", "release"):
        environment = compose["services"][service]["environment"]
        for name in ("DATABASE_URL", "KEYS_DATABASE_URL", "REDIS_URL", "S3_BUCKET"):
            assert environment[f"ANYIDPHOTO_{name}"], (service, name)
    assert compose["services"]["worker"]["command"][:3] == ["python", "manage.py", "worker"]


def test_the_image_ships_the_camera_pages_runtime_and_not_the_test_tools():
    """The Docker image installs package.json's dependencies from the lock (not its
    devDependencies) and puts the Tasks Vision runtime where the settings serve it from."""
    import json
    import re

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    package = json.loads((root / "package.json").read_text())
    assert "@mediapipe/tasks-vision" in package["dependencies"]
    assert "axe-core" in package["devDependencies"]
    lock = json.loads((root / "package-lock.json").read_text())["packages"]
    assert not lock["node_modules/@mediapipe/tasks-vision"].get("dev")
    dockerfile = _deploy_text("Dockerfile")
    assert re.search(r"COPY package\.json package-lock\.json", dockerfile)
    assert re.search(r"RUN npm ci --omit=dev\b", dockerfile)
    served = settings.TASKS_VISION_JS.relative_to(root).as_posix()
    copied = re.search(r"COPY --from=browser-runtime \S+/(node_modules/\S+) (\S+)", dockerfile)
    assert copied and copied.group(1) == copied.group(2) == served
    # The developer's own node_modules (test tools included) never goes into the image.
    assert "node_modules/" in (root / ".dockerignore").read_text().split()
