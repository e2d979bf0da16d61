"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys

from django.conf import settings


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "CELERY_BROKER_FOLDER"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import factcheck.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)",
        ],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = load_settings(DEBUG="0", FACTCHECK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_defaults_are_sqlite_and_the_filesystem_broker(tmp_path):
    result = load_settings(
        DEBUG="0", SECRET_KEY="s3cret", DATABASE_URL="", CELERY_BROKER_URL="",
        FACTCHECK_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://localhost//",
    ]
    assert (tmp_path / "broker" / "queue").is_dir()


def test_database_url_selects_postgresql(tmp_path):
    result = load_settings(
        DEBUG="1", DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0", FACTCHECK_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://127.0.0.1:6379/0",
    ]


def test_the_site_address_has_no_default_in_production(tmp_path):
    """Without DEBUG an unset FACTCHECK_SITE_URL stays unset (publishing is then
    refused) rather than defaulting to a development address; with DEBUG it is the
    development server's address."""

    def site_url(**env):
        clean = {k: v for k, v in os.environ.items() if k != "FACTCHECK_SITE_URL"}
        clean.update(env, FACTCHECK_VAR_DIR=str(tmp_path))
        result = subprocess.run(
            [sys.executable, "-c", "import factcheck.settings as s; "
             "print(repr(s.FACTCHECK_SITE_URL), repr(s.FACTCHECK_ORGANISATION_URL))"],
            cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        return result.stdout.strip()

    assert site_url(DEBUG="0", SECRET_KEY="s") == "'' ''"
    assert site_url(DEBUG="1") == "'http://127.0.0.1:8000' 'http://127.0.0.1:8000/'"
    assert site_url(DEBUG="0", SECRET_KEY="s", FACTCHECK_SITE_URL="https://x.org/") == (
        "'https://x.org' 'https://x.org/'"
    )


def test_captures_go_under_the_var_folder_unless_a_folder_is_named(tmp_path):
    """An empty FACTCHECK_CAPTURES_DIR (a copied .env.example line) is no folder:
    the captures go under FACTCHECK_VAR_DIR, not into the working directory."""
    show = "import factcheck.settings as s; print(s.STORAGES['captures'])"

    def location(**env) -> str:
        clean = {k: v for k, v in os.environ.items() if k != "FACTCHECK_CAPTURES_DIR"}
        clean.update(DEBUG="1", FACTCHECK_VAR_DIR=str(tmp_path), **env)
        result = subprocess.run(
            [sys.executable, "-c", show], cwd=settings.BASE_DIR, env=clean,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    expected = repr(str(tmp_path / "captures"))
    assert expected in location()
    assert expected in location(FACTCHECK_CAPTURES_DIR="")
    assert repr(str(tmp_path / "elsewhere")) in location(
        FACTCHECK_CAPTURES_DIR=str(tmp_path / "elsewhere")
    )
