"""Organisational life runs on the laptop's SQLite as well as on PostgreSQL: `make test` runs all of it on both."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.sqlite_too)
