"""The test suite itself: it never touches the checkout's var/, each test process
has a var directory, broker queue and database of its own, and nothing in it waits
on a clock."""

import ast
import os
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.support import var_guard
from tests.worker import worker_env

CHECKOUT_VAR = ROOT / "var"


def inside(path, folder) -> bool:
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def test_every_runtime_path_is_in_the_session_var_directory():
    """The settings derive every runtime path from a temporary directory of this
    test process, whatever the developer's environment says."""
    root = Path(os.environ["FACTCHECK_TEST_VAR_ROOT"])
    process = os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert not inside(root, ROOT)
    assert Path(settings.VAR_DIR) == root / process
    assert inside(settings.CELERY_BROKER_FOLDER, settings.VAR_DIR)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        assert inside(database["TEST"]["NAME"], settings.VAR_DIR)
        assert inside(database["NAME"], settings.VAR_DIR)
    assert f"factcheck-tests-{process}" == settings.CELERY_TASK_DEFAULT_QUEUE


def test_a_worker_started_by_the_tests_gets_the_same_directory():
    env = worker_env()
    assert env["FACTCHECK_VAR_DIR"] == str(settings.VAR_DIR)
    assert env["CELERY_BROKER_FOLDER"] == str(settings.CELERY_BROKER_FOLDER)
    assert env["FACTCHECK_TEST_VAR_ROOT"] == os.environ["FACTCHECK_TEST_VAR_ROOT"]
    assert env["DJANGO_SETTINGS_MODULE"] == "tests.settings"


@pytest.mark.django_db
def test_a_process_on_a_broker_of_its_own_keeps_its_folder(tmp_path):
    """A process a test starts on its own filesystem broker (the resilience tests)
    reads that folder, not the session's, whose worker would take its messages."""
    from tests.support_jobs import process_env

    own = tmp_path / "broker"
    env = process_env(CELERY_BROKER_FOLDER=own)
    read = subprocess.run(
        [sys.executable, "-c",
         "import django; django.setup(); from django.conf import settings; "
         "print(settings.CELERY_BROKER_FOLDER)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert read.stdout.strip() == str(own)
    assert str(own) != str(settings.CELERY_BROKER_FOLDER)


@pytest.mark.django_db
def test_the_seeds_write_their_demo_logins_into_the_session_directory():
    call_command("load_seeds", stdout=StringIO())
    logins = Path(settings.VAR_DIR) / "demo-logins.txt"
    assert logins.read_text(encoding="utf-8").count("reviewer") >= 1


@pytest.fixture
def own_log(tmp_path, monkeypatch):
    """Record refused writes in a log of this test's own, so the refusals it
    provokes on purpose do not fail it (or the run)."""
    monkeypatch.setenv("FACTCHECK_TEST_VAR_ROOT", str(tmp_path))
    return tmp_path / var_guard.LOG_NAME


@pytest.mark.parametrize(
    "write",
    [
        lambda spare: open(CHECKOUT_VAR / "demo-logins.txt", "a"),  # noqa: SIM115
        lambda spare: (CHECKOUT_VAR / f"probe-{os.getpid()}").mkdir(parents=True),
        lambda spare: (CHECKOUT_VAR / "worker.log").touch(),
        lambda spare: os.open(CHECKOUT_VAR / "probe", os.O_WRONLY | os.O_CREAT),
        lambda spare: sqlite3.connect(CHECKOUT_VAR / "test-factcheck.sqlite3"),
        lambda spare: os.replace(spare, CHECKOUT_VAR / "moved.txt"),
    ],
    ids=["append", "mkdir", "touch", "os.open", "sqlite", "replace"],
)
def test_a_write_into_the_checkout_var_is_refused_and_recorded(
    own_log, tmp_path, write
):
    spare = tmp_path / "spare.txt"
    spare.write_text("x", encoding="utf-8")
    existed = CHECKOUT_VAR.exists() and sorted(CHECKOUT_VAR.iterdir())
    with pytest.raises(var_guard.CheckoutVarWrite):
        write(spare)
    assert own_log.read_text(encoding="utf-8").count(str(CHECKOUT_VAR)) == 1
    assert (CHECKOUT_VAR.exists() and sorted(CHECKOUT_VAR.iterdir())) == existed


def test_reading_the_checkout_var_is_allowed(own_log):
    with pytest.raises(FileNotFoundError):
        open(CHECKOUT_VAR / "no-such-file.txt", encoding="utf-8")  # noqa: SIM115
    with pytest.raises(FileNotFoundError):
        os.open(CHECKOUT_VAR / "no-such-file.txt", os.O_RDONLY)
    assert not own_log.exists()


def test_a_subprocess_on_the_test_settings_is_watched_too(own_log):
    code = (
        "import django; django.setup()\n"
        "from tests.support.var_guard import CHECKOUT_VAR\n"
        "open(CHECKOUT_VAR / 'demo-logins.txt', 'a')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "CheckoutVarWrite" in result.stderr
    assert "demo-logins.txt" in own_log.read_text(encoding="utf-8")


def test_the_application_never_imports_the_tests_at_import_time():
    """Test data lives in tests/; the app reaches it only from a command being run
    (`manage.py access_matrix`), never while being imported."""
    offenders = []
    for folder in ("annotations", "desk", "api", "reports", "factcheck"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(name.split(".")[0] == "tests" for name in names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
    assert not (ROOT / "annotations" / "access_design.py").exists()


def test_the_hypothesis_profile_does_not_time_anything():
    current = hypothesis_settings.default
    assert current.deadline is None
    assert HealthCheck.too_slow in current.suppress_health_check
    assert current.derandomize
    assert current.database is None


@hypothesis_settings(max_examples=2)
@given(st.integers())
def test_a_slow_example_is_not_a_failure(number):
    # Slower than Hypothesis's default deadline (200 ms) on any machine: with a
    # deadline this fails every time, as a loaded machine once made real tests fail.
    time.sleep(0.25)
    assert isinstance(number, int)
