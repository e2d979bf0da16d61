import pytest

from tests.reports.snapshots import hostile_snapshot, seed_snapshot


@pytest.fixture
def seed():
    """A fresh seed snapshot (tests may change it)."""
    return seed_snapshot()


@pytest.fixture
def hostile():
    """A fresh snapshot whose every string is an attack."""
    return hostile_snapshot()
