"""A real task through a real worker process, on whichever broker is configured."""

import pytest

from annotations.tasks import worker_ping
from tests.factories import ArticleFactory


@pytest.mark.worker
def test_a_real_worker_runs_a_task_against_the_test_database(
    celery_worker, transactional_db
):
    """The worker process answers over the broker and sees committed rows."""
    ArticleFactory.create_batch(3)
    result = worker_ping.delay()
    answer = result.get(timeout=120)  # a bound for a stuck worker, not a speed
    assert answer["articles"] == 3
    assert answer["hostname"]
