"""Service and transparency runs on the laptop's SQLite as well as on PostgreSQL: `make test` runs its rules and
services on both (pages, API and the public pages on PostgreSQL only, to keep the suite short)."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent
BOTH = ("_rules.py", "_services.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(item.fspath)
        if HERE in path.parents and any(part in path.name for part in BOTH):
            item.add_marker(pytest.mark.sqlite_too)
