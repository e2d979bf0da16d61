"""One set of objects for a whole test module, each test's writes rolled back.

Building a realistic world (users, articles, claims in every state, a published
report) costs far more than one request against it, and the access matrix and the
fuzz tests send hundreds. `shared_world` builds it once per module inside an outer
transaction; pytest-django's `db` fixture then runs every test inside a savepoint of
it, rolled back when the test ends, so a write in one test never reaches the next.

That is checked, not assumed: `SharedWorld.view()` compares a digest of every row of
every table with the digest taken right after the build, and fails the test that
starts on a changed database. Each test also gets its own copy of the Python
objects and an empty cache (cached pages and counters are keyed by the same ids in
every test).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection, transaction


def _plain(value):
    # PostgreSQL returns binary columns as memoryview, whose repr names an address.
    return bytes(value) if isinstance(value, memoryview) else value


def database_digest() -> str:
    """A digest of every row of every table (in any order) of the default database."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(tuple(map(_plain, row))) for row in cursor.fetchall())
            digest.update(f"{table}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


@dataclass
class SharedWorld:
    objects: Any
    digest: str

    def view(self):
        """The world for one test: the database as built (checked), the test's own
        copy of the objects, empty caches. Call it inside the test's savepoint."""
        if database_digest() != self.digest:
            pytest.fail(
                "The database is not the world as built: an earlier test's write "
                "leaked past its savepoint."
            )
        for cache in caches.all():
            cache.clear()
        return copy.deepcopy(self.objects)


@contextmanager
def shared_world(django_db_blocker, build: Callable[[], Any]) -> Iterator[SharedWorld]:
    """Build a world in an outer transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = SharedWorld(objects=build(), digest=database_digest())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
