"""dev.py: the one command that sets up and serves the app (its pure parts)."""

import json
import subprocess
import sys

import pytest

import dev
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("address", "site_url", "host"),
    [
        ("127.0.0.1:8765", "http://127.0.0.1:8765", "127.0.0.1"),
        ("8080", "http://127.0.0.1:8080", "127.0.0.1"),
        ("localhost:9000", "http://localhost:9000", "localhost"),
        ("[::1]:8001", "http://[::1]:8001", "::1"),
    ],
)
def test_the_site_address_is_the_address_served(address, site_url, host):
    """`dev.py run ADDRESS` links published reports and e-mails to ADDRESS, and
    allows its host, unless the environment says otherwise."""
    env = dev.serve_env(address, {})
    assert env["FACTCHECK_SITE_URL"] == site_url
    assert host in env["ALLOWED_HOSTS"].split(",")


def test_serving_on_every_interface_links_to_a_reachable_address(monkeypatch):
    monkeypatch.setattr(dev, "reachable_host", lambda: "192.168.1.20")
    env = dev.serve_env("0.0.0.0:8080", {})
    assert env["FACTCHECK_SITE_URL"] == "http://192.168.1.20:8080"
    assert "192.168.1.20" in env["ALLOWED_HOSTS"].split(",")


def test_a_configured_site_address_and_hosts_win():
    env = dev.serve_env(
        "127.0.0.1:8765",
        {"FACTCHECK_SITE_URL": "https://desk.example.org", "ALLOWED_HOSTS": "x.org"},
    )
    assert env["FACTCHECK_SITE_URL"] == "https://desk.example.org"
    assert env["ALLOWED_HOSTS"] == "x.org"


@pytest.mark.parametrize("address", ["", "127.0.0.1:", "host:port", ":"])
def test_a_malformed_address_is_refused_in_words(address):
    with pytest.raises(SystemExit, match="Not an address"):
        dev.serve_env(address, {})


def test_the_served_settings_reach_django(tmp_path):
    """The environment dev.py gives its processes is what Django's settings read
    (checked in a fresh process, as the web server, worker and beat start)."""
    env = dev.serve_env("127.0.0.1:8765", {"PATH": "/usr/bin:/bin"})
    env["FACTCHECK_VAR_DIR"] = str(tmp_path)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.FACTCHECK_SITE_URL, settings.ALLOWED_HOSTS, "
        "settings.FACTCHECK_ORGANISATION_URL]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    site_url, hosts, organisation = json.loads(output.strip().splitlines()[-1])
    assert site_url == "http://127.0.0.1:8765"
    assert "127.0.0.1" in hosts
    assert organisation == "http://127.0.0.1:8765/"
