from pathlib import Path

import pytest

# Imports of Django models happen inside fixtures, so the pure test modules
# (splitting, gaps) also run with `-p no:django`.
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def reviewer(db):
    from tests import factories

    return factories.UserFactory(
        username="rita", first_name="Rita", last_name="Reviewer", role="reviewer"
    )


@pytest.fixture
def editor(db):
    from tests import factories

    return factories.UserFactory(
        username="eddie", first_name="Eddie", last_name="Editor", role="editor"
    )


@pytest.fixture
def admin_user(db):
    from tests import factories

    return factories.UserFactory(username="ada", role="admin")


@pytest.fixture
def seed_text():
    return (ROOT / "seeds" / "china-russia-moon-base.txt").read_text(encoding="utf-8")


def _broker_reachable(app) -> str | None:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # any transport error means "no broker here"
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker` process on the configured broker and the test database.

    Tests using it need committed data (`transactional_db`). Skips when the broker is
    unreachable, unless FACTCHECK_REQUIRE_SERVICES=1 (CI), where that is a failure.
    """
    from django.conf import settings

    from factcheck.celery import app
    from tests.worker import (
        require_services,
        start_worker,
        stop_worker,
        wait_until_ready,
    )

    problem = _broker_reachable(app)
    if problem:
        if require_services():
            pytest.fail(
                f"Celery broker {settings.CELERY_BROKER_URL} unreachable: {problem}"
            )
        pytest.skip(f"Celery broker unreachable: {problem}")
    logfile = tmp_path_factory.mktemp("worker") / "worker.log"
    with django_db_blocker.unblock():
        process = start_worker(logfile, concurrency=2, extra_args=["--purge"])
    try:
        wait_until_ready(app, process)
        yield process
    finally:
        stop_worker(process)


@pytest.fixture
def scale_in_transactional_db(transactional_db):
    """Transactional tests flush the database, data migrations included: restore
    the default rating scale and the role groups."""
    from annotations import roles
    from annotations.ratingscale import ensure_default_scale

    roles.ensure_groups()
    return ensure_default_scale()
