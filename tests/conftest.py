"""Shared fixtures: the models (loaded once), the catalogue and made photos."""

from __future__ import annotations

import functools
import os

import pytest

from anyidphoto.engine import make_photo
from anyidphoto.engine.models import get_models
from anyidphoto.specs import load_catalog

from . import photos


@pytest.fixture(scope="session")
def models():
    return get_models()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@functools.cache
def made(variant_name: str, doc: str, background: str | None = None):
    """The photo made for ``doc`` from a named variant, computed once per session."""
    variant = VARIANTS[variant_name]()
    return make_photo(photos.encode(variant.pixels), doc, background=background), variant


VARIANTS = {
    "original": lambda: photos.Variant("original", photos.astronaut(), photos.IDENTITY),
    "scaled-2.5": lambda: photos.scaled(2.5),
    "scaled-0.7": lambda: photos.scaled(0.7),
    "shifted": lambda: photos.shifted(160, 60),
    "head-cut": lambda: photos.shifted(0, -60),
    "rotated-5": lambda: photos.rotated(5),
    "rotated-10": lambda: photos.rotated(-10),
    "rotated-15": lambda: photos.rotated(15),
    "mirrored": photos.mirrored,
    "coloured": lambda: photos.Variant(
        "coloured", photos.on_colour(photos.astronaut(), (40, 90, 170)), photos.IDENTITY
    ),
    "cluttered": lambda: photos.Variant(
        "cluttered", photos.on_clutter(photos.astronaut()), photos.IDENTITY
    ),
    "in-12mp-frame": photos.in_large_frame,
    "standing-back": photos.standing_back,
    "side-lit": lambda: photos.Variant(
        "side-lit", photos.lit_from_one_side(photos.astronaut()), photos.IDENTITY
    ),
    "two-faces": photos.two_faces,
}


@pytest.fixture(autouse=True)
def media_folder(settings, tmp_path):
    """A media folder of each test's own; on the object store, a prefix of each test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    default = settings.STORAGES["default"]
    if not default["BACKEND"].endswith("S3Storage"):
        yield settings.MEDIA_ROOT
        return
    prefix = f"tests/{tmp_path.name}-{os.urandom(4).hex()}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "location": prefix}},
    }
    yield settings.MEDIA_ROOT
    from django.core.files.storage import storages

    storages["default"].bucket.objects.filter(Prefix=f"{prefix}/").delete()  # leave nothing


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue, as under `make run`, and run when a worker runs."""
    from django.tasks import task_backends

    def use(backend: str) -> None:
        settings.TASKS = {"default": {"BACKEND": backend}}
        task_backends.__dict__.pop("settings", None)  # a cached_property of the handler
        if hasattr(task_backends._connections, "default"):
            del task_backends["default"]

    use("django_tasks_db.DatabaseBackend")
    yield
    use("django.tasks.backends.immediate.ImmediateBackend")


def pytest_collection_modifyitems(config, items):
    """Tests that use the database may use both: the main one and the key store."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, databases="__all__"),
                append=False,
            )
        elif marker is None and {"db", "transactional_db"} & set(item.fixturenames):
            transaction = "transactional_db" in item.fixturenames
            item.add_marker(pytest.mark.django_db(transaction=transaction, databases="__all__"))
