"""Test settings: tasks run immediately, fast hashing, a fixed crypto key; shared fixtures."""

import os

os.environ.setdefault("DANGJIAN_TASK_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory):
    """Uploads of the test run go to a directory of its own (one per xdist worker), never to var/media."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _test_settings(settings, _media_root):
    settings.MEDIA_ROOT = _media_root
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def tree(db):
    """A small county: 县委 → two townships → villages and a community, each with a branch."""
    from tests.core.factories import build_small_county

    return build_small_county()


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"
