"""URL fetching refuses local addresses unless allowed, and caps time and size."""

import http.server
import threading

import pytest

from annotations import netfetch


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/big":
            body = b"x" * 5000
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        else:
            body = b"<html><body><p>Hello</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def fetch(url, **kwargs):
    options = {
        "timeout": 5,
        "max_bytes": 1000,
        "max_redirects": 3,
        "allow_private": True,
        "user_agent": "test",
    }
    options.update(kwargs)
    return netfetch.fetch(url, **options)


def test_loopback_is_refused_unless_allowed(local_server):
    with pytest.raises(netfetch.AddressRefused):
        fetch(local_server + "/page", allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_and_link_local_addresses_are_refused(url):
    with pytest.raises(netfetch.AddressRefused):
        netfetch.check_address(url, allow_private=False)


def test_redirects_are_followed_and_reported(local_server):
    result = fetch(local_server + "/redirect")
    assert result.status == 200
    assert result.final_url.endswith("/page")
    assert b"Hello" in result.body


def test_body_is_capped(local_server):
    result = fetch(local_server + "/big")
    assert result.truncated
    assert len(result.body) == 1000


@pytest.mark.parametrize(
    "url", ["", "ftp://example.org/", "http://", "http://x:99999/", "x" * 2100]
)
def test_malformed_urls_are_refused(url):
    with pytest.raises(netfetch.FetchError):
        netfetch.validate_url(url)
