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


@pytest.fixture
def desk(db):
    """The first desk (the webhook tests' desk)."""
    from annotations import roles

    return roles.ensure_first_workspace()


@pytest.fixture
def chief(desk):
    """The desk's admin, who manages its webhooks."""
    from annotations import roles
    from tests import factories

    person = factories.UserFactory(username="chief")
    roles.grant(person, "admin", desk)
    return person
