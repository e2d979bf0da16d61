"""/api/v1/reports/: the published reports, publishing, exports, imports."""

import json

import pytest

from annotations import services as desk
from annotations.models import Claim
from reports import exporters
from reports.models import ExportJob, ReportRevision
from tests.api import API, client_for
from tests.report_fixtures import INTERNAL, verify_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(seed_text, reviewer, editor):
    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    verify_article(article, reviewer=reviewer, editor=editor)
    return article


def test_the_seed_article_through_the_api_from_approval_to_every_export(
    verified, editor
):
    """Publish, read it as anyone, download every format: nothing internal."""
    eddie, anyone = client_for(editor), client_for(None)
    response = eddie.post(f"{API}/reports/{verified.pk}/publish/", {}, format="json")
    assert response.status_code == 201
    assert response.data["number"] == 1
    listed = anyone.get(f"{API}/reports/").data["results"]
    assert [row["article"] for row in listed] == [verified.pk]
    report = anyone.get(f"{API}/reports/{verified.pk}/").data
    assert report["snapshot"]["schema"] == "factcheck-report/1"
    assert len(report["snapshot"]["claims"]) >= 8
    for identifier, exporter in exporters.EXPORTERS.items():
        response = anyone.get(f"{API}/reports/{verified.pk}/export/{identifier}/")
        assert response.status_code == 200, identifier
        assert response["Content-Type"] == exporter.content_type
        assert INTERNAL.encode() not in response.content
    assert anyone.get(f"{API}/reports/{verified.pk}/export/docx/").status_code == 404


def test_publishing_needs_verification_or_a_reason_and_a_note_later(
    seed_text, reviewer, editor
):
    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    eddie = client_for(editor)
    response = eddie.post(f"{API}/reports/{article.pk}/publish/", {}, format="json")
    assert response.status_code == 409
    assert "nothing to publish" in response.data["detail"]
    verify_article(article, reviewer=reviewer, editor=editor)
    assert eddie.post(f"{API}/reports/{article.pk}/publish/", {}).status_code == 201
    again = eddie.post(f"{API}/reports/{article.pk}/publish/", {"note": "x"})
    assert again.status_code == 409
    assert "Nothing changed" in again.data["detail"]
    assert (
        client_for(reviewer)
        .post(f"{API}/reports/{article.pk}/publish/", {})
        .status_code
        == 403
    )


def test_unpublishing_takes_the_report_down_for_everyone(verified, editor):
    eddie, anyone = client_for(editor), client_for(None)
    eddie.post(f"{API}/reports/{verified.pk}/publish/", {}, format="json")
    response = eddie.post(
        f"{API}/reports/{verified.pk}/unpublish/", {"reason": ""}, format="json"
    )
    assert response.status_code == 400
    response = eddie.post(
        f"{API}/reports/{verified.pk}/unpublish/", {"reason": "Legal."}, format="json"
    )
    assert response.status_code == 204
    assert anyone.get(f"{API}/reports/{verified.pk}/").status_code == 404
    assert ReportRevision.objects.filter(article=verified).count() == 1


def test_a_large_reports_pdf_answers_202_until_the_worker_is_done(
    verified, editor, settings, monkeypatch
):
    from reports import services, tasks

    settings.FACTCHECK_PDF_INLINE_MAX_CLAIMS = 2
    monkeypatch.setattr(tasks.render_export, "delay", lambda job_id: None)
    client_for(editor).post(f"{API}/reports/{verified.pk}/publish/", {})
    anyone = client_for(None)
    url = f"{API}/reports/{verified.pk}/export/pdf/"
    first = anyone.get(url)
    assert first.status_code == 202
    assert first.data["status"] == "queued"
    job = ExportJob.objects.get()
    services.export_run(job_id=job.pk)
    done = anyone.get(url)
    assert done.status_code == 200
    assert done.content.startswith(b"%PDF")


@pytest.mark.parametrize("bad", ["x", "0", "-1"])
def test_a_bad_revision_number_is_400(verified, editor, bad):
    client_for(editor).post(f"{API}/reports/{verified.pk}/publish/", {})
    response = client_for(None).get(f"{API}/reports/{verified.pk}/", {"revision": bad})
    assert response.status_code == 400


