"""Settings for the test suite: the project's settings with a broker of its own.

Test tasks go through their own queue folder (filesystem broker) so a developer's
running `dev.py run` worker never picks them up against the wrong database.
"""

import os
from pathlib import Path

_var = Path(
    os.environ.get("FACTCHECK_VAR_DIR", Path(__file__).resolve().parent.parent / "var")
)
os.environ.setdefault("CELERY_BROKER_FOLDER", str(_var / "test-broker"))
os.environ.setdefault("DEBUG", "1")
# The suite makes thousands of requests from one address: the throttling tests set
# their own limits.
os.environ.setdefault("FACTCHECK_THROTTLE_ANON", "1000000/min")
os.environ.setdefault("FACTCHECK_THROTTLE_USER", "1000000/min")

from factcheck.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One cache per test process: throttle counters and cached exports do not leak from
# one run into the next.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
