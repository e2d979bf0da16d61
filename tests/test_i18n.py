"""The interface in the desk's language (docs/I18N.md).

- The catalogues: each committed .mo says what its .po says, every marked string of
  the templates and scripts is in the catalogues, and every one is translated, in
  every plural form the language has (Arabic: six).
- Every page, rendered in Spanish and in Arabic, asks for no string the catalogue
  cannot translate, and Arabic pages are laid out right to left.
- The language is the person's saved choice, then the visitor's cookie, then the
  browser's; the saved choice costs no query per page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_javascript, extract_python
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

from annotations import services
from annotations.errors import InvalidInput, NotAllowed
from annotations.models import SESSION_LANGUAGE_KEY, UserPreference
from tests.support import access_design
from tests.support.access_world import build_world, fill
from tests.support.shared_world import shared_world

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
DOMAINS = ("django", "djangojs")
# What CLDR says each language's plurals are; the catalogue header must agree.
PLURAL_FORMS = {"es": 2, "ar": 6}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _po(language: str, domain: str):
    with open(LOCALE / language / "LC_MESSAGES" / f"{domain}.po", "rb") as po_file:
        return read_po(po_file, locale=language)


def _messages(catalog) -> dict:
    """A catalogue as {(context, msgid): translation}, leaving out the header."""

    def frozen(text):
        return text if isinstance(text, str) else tuple(text)

    return {
        (message.context, frozen(message.id)): frozen(message.string)
        for message in catalog
        if message.id
    }


# --- the catalogues ------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_says_what_its_po_says(language, domain):
    """A .po edited without compiling (or a .mo left from an older .po) fails here:
    a fresh machine has no gettext to compile them, so the .mo is committed."""
    po = _messages(_po(language, domain))
    with open(LOCALE / language / "LC_MESSAGES" / f"{domain}.mo", "rb") as mo_file:
        mo = _messages(read_mo(mo_file))
    assert mo == po


def _template_messages() -> set:
    """Every (context, msgid) the templates mark, found as makemessages finds them
    (Django's templatize, then a Python extractor), without gettext installed."""
    keywords = {
        "gettext": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "npgettext": ((1, "c"), 2, 3),
    }
    found = set()
    for path in (ROOT / "templates").rglob("*.html"):
        source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # Python's tokenizer reads the markup's indentation as Python's.
        source = "\n".join(line.lstrip() for line in source.splitlines())
        for _line, _function, message, _comments in extract_python(
            io.BytesIO(source.encode("utf-8")), keywords, [], {}
        ):
            found.add(_key(message, keywords_with_context=_function))
    return found


def _key(message, keywords_with_context):
    """(context, msgid) of an extracted call; the msgid is a (singular, plural)
    pair for plurals, as the catalogue keeps it."""
    if keywords_with_context == "pgettext":
        return (message[0], message[1])
    if keywords_with_context == "npgettext":
        return (message[0], (message[1], message[2]))
    if isinstance(message, tuple):
        return (None, tuple(message[:2]))  # the third is the count's variable
    return (None, message)


def _script_messages() -> set:
    found = set()
    keywords = {"gettext": None, "ngettext": (1, 2)}
    for path in (ROOT / "static" / "annotations").glob("*.js"):
        with open(path, "rb") as script:
            for _line, _function, message, _comments in extract_javascript(
                script, keywords, [], {}
            ):
                msgid = tuple(message[:2]) if isinstance(message, tuple) else message
                if msgid and msgid[0] is not None:  # a call with no literal to read
                    found.add((None, msgid))
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_in_the_catalogues(language):
    """A string marked in a template or a script after the catalogues were made is
    missing until `makemessages` runs again (docs/I18N.md says how)."""
    in_templates = _template_messages()
    assert len(in_templates) > 300  # the extractor found the templates' strings
    missing = in_templates - set(_messages(_po(language, "django")))
    assert not missing, sorted(missing, key=str)[:10]
    in_scripts = _script_messages()
    assert in_scripts
    missing = in_scripts - set(_messages(_po(language, "djangojs")))
    assert not missing, sorted(missing, key=str)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_in_every_plural_form(language, domain):
    catalog = _po(language, domain)
    assert f"nplurals={PLURAL_FORMS[language]};" in catalog.plural_forms
    untranslated, wrong_forms, wrong_placeholders = [], [], []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            untranslated.append(message.id)
        if message.pluralizable:
            if len(message.string) != PLURAL_FORMS[language]:
                wrong_forms.append(message.id)
            forms = list(enumerate(message.string))
            source = set(PLACEHOLDER.findall(message.id[1]))
        else:
            forms = [(None, message.string)]
            source = set(PLACEHOLDER.findall(message.id))
        for index, form in forms:
            if not form.strip():
                untranslated.append(message.id)
                continue
            said = set(PLACEHOLDER.findall(form))
            # A form that stands for one number only (Arabic's zero, one and two)
            # may say it in words ("ادعاءان") and leave its count out; no form may
            # name a value the message does not have.
            single_valued = language == "ar" and index in (0, 1, 2)
            if said - source or (not single_valued and said != source):
                wrong_placeholders.append((message.id, form))
    assert not untranslated, untranslated[:10]
    assert not wrong_forms, wrong_forms[:10]
    assert not wrong_placeholders, wrong_placeholders[:10]


def test_the_arabic_catalogue_header_says_six_plural_forms():
    catalog = _po("ar", "django")
    assert catalog.num_plurals == 6
    assert "n%100>=11" in catalog.plural_forms


# --- every page, in each language ---------------------------------------------------


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, build_world) as built:
        yield built


