"""A webhook's address is refused when it is typed if it says by itself that it
points at this server or a private network (docs/WEBHOOKS.md, docs/SECURITY.md):
an IP literal outside the public internet, in any spelling the system's resolver
reads as one, `localhost` and the names under it, a scheme other than http(s).
The rule is the fetcher's own (`netfetch.check_entry`), asked by the service, so
the desk's page, the API and the Django admin refuse alike; a host name is still
resolved and checked at each delivery. FACTCHECK_ALLOW_PRIVATE_URLS lets all of
it through, at entry as at delivery."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from annotations.errors import InvalidInput
from annotations.sourcing import netfetch
from reports import webhooks
from reports.models import Webhook, WebhookDelivery
from tests.api import API, client_for

pytestmark = pytest.mark.django_db

PUBLIC = "https://partner.example.org/in"

# One address of each kind the rule refuses, each as a URL Django's own URL
# validator accepts, so only the new rule can have refused it.
REFUSED = {
    "IPv4 private 10/8": "http://10.1.2.3/hook",
    "IPv4 private 172.16/12": "https://172.20.0.9:8443/hook",
    "IPv4 private 192.168/16": "http://192.168.1.20/hook",
    "IPv4 loopback": "http://127.0.0.1:8000/hook",
    "IPv4 loopback, not .1": "http://127.45.6.7/hook",
    "IPv4 link-local (cloud metadata)": "http://169.254.169.254/latest/meta-data/",
    "IPv4 shared (CGNAT)": "http://100.64.0.1/hook",
    "IPv4 multicast": "http://224.0.0.251/hook",
    "IPv4 reserved": "http://240.0.0.1/hook",
    "IPv4 unspecified": "http://0.0.0.0:8000/hook",
    "IPv6 loopback": "http://[::1]:8000/hook",
    "IPv6 unspecified": "http://[::]/hook",
    "IPv6 link-local": "http://[fe80::1]/hook",
    "IPv6 unique local": "http://[fd12:3456::1]/hook",
    "IPv6 multicast": "http://[ff02::1]/hook",
    "IPv4-mapped IPv6, dotted": "http://[::ffff:10.0.0.1]/hook",
    "IPv4-mapped IPv6, hex": "http://[::ffff:7f00:1]/hook",
    "NAT64 of the metadata address": "http://[64:ff9b::a9fe:a9fe]/hook",
    "6to4 of a private address": "http://[2002:c0a8:101::1]/hook",
    "localhost": "http://localhost:8000/hook",
    "localhost in capitals": "http://LOCALHOST/hook",
    "a name under localhost": "https://api.localhost/hook",
    "a name under localhost, trailing dot": "https://api.localhost./hook",
}

# Spellings of 127.0.0.1 and 0.0.0.0 the system's resolver reads as an address
# without any lookup (inet_aton's forms). Django's URL validator refuses them
# before the rule is asked; the rule refuses them on its own too, so the refusal
# does not rest on that validator's pattern.
SPELLINGS = {
    "decimal": ("http://2130706433/", "127.0.0.1"),
    "hex dotted": ("http://0x7f.0.0.1/", "127.0.0.1"),
    "hex whole": ("http://0x7f000001/", "127.0.0.1"),
    "octal whole": ("http://017700000001/", "127.0.0.1"),
    "short": ("http://127.1/", "127.0.0.1"),
    "zero": ("http://0/", "0.0.0.0"),
}

ACCEPTED = [
    PUBLIC,
    "http://93.184.215.14/hook",
    "https://[2606:4700:4700::1111]/hook",
    "https://localhost.example.org/hook",  # a name that only starts like one
    "https://mylocalhost.net/hook",
    "https://hooks.example.com:8443/in?desk=coast",
]

SCHEMES = [
    "ftp://partner.example.org/hook",
    "file:///etc/passwd",
    "gopher://partner.example.org:70/",
    "javascript:alert(1)",
]


@pytest.fixture
def hook(desk, chief):
    return webhooks.webhook_create(
        user=chief, workspace=desk, url=PUBLIC, events=["published"]
    )


def _refusal(desk, chief, url) -> str:
    with pytest.raises(InvalidInput) as refused:
        webhooks.webhook_create(
            user=chief, workspace=desk, url=url, events=["published"]
        )
    return refused.value.message


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_the_service_refuses_a_private_or_local_address_when_added(desk, chief, url):
    message = _refusal(desk, chief, url)
    assert "private network" in message
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_the_service_refuses_it_when_changed(desk, chief, hook, url):
    with pytest.raises(InvalidInput, match="private network"):
        webhooks.webhook_update(user=chief, webhook=hook, url=url)
    hook.refresh_from_db()
    assert hook.url == PUBLIC


@pytest.mark.parametrize(("url", "address"), SPELLINGS.values(), ids=SPELLINGS.keys())
def test_odd_spellings_of_an_address_are_read_as_the_resolver_reads_them(
    desk, chief, url, address
):
    host = url.split("//", 1)[1].rstrip("/")
    assert netfetch.literal_address(host) == address
    with pytest.raises(netfetch.AddressRefused):
        netfetch.check_entry(url, allow_private=False)
    netfetch.check_entry(url, allow_private=True)
    _refusal(desk, chief, url)
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("url", SCHEMES)
def test_other_schemes_are_refused(desk, chief, hook, url):
    with pytest.raises(netfetch.FetchError):
        netfetch.check_entry(url, allow_private=True)
    _refusal(desk, chief, url)
    with pytest.raises(InvalidInput):
        webhooks.webhook_update(user=chief, webhook=hook, url=url)
    assert Webhook.objects.count() == 1


def test_a_host_the_fetcher_cannot_read_is_refused(desk, chief):
    # Django's validator takes full-width digits for a top-level domain; IDNA,
    # which the fetcher uses, does not, so it could never be delivered.
    url = "http://127.0.0.\uff11\uff11/hook"
    with pytest.raises(netfetch.FetchError):
        netfetch.check_entry(url, allow_private=True)
    assert "not a valid web address" in _refusal(desk, chief, url)


@pytest.mark.parametrize("url", ACCEPTED)
def test_public_addresses_and_names_are_accepted(desk, chief, url):
    made = webhooks.webhook_create(
        user=chief, workspace=desk, url=url, events=["published"]
    )
    assert made.url == url


@pytest.mark.parametrize("url", [*REFUSED.values(), "http://2130706433/"])
def test_the_private_url_switch_lets_them_through(desk, chief, settings, url):
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    netfetch.check_entry(url, allow_private=True)
    if url != "http://2130706433/":  # still refused by the URL's shape
        webhooks.webhook_create(
            user=chief, workspace=desk, url=url, events=["published"]
        )


def test_a_name_is_still_checked_when_a_delivery_is_sent(
    desk, chief, hook, monkeypatch
):
    """A host name passes at entry (it resolves later, maybe elsewhere); the
    delivery resolves it and refuses a private answer, as before."""
    monkeypatch.setattr(netfetch, "resolve_host", lambda host, port: ["10.0.0.7"])
    WebhookDelivery.objects.create(
        webhook=hook,
        event="published",
        uuid=uuid.uuid4(),
        payload_json="{}",
        next_attempt_at=timezone.now(),
    )
    webhooks.deliver_due(webhook_id=hook.pk)
    row = WebhookDelivery.objects.get(webhook=hook)
    assert row.state == "pending"
    assert row.last_status is None
    assert "10.0.0.7" in row.last_error


def test_a_name_under_localhost_is_refused_at_send_whatever_it_resolves_to(
    monkeypatch,
):
    # A resolver may forward `*.localhost` upstream and get a public answer; the
    # name means this machine, so it is refused before any lookup.
    looked_up = []
    monkeypatch.setattr(
        netfetch,
        "resolve_host",
        lambda host, port: looked_up.append(host) or ["93.184.215.14"],
    )
    with pytest.raises(netfetch.AddressRefused):
        netfetch.check_address("https://api.localhost/hook", allow_private=False)
    assert looked_up == []


# --- each entry point -----------------------------------------------------------------

ENTRY = [
    REFUSED["IPv4 loopback"],
    REFUSED["IPv4 link-local (cloud metadata)"],
    REFUSED["IPv4-mapped IPv6, hex"],
    REFUSED["a name under localhost"],
]


@pytest.mark.parametrize("url", ENTRY)
def test_the_desk_page_refuses_it_with_a_400_and_keeps_what_was_typed(
    client, chief, hook, url
):
    client.force_login(chief)
    answer = client.post(
        reverse("desk-webhooks"),
        {"action": "add", "url": url, "events": ["published"]},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "private network" in page
    # The form keeps the address typed, to be corrected rather than retyped.
    assert f'value="{url}"' in page
    assert Webhook.objects.count() == 1


@pytest.mark.parametrize("url", ENTRY)
def test_the_api_refuses_it_with_a_400_on_add_and_change(desk, chief, hook, url):
    api = client_for(chief)
    base = f"{API}/workspaces/{desk.slug}/webhooks/"
    added = api.post(base, {"url": url, "events": ["published"]}, format="json")
    assert added.status_code == 400, added.content
    assert added.json()["code"] == "invalidurl"
    assert "private network" in added.json()["detail"]
    changed = api.patch(f"{base}{hook.pk}/", {"url": url}, format="json")
    assert changed.status_code == 400, changed.content
    hook.refresh_from_db()
    assert hook.url == PUBLIC
    assert Webhook.objects.count() == 1


@pytest.mark.parametrize("url", ENTRY)
def test_the_admin_refuses_it_on_add_and_change(client, admin_user, desk, hook, url):
    client.force_login(admin_user)
    added = client.post(
        reverse("admin:reports_webhook_add"),
        {"workspace": desk.pk, "url": url, "events": ["published"]},
        follow=True,
    )
    said = " ".join(str(message) for message in get_messages(added.wsgi_request))
    assert "Not saved" in said
    assert "private network" in said
    assert Webhook.objects.count() == 1
    changed = client.post(
        reverse("admin:reports_webhook_change", args=[hook.pk]),
        {"url": url, "events": ["published"], "active": "on"},
        follow=True,
    )
    said = " ".join(str(message) for message in get_messages(changed.wsgi_request))
    assert "private network" in said
    hook.refresh_from_db()
    assert hook.url == PUBLIC
