"""Settings for the processes the resilience tests start (web server, worker, beat):
the test settings, but with the cache the environment names (CACHE_BACKEND,
CACHE_LOCATION) wrapped as in a deployment, so those processes share one cache."""

import importlib
import os

from tests.settings import *  # noqa: F403

# The project's own cache settings, read from the environment after tests.settings
# set its defaults (DEBUG and the broker folder) and imported them.
CACHES = importlib.import_module("factcheck.settings").CACHES
# The file e-mail backend's folder, when a test reads what was sent.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