@pytest.fixture
def world(shared, db):
    return shared.view()


def _pages(world) -> list[str]:
    """Every page the editor opens (the access matrix's GET pages answering 200),
    and the article with a claim's panel open."""
    editor = access_design.ROLES.index("editor")
    paths = [
        fill(row.path, world)
        for row in access_design.ROWS
        if row.surface == access_design.PAGE
        and row.method == "GET"
        and not row.htmx
        and row.expect[editor] == "200"
    ]
    paths.append(
        reverse("article-detail", args=[world.draft.pk])
        + f"?claim={world.worked_claim.pk}"
    )
    return paths


@pytest.fixture
def untranslated(monkeypatch):
    """Every message a page asked the active (non-English) catalogue for and that
    catalogue does not have: a marked string left untranslated."""
    asked = []
    original_gettext = trans_real.DjangoTranslation.gettext
    original_ngettext = trans_real.DjangoTranslation.ngettext

    def gettext(self, message):
        if self.language() != "en" and message.strip() and message not in self._catalog:
            asked.append(message.replace(trans_real.CONTEXT_SEPARATOR, " | "))
        return original_gettext(self, message)

    def ngettext(self, singular, plural, number):
        if self.language() != "en" and (singular, 0) not in self._catalog:
            asked.append(singular)
        return original_ngettext(self, singular, plural, number)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", ngettext)
    return asked


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_speaks_the_persons_language(world, language, untranslated):
    services.preference_set_language(user=world.eddie, language=language)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.eddie)
    rendered = 0
    for path in _pages(world):
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        rendered += 1
        assert response.status_code == 200, path
        assert response["Content-Language"] == language, path
        if "api/docs" in path:
            continue  # Swagger UI and Redoc are English applications of their own
        if "<html" not in html:
            continue  # a fragment the page polls, inside a page checked here
        direction = "rtl" if language == "ar" else "ltr"
        if 'class="site-nav"' in html or 'class="site-preview"' in html:
            # A public report speaks its article's language; the site's bar
            # around it speaks the reader's.
            assert f'lang="{language}" dir="{direction}">' in html, path
            continue
        assert f'<html lang="{language}" dir="{direction}">' in html, path
    assert rendered > 15
    assert not untranslated, sorted(set(untranslated))[:15]


def test_an_untranslated_string_is_caught(untranslated):
    """The check above can fail: a marked string with no translation is reported,
    one the catalogue has is not."""
    with translation.override("ar"):
        translation.gettext("Dashboard")
        translation.gettext("A sentence nobody translated")
        translation.ngettext("%(count)s claim", "%(count)s claims", 3)
        translation.ngettext("%(count)s thing", "%(count)s things", 3)
    assert untranslated == ["A sentence nobody translated", "%(count)s thing"]


# --- how the language is chosen -----------------------------------------------------


def _page_language(response) -> str:
    match = re.search(
        r'<html lang="([^"]+)" dir="(rtl|ltr)">', response.content.decode()
    )
    return match.group(1), match.group(2)


def test_the_saved_choice_beats_the_browsers(reviewer):
    services.preference_set_language(user=reviewer, language="ar")
    client = Client(HTTP_ACCEPT_LANGUAGE="es;q=1.0, en;q=0.5")
    client.force_login(reviewer)
    response = client.get(reverse("dashboard"))
    assert _page_language(response) == ("ar", "rtl")
    assert "لوحة التحكم" in response.content.decode()


