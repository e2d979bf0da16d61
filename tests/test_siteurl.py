"""annotations.siteurl: the site's public address, the base of every absolute link."""

import pytest

from annotations import siteurl
from annotations.errors import NotConfigured


def test_absolute_links_start_with_the_configured_address(settings):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org/checks/"
    assert (
        siteurl.absolute("/reports/4/") == "https://desk.example.org/checks/reports/4/"
    )


def test_without_an_address_there_is_no_absolute_link(settings):
    settings.FACTCHECK_SITE_URL = ""
    with pytest.raises(NotConfigured, match="FACTCHECK_SITE_URL"):
        siteurl.absolute("/reports/4/")


def test_a_claim_is_linked_on_its_article_page_with_its_panel_open():
    assert siteurl.claim_path(3, 41) == "/articles/3/?claim=41#claim-41"


@pytest.mark.parametrize(
    "value", ["desk.example.org", "ftp://desk.example.org", "https://", "http://x/?a=1"]
)
def test_a_malformed_address_fails_the_system_check(settings, value):
    settings.FACTCHECK_SITE_URL = value
    (error,) = siteurl.check_site_url()
    assert error.id == "factcheck.E001"
    assert value.rstrip("/") in error.msg


def test_production_without_an_address_is_warned_at_start_up(settings):
    settings.DEBUG = False
    settings.FACTCHECK_SITE_URL = ""
    (warning,) = siteurl.check_site_url()
    assert warning.id == "factcheck.W001"
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    assert siteurl.check_site_url() == []
