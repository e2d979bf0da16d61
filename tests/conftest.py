import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.support import var_guard

# Imports of Django models happen inside fixtures, so the pure test modules
# (splitting, gaps) also run with `-p no:django`.
ROOT = Path(__file__).resolve().parent.parent

# No property of this suite is about speed, and a loaded machine is no failure: no
# deadline per example, no health check that times the data generation. Examples are
# chosen from a seed fixed per test, so a run passes or fails the same way every time
# (`--hypothesis-profile=explore` searches with fresh random examples, and more of
# them). No example database: a run writes nothing into the checkout.
hypothesis_settings.register_profile(
    "factcheck",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
    print_blob=True,
)
hypothesis_settings.register_profile(
    "explore",
    hypothesis_settings.get_profile("factcheck"),
    derandomize=False,
    max_examples=1000,
)
hypothesis_settings.load_profile("factcheck")


def pytest_configure(config):
    # The pure modules run without pytest-django too (`-p no:django`), and so without
    # the test settings: watch the checkout's var/ from here as well.
    var_guard.install()
    _flush_again_after_a_deadlock()


def _flush_again_after_a_deadlock():
    """A transactional test ends by emptying every table (TRUNCATE). The session's
    real Celery worker may be finishing a task the test queued (a gap rescan after
    an edit) in that database at that moment; on PostgreSQL the two can deadlock,
    and the database then fails the TRUNCATE, not the worker's transaction. The
    flush is tried again once the worker's transaction has ended: what the test
    checked is unchanged, and a flush that fails for any other reason still
    fails."""
    try:
        from django.test import TransactionTestCase
    except ImportError:  # the pure modules' run without Django
        return
    import time

    original = TransactionTestCase._fixture_teardown
    if getattr(original, "retries_deadlocks", False):
        return

    def deadlocked(error: BaseException | None) -> bool:
        while error is not None:
            if "deadlock detected" in str(error):
                return True
            error = error.__cause__ or error.__context__
        return False

    def fixture_teardown(self):
        for attempt in range(5):
            try:
                return original(self)
            except Exception as error:
                if attempt == 4 or not deadlocked(error):
                    raise
                time.sleep(0.5 * (attempt + 1))

    fixture_teardown.retries_deadlocks = True
    TransactionTestCase._fixture_teardown = fixture_teardown


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests marked `slow` go first. pytest-django then sorts the tests into its
    groups (database tests, transactional ones, the rest) with a stable sort, so
    they lead their group: pytest-xdist hands tests out in this order, and a test of
    minutes handed out near the end of a run kept one process busy long after the
    other had finished (docs/PERFORMANCE.md, "Test suite")."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionfinish(session, exitstatus):
    """Any write into the checkout's var/, by any process of the run, fails it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controlling process reads the whole session's log
    refused = var_guard.recorded()
    if refused:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", "writes into the checkout's var/", red=True)
            for line in refused:
                reporter.write_line(line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _checkout_var_untouched(request):
    """Fail the test in whose run a refused write into the checkout's var/ was
    recorded (by this process or a subprocess), even if the error was caught."""
    log = var_guard.log_path()
    before = len(var_guard.recorded(log))
    yield
    mine = [
        line
        for line in var_guard.recorded(log)[before:]
        if line.startswith(request.node.nodeid + " ")
    ]
    if mine:
        pytest.fail("Wrote into the checkout's var/:\n" + "\n".join(mine))


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """Every test starts in the default language: a request through the locale
    middleware leaves the language it chose active in the thread, and the next
    test, which compares the English of a refusal, would read it in Arabic."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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
def sam(db):
    """A second reviewer, for double review and blind review."""
    from tests import factories

    return factories.UserFactory(
        username="sam", first_name="Sam", last_name="Second", role="reviewer"
    )


@pytest.fixture
def admin_user(db):
    from tests import factories

    return factories.UserFactory(username="ada", role="admin")


@pytest.fixture
def frozen_clock(monkeypatch):
    """`django.utils.timezone.now()` stands still at one instant (returned) for the
    test: ages and countdowns computed from it (a heartbeat "2 s ago", a run stale
    in 0.8 s, "today") come out the same however long the machine took between the
    test's steps."""
    from django.utils import timezone

    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


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
    the default rating scale and the first desk."""
    from annotations import roles
    from annotations.ratingscale import ensure_default_scale

    roles.ensure_first_workspace()
    return ensure_default_scale()


@pytest.fixture
def captures_folder(settings, tmp_path):
    """The captures storage (captured pages, uploaded files) in a folder of this
    test's own, returned so a test can count what a service left there."""
    folder = tmp_path / "captures"
    settings.STORAGES = {
        **settings.STORAGES,
        "captures": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


def files_in(folder) -> int:
    """How many files a captures folder (`captures_folder`) holds, in any of its
    subfolders; 0 before anything was stored."""
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


@pytest.fixture
def claim(reviewer):
    """The first claim of a two-sentence budget article `reviewer` made (a module
    that needs another claim defines its own `claim`)."""
    from annotations import services

    article = services.article_create(
        title="Budget",
        body="The council approved a budget of $3 million on Monday. "
        "Critics said it was too small.",
        created_by=reviewer,
    )
    return article.claims.filter(kind="claim").order_by("start").first()
