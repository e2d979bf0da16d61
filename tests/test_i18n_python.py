"""What the Python code says to a person comes out in that person's language
(docs/I18N.md): a service's refusal, a form's error, a notice after an action, the
API's error detail (its machine code stays English) and a notification with its
e-mail, written in each recipient's saved language, not the actor's.

English stays the default: the other test modules compare the English texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation

from annotations import policies, services, workflow
from annotations.errors import InvalidInput, NotAllowed, WorkflowConflict
from annotations.models import GapKind, Notification
from annotations.public_fields import INTERNAL, PUBLISHED
from annotations.sourcing import gaps
from annotations.urlcheck import InvalidURL, check_url
from desk.templatetags import labels, public_fields
from tests import factories
from tests.api import API, client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

# One phrase of each message, per language, as the catalogues say it.
DISMISS_REFUSED = {
    "en": "Say why the claim is dismissed.",
    "es": "Diga por qué se descarta la afirmación.",
    "ar": "اذكر سبب استبعاد الادعاء.",
}
NOTHING_TO_IMPORT = {
    "en": "Paste the article text, upload a file or give a URL.",
    "es": "Pegue el texto del artículo, suba un archivo o dé una URL.",
    "ar": "الصق نص المقال أو ارفع ملفًا أو أعطِ رابطًا.",
}
DISMISSED = {
    "en": "Claim #{id} was dismissed.",
    "es": "La afirmación n.º {id} se descartó.",
    "ar": "استُبعد الادعاء رقم {id}.",
}
NOT_SAVED = {
    "en": "Your change was not saved.",
    "es": "Su cambio no se guardó.",
    "ar": "لم يُحفظ تغييرك.",
}
DESK_ONLY = {
    "en": "Reviewers, editors and admins only; readers use the published reports.",
    "es": "Solo revisores, editores y administradores; los lectores usan los "
    "informes publicados.",
    "ar": "للمراجعين والمحررين والمشرفين فقط؛ يستخدم القراء التقارير المنشورة.",
}
ASSIGNED = {
    "en": (
        "Eddie Editor assigned you claim #{id}:",
        "[Fact-check desk] Assigned to you",
    ),
    "es": (
        "Eddie Editor le asignó la afirmación n.º {id}:",
        "[Mesa de verificación] Asignada a usted",
    ),
    "ar": (
        "أسند إليك Eddie Editor الادعاء رقم {id}:",
        "[مكتب تدقيق الحقائق] مُسند إليك",
    ),
}
PUBLISH_REFUSED = {
    "en": "Only editors and admins publish reports.",
    "es": "Solo los editores y administradores publican informes.",
    "ar": "لا ينشر التقاريرَ إلا المحررون والمشرفون.",
}
NOTHING_TO_WITHDRAW = {
    "en": "Claim #{id}: The claim is open: there is no submission to withdraw.",
    "es": "Afirmación n.º {id}: la afirmación está abierta; no hay ningún envío "
    "que retirar.",
    "ar": "الادعاء رقم {id}: الادعاء مفتوح؛ لا يوجد إرسال لسحبه.",
}
LOCKED_WHILE_REVIEWED = {
    "en": "The evidence is locked while an editor reviews the claim; withdraw",
    "es": "Las pruebas están bloqueadas mientras un editor revisa la afirmación; "
    "retire",
    "ar": "الأدلة مقفلة ما دام محرر يراجع الادعاء؛ اسحب",
}
URL_SCHEME_REFUSED = {
    "en": "The source URL must start with http:// or https://.",
    "es": "La URL de la fuente debe empezar por http:// o https://.",
    "ar": "يجب أن يبدأ رابط المصدر بـ http:// أو https://.",
}
# The limit grouped the reader's way (Django's formats for the language).
URL_TOO_LONG = {
    "en": "The URL is longer than {limit} characters.",
    "es": "La URL supera los {limit} caracteres.",
    "ar": "الرابط أطول من {limit} حرف.",
}
NUL_IN_JSON = {
    "en": "The value at body.reason contains a NUL character",
    "es": "El valor en body.reason contiene un carácter NUL",
    "ar": "القيمة في body.reason",
}
NOT_A_MEMBER = {
    "en": "You are not a member of that desk.",
    "es": "No es miembro de esa mesa.",
    "ar": "لست عضوًا في ذلك المكتب.",
}
LANGUAGES = ["es", "ar"]


@pytest.fixture
def article(seed_text, reviewer):
    return services.article_create(title="", body=seed_text, created_by=reviewer)


def first_claim(article):
    return article.claims.filter(kind="claim").order_by("start").first()


def speaking(user, language: str):
    """`user`, having chosen `language` on their account page."""
    services.preference_set_language(user=user, language=language)
    return user


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_a_service_refusal_is_said_in_the_active_language(article, reviewer, language):
    claim = first_claim(article)
    with translation.override(language), pytest.raises(InvalidInput) as refused:
        services.claim_dismiss(
            claim=claim, reason="  ", user=reviewer, expected_version=claim.version
        )
    assert refused.value.message == DISMISS_REFUSED[language]


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_a_policy_refusal_is_said_in_the_active_language(article, reviewer, language):
    claim = first_claim(article)
    with translation.override(language):
        with pytest.raises(NotAllowed) as refused:
            policies.check_publish(reviewer, article)
        assert refused.value.message == PUBLISH_REFUSED[language]
        # The workflow's refusal, said whole: the state agrees with the claim.
        with pytest.raises(WorkflowConflict) as refused:
            policies.check_withdraw(reviewer, claim, [])
        assert refused.value.message == NOTHING_TO_WITHDRAW[language].format(
            id=claim.pk
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_panels_locked_note_is_said_in_the_persons_language(
    article, reviewer, language
):
    claim = first_claim(article)
    services.rating_set(claim=claim, reviewer=reviewer, label=factories.label())
    claim.refresh_from_db()
    services.claim_submit(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    ratings = list(claim.ratings.all())
    with translation.override(language):
        note = policies.claim_actions(reviewer, claim, ratings).locked_note
    assert note.startswith(LOCKED_WHILE_REVIEWED[language])


def test_the_workflow_refusals_say_the_workflows_english_word_for_word():
    """The policies say each refusal of `workflow.transition` as a whole sentence
    of their own; in English it is the pure module's, for every state and event."""
    refused = 0
    with translation.override("en"):
        for state in workflow.State:
            for event in workflow.Event:
                if workflow.allowed(state, event):
                    continue
                with pytest.raises(workflow.IllegalTransition) as exc:
                    workflow.transition(state, event)
                refusal = policies.TRANSITION_REFUSALS.get(
                    event, policies.TRANSITION_REFUSED
                )
                said = str(refusal) % {
                    "id": 7,
                    "state": policies.CLAIM_STATE_WORDS[state],
                }
                assert said == f"Claim #7: {exc.value.message}"
                refused += 1
    assert refused > 20


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_a_url_refusal_is_said_in_the_active_language(language):
    with translation.override(language):
        with pytest.raises(InvalidURL) as refused:
            check_url(
                "ftp://example.org/file", what=translation.gettext("The source URL")
            )
        assert refused.value.message == URL_SCHEME_REFUSED[language]
        with pytest.raises(InvalidURL) as refused:
            check_url("https://example.org/" + "a" * 2000)
        limit = formats.number_format(2000, force_grouping=True)
        assert refused.value.message == URL_TOO_LONG[language].format(limit=limit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_apis_url_refusal_follows_accept_language(reviewer, language):
    response = client_for(reviewer).post(
        f"{API}/sources/",
        {"url": "ftp://example.org/file", "title": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert URL_SCHEME_REFUSED[language] in str(response.json())
    assert URL_SCHEME_REFUSED["en"] not in str(response.json())


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_the_apis_bad_text_refusal_follows_accept_language(reviewer, article, language):
    claim = first_claim(article)
    response = client_for(reviewer).post(
        f"{API}/claims/{claim.pk}/dismiss/",
        {"reason": "opinion\x00", "version": claim.version},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith(NUL_IN_JSON[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_desk_switchers_refusal_is_said_in_the_persons_language(
    client, reviewer, language
):
    client.force_login(speaking(reviewer, language))
    elsewhere = services.workspace_create(
        user=factories.UserFactory(is_superuser=True, is_staff=True),
        name="Elsewhere",
        slug="elsewhere",
    )
    response = client.post(reverse("workspace-switch"), {"workspace": elsewhere.pk})
    assert response.status_code == 403
    page = response.content.decode()
    assert NOT_A_MEMBER[language] in page
    assert NOT_A_MEMBER["en"] not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_error_is_said_in_the_persons_language(client, reviewer, language):
    client.force_login(speaking(reviewer, language))
    response = client.post(reverse("article-new"), {"text": "", "url": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert NOTHING_TO_IMPORT[language] in page
    assert NOTHING_TO_IMPORT["en"] not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_after_an_action_is_said_in_the_persons_language(
    client, reviewer, article, language
):
    client.force_login(speaking(reviewer, language))
    claim = first_claim(article)
    response = client.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "opinion", "version": claim.version},
        follow=True,
    )
    page = response.content.decode()
    assert DISMISSED[language].format(id=claim.pk) in page
    assert DISMISSED["en"].format(id=claim.pk) not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_api_error_detail_follows_accept_language_and_its_code_stays_english(
    reviewer, article, language
):
    claim = first_claim(article)
    seen = claim.version
    services.claim_set_attribution(
        claim=claim, attribution="the minister", user=reviewer, expected_version=seen
    )
    api = client_for(reviewer)
    response = api.post(
        f"{API}/claims/{claim.pk}/dismiss/",
        {"reason": "opinion", "version": seen},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 409
    body = response.json()
    assert NOT_SAVED[language] in body["detail"]
    assert f"{claim.pk}" in body["detail"]
    assert body["code"] == "conflict"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_permission_refusal_of_the_api_is_said_in_the_requests_language(language):
    reader = factories.UserFactory(username="reader")
    response = client_for(reader).get(f"{API}/claims/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert response.json()["detail"] == DESK_ONLY[language]


def test_a_notification_is_written_in_each_recipients_language(
    settings, editor, reviewer, sam, article
):
    """One assignment, three people: one chose Spanish, one Arabic, one nothing
    (the site's default, English). The editor's own language plays no part."""
    settings.FACTCHECK_EMAIL_NOTIFICATIONS = True
    reviewer.email, sam.email = "rita@example.org", "sam@example.org"
    reviewer.save(), sam.save()
    speaking(reviewer, "es")
    speaking(sam, "ar")
    plain = factories.UserFactory(
        username="ned", email="ned@example.org", role="reviewer"
    )
    claim = first_claim(article)
    with translation.override("es"):  # the editor reads the desk in Spanish
        services.claim_assign(
            claim=claim,
            assignees=[reviewer, sam, plain],
            user=editor,
            expected_version=claim.version,
        )
    notes = {note.recipient_id: note for note in Notification.objects.all()}
    assert len(notes) == 3
    services.notifications_email(notification_ids=[n.pk for n in notes.values()])
    mails = {message.to[0]: message for message in mail.outbox}
    for person, language in ((reviewer, "es"), (sam, "ar"), (plain, "en")):
        said, subject = ASSIGNED[language]
        assert notes[person.pk].text.startswith(said.format(id=claim.pk)), language
        sent = mails[person.email]
        assert sent.subject == subject
        assert sent.body.startswith(said.format(id=claim.pk))


def test_the_pure_modules_labels_are_all_marked_for_translation():
    """The workflow's, the gap kinds' and the published-field notices' English
    words are said through the catalogue by their English text: each must be
    among the marked ones, or it would stay English on every page."""
    states = {label.label for label in (*workflow.ArticleState, *workflow.Publication)}
    assert states <= set(labels.STATE_WORDS)
    assert {kind.label for kind in gaps.KINDS} == set(labels.GAP_KIND_WORDS)
    assert {PUBLISHED, INTERNAL} == set(public_fields.NOTICES)
    with translation.override("es"):
        assert str(GapKind.NO_SOURCE.label) == "Sin fuente"
        assert labels.state_label("in review") == "En revisión"
        assert public_fields.published_notice() == "Se muestra en el informe publicado."


# The Python packages whose words reach people; the pure ones with a language
# handling of their own are left out (docs/I18N.md).
PYTHON_SOURCES = ("annotations", "api", "desk", "reports", "factcheck")
PYTHON_LEFT_OUT = (
    "annotations/extraction",
    "reports/exporters",
    "annotations/management",
)
PYTHON_KEYWORDS = {
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
}


def _python_messages() -> set:
    """Every (context, msgid) the Python code marks, as makemessages finds them."""
    found = set()
    for package in PYTHON_SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(PYTHON_LEFT_OUT) or "/migrations/" in relative:
                continue
            with open(path, "rb") as source:
                for _line, function, message, _comments in extract_python(
                    source, PYTHON_KEYWORDS, [], {}
                ):
                    if function.startswith("pgettext"):
                        found.add((message[0], message[1]))
                    elif isinstance(message, tuple):
                        found.add((None, tuple(message[:2])))
                    elif message:
                        found.add((None, message))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_the_python_code_marks_is_translated(language):
    """A string marked in Python after the catalogues were made is missing (or
    untranslated) until `makemessages` runs and someone translates it."""
    marked = _python_messages()
    assert len(marked) > 300  # the extractor found the Python side's strings
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
        catalog = read_po(po, locale=language)
    translated = {
        (
            message.context,
            message.id if isinstance(message.id, str) else tuple(message.id),
        )
        for message in catalog
        if message.id
        and not message.fuzzy
        and all(
            message.string if isinstance(message.string, tuple) else [message.string]
        )
    }
    missing = marked - translated
    assert not missing, sorted(missing, key=str)[:10]