def test_without_a_saved_choice_the_browser_chooses(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    client.force_login(reviewer)
    assert _page_language(client.get(reverse("dashboard"))) == ("es", "ltr")
    # "As my browser says" after a choice gives the browser its say back.
    services.preference_set_language(user=reviewer, language="ar")
    services.preference_set_language(user=reviewer, language="")
    client.force_login(reviewer)
    assert _page_language(client.get(reverse("dashboard"))) == ("es", "ltr")


def test_a_browser_language_the_desk_does_not_speak_falls_back_to_english(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="hy,fi;q=0.8")
    assert _page_language(client.get(reverse("login"))) == ("en", "ltr")


def test_a_visitor_chooses_with_the_language_cookie(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in login_page
    response = client.post(
        reverse("set_language"), {"language": "ar", "next": reverse("report-index")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("report-index")
    page = client.get(reverse("report-index"))
    assert _page_language(page) == ("ar", "rtl")
    assert "تقارير تدقيق الحقائق" in page.content.decode()
    assert _page_language(client.get(reverse("login"))) == ("ar", "rtl")


def test_choosing_on_the_account_page_saves_and_applies_at_once(reviewer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reviewer)
    account = client.get(reverse("account-tokens")).content.decode()
    assert 'id="account-language-form"' in account
    response = client.post(
        reverse("account-language"), {"language": "es", "next": reverse("dashboard")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert UserPreference.objects.get(user=reviewer).language == "es"
    assert _page_language(client.get(reverse("dashboard"))) == ("es", "ltr")
    # Another browser the person signs in on speaks it too.
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="ar")
    elsewhere.force_login(reviewer)
    assert _page_language(elsewhere.get(reverse("dashboard"))) == ("es", "ltr")


@pytest.mark.parametrize(
    "target", ["https://elsewhere.example/phish", "//elsewhere.example/", "0", "-1", ""]
)
def test_the_account_language_goes_back_only_to_a_page_of_this_site(reviewer, target):
    """Another host, or a word that is no path (redirect() would look it up as a
    view's name and answer 500), sends the person to their account page."""
    client = Client()
    client.force_login(reviewer)
    response = client.post(
        reverse("account-language"), {"language": "es", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account-tokens")


@pytest.mark.parametrize("bad", ["fr", "klingon", "es\u202e", "x" * 500])
def test_a_language_not_offered_is_a_clear_400(reviewer, bad):
    client = Client()
    client.force_login(reviewer)
    response = client.post(reverse("account-language"), {"language": bad})
    assert response.status_code == 400
    assert "Pick one of the languages offered." in response.content.decode()
    assert not UserPreference.objects.filter(user=reviewer).exists()


def test_a_visitor_cannot_save_a_preference(db):
    response = Client().post(reverse("account-language"), {"language": "es"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not UserPreference.objects.exists()


def test_the_service_asks_the_policy(db, reviewer):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.preference_set_language(user=AnonymousUser(), language="es")
    reviewer.is_active = False
    with pytest.raises(NotAllowed):
        services.preference_set_language(user=reviewer, language="es")
    reviewer.is_active = True
    with pytest.raises(InvalidInput):
        services.preference_set_language(user=reviewer, language="de")
    preference = services.preference_set_language(user=reviewer, language=" ar ")
    assert (preference.language, UserPreference.objects.count()) == ("ar", 1)
    services.preference_set_language(user=reviewer, language="es")
    assert UserPreference.objects.get().language == "es"  # one row, changed


def test_a_language_removed_from_the_settings_falls_back_to_the_browser(
    reviewer, settings
):
    services.preference_set_language(user=reviewer, language="ar")
    settings.LANGUAGES = [("en", "English"), ("es", "Español")]
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(reviewer)
    assert _page_language(client.get(reverse("dashboard"))) == ("es", "ltr")


def test_the_saved_choice_costs_no_query_per_page(reviewer, django_assert_num_queries):
    """Read once as the person signs in (into the session); a page with a saved
    language costs exactly what the same page cost the same person without one."""
    url = reverse("notifications")
    plain = Client()
    plain.force_login(reviewer)
    with CaptureQueriesContext(connection) as without:
        plain.get(url)
    services.preference_set_language(user=reviewer, language="ar")
    chosen = Client()
    chosen.force_login(reviewer)
    assert chosen.session[SESSION_LANGUAGE_KEY] == [reviewer.pk, "ar"]
    with django_assert_num_queries(len(without)):
        response = chosen.get(url)
    assert _page_language(response) == ("ar", "rtl")
    with django_assert_num_queries(len(without)):
        chosen.get(url)


def test_a_session_from_before_sign_in_reads_the_choice_once(reviewer):
    """A session without the remembered language (made before this code, or by a
    login that bypassed the signal) reads it once, then remembers it."""
    services.preference_set_language(user=reviewer, language="es")
    client = Client()
    client.force_login(reviewer)
    session = client.session
    del session[SESSION_LANGUAGE_KEY]
    session.save()
    assert _page_language(client.get(reverse("dashboard"))) == ("es", "ltr")
    assert client.session[SESSION_LANGUAGE_KEY] == [reviewer.pk, "es"]
