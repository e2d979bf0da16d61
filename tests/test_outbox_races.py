"""The gap-rescan outbox under concurrent transactions, for real: threads on
PostgreSQL, each its own connection. Two edits queueing overlapping claims in
several statements each never wait on each other (they used to deadlock), and the
rescanner still takes each claim once."""

import threading

import pytest
from django.db import connection, transaction

from annotations.models import PendingRescan
from annotations.services import system

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")


def test_two_transactions_queueing_overlapping_claims_in_turn_both_commit():
    """A queues claim 2 then claim 1; B queues 1 then 2, interleaved: with a unique
    key each second INSERT waited for the other's uncommitted row, a deadlock
    PostgreSQL broke by failing one of the edits."""
    from django.utils import timezone

    both_queued_first = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def edit(first: int, second: int) -> None:
        try:
            with transaction.atomic():
                system.rescans_queue([first], now=timezone.now())
                both_queued_first.wait()
                system.rescans_queue([second], now=timezone.now())
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(2, 1)),
        threading.Thread(target=edit, args=(1, 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "an edit is waiting"
    assert errors == []
    with transaction.atomic():
        taken = system.rescans_take(10)
    assert sorted(taken) == [1, 2]
    assert not PendingRescan.objects.exists()


def test_a_claim_already_waiting_is_not_queued_again():
    from django.utils import timezone

    system.rescans_queue([5, 6], now=timezone.now())
    system.rescans_queue([6, 7], now=timezone.now())
    assert sorted(PendingRescan.objects.values_list("claim_id", flat=True)) == [5, 6, 7]