def test_importing_annotations_through_the_api(verified, editor, reviewer):
    eddie = client_for(editor)
    eddie.post(f"{API}/reports/{verified.pk}/publish/", {})
    collection = json.loads(
        client_for(None).get(f"{API}/reports/{verified.pk}/export/w3c/").content
    )
    copy = desk.article_create(
        title="Copy", body="A new first line.\n\n" + verified.body, created_by=reviewer
    )
    response = eddie.post(
        f"{API}/reports/{copy.pk}/import-annotations/", collection, format="json"
    )
    assert response.status_code == 200
    total = collection["total"]
    assert len(response.data["imported"]) == total
    assert response.data["unanchored"] == []
    assert Claim.objects.filter(article=copy, status="approved").count() == total
    assert (
        client_for(reviewer)
        .post(f"{API}/reports/{copy.pk}/import-annotations/", collection, format="json")
        .status_code
        == 403
    )
    response = eddie.post(
        f"{API}/reports/{copy.pk}/import-annotations/", "nope", format="json"
    )
    assert response.status_code == 400


def test_publishing_without_the_site_address_is_a_503_naming_the_setting(
    verified, editor, settings
):
    settings.FACTCHECK_SITE_URL = ""
    response = client_for(editor).post(
        f"{API}/reports/{verified.pk}/publish/", {}, format="json"
    )
    assert response.status_code == 503
    assert "FACTCHECK_SITE_URL" in response.data["detail"]
    assert not ReportRevision.objects.exists()


def test_the_report_list_links_the_callers_host_when_no_site_address_is_set(
    verified, editor, settings
):
    """An API answer is not frozen: without a configured address the report's url
    is on the host the caller used; with one, it is the configured address."""
    client_for(editor).post(f"{API}/reports/{verified.pk}/publish/", {}, format="json")
    settings.FACTCHECK_SITE_URL = ""
    listed = client_for(None).get(f"{API}/reports/").data["results"]
    assert listed[0]["url"] == f"http://testserver/reports/{verified.pk}/"
    settings.FACTCHECK_SITE_URL = "https://desk.example.org/checks"
    listed = client_for(None).get(f"{API}/reports/").data["results"]
    assert listed[0]["url"] == f"https://desk.example.org/checks/reports/{verified.pk}/"


# --- one desk's reports ---------------------------------------------------------------


def test_the_report_list_narrows_to_any_desk_and_an_unknown_one_is_404(db):
    """Published reports are public: anyone may ask for any desk's, members of
    other desks and anonymous callers alike; a slug no desk has is 404, as the
    desk's public index /w/<slug>/reports/ is."""
    from django.utils import timezone

    from annotations.models import Workspace
    from tests import factories

    coast = Workspace.objects.create(slug="coast", name="Coast desk")
    health = Workspace.objects.create(slug="health", name="Health desk")
    Workspace.objects.create(slug="quiet", name="Quiet desk")
    now = timezone.now()
    for workspace, title, published in (
        (coast, "Ferry fares", now),
        (coast, "Harbour draft", None),
        (health, "Clinic hours", now),
        (health, "Vaccine queue", now),
    ):
        factories.ArticleFactory(
            workspace=workspace, title=title, published_at=published
        )
    outsider = factories.UserFactory(role="editor", role__workspace=coast)

    def titles(caller, **params):
        answer = caller.get(f"{API}/reports/", params)
        assert answer.status_code == 200, answer.content
        return {row["title"] for row in answer.data["results"]}

    for caller in (client_for(None), client_for(outsider)):
        assert titles(caller) == {"Ferry fares", "Clinic hours", "Vaccine queue"}
        assert titles(caller, workspace="health") == {"Clinic hours", "Vaccine queue"}
        assert titles(caller, workspace="coast") == {"Ferry fares"}
        assert titles(caller, workspace="health", q="clinic") == {"Clinic hours"}
        assert titles(caller, workspace="quiet") == set()
        for unknown in ("nowhere", "Coast", "<script>", "x" * 300):
            answer = caller.get(f"{API}/reports/", {"workspace": unknown})
            assert answer.status_code == 404, unknown
            assert answer.data["detail"] == "No desk has this address."
