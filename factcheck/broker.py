"""kombu's Redis transport, with channels that say "connection lost" once their
connection is gone.

When Redis goes away, Celery discards the dead connection and detaches its
transport. A channel of that connection can still be asked for work afterwards:
acknowledging a task that was running during the outage, or putting unacknowledged
messages back while the channel closes. kombu's Redis channel then builds a new
client from the detached transport and fails with AttributeError ("'NoneType'
object has no attribute 'hostname'"). Celery handles connection errors there (it
logs that the acknowledgement was lost and goes on), but not that one: it ended the
worker for good. Here the channel raises a Redis connection error instead, which
Celery and kombu already know how to survive.

Nothing is lost by the failed acknowledgement: the message stays among Redis's
unacknowledged messages until its visibility timeout, then runs again and finds its
job done (annotations/jobs.py). Installed by settings (CELERY_BROKER_TRANSPORT) for
redis:// and rediss:// brokers; docs/OPERATIONS.md.
"""

from __future__ import annotations

from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            raise kombu_redis.redis.exceptions.ConnectionError(
                "This channel's broker connection was closed after the broker "
                "went away."
            )
        return super()._connparams(asynchronous=asynchronous)


class RedisTransport(kombu_redis.Transport):
    Channel = Channel
