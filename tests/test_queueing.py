"""annotations/queueing.py: work queued by name from a process that never imported
the task modules (a web process, a management command)."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_a_fresh_process_queues_a_task_by_name(tmp_path):
    code = (
        "import django; django.setup()\n"
        "import sys\n"
        "from annotations import queueing\n"
        "assert 'annotations.tasks' not in sys.modules\n"
        "queueing.send(queueing.RESCAN_PENDING)\n"
        "print('queued')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "FACTCHECK_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
    }
    # The embedded defaults, as `python3 dev.py run` uses them.
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    (tmp_path / "broker" / "queue").mkdir(parents=True)
    (tmp_path / "broker" / "processed").mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "queued"
    # A quiet start: queueing prints no warning (kombu once warned of a missing host).
    assert result.stderr == ""
    assert list((tmp_path / "broker" / "queue").iterdir()), "nothing was queued"
