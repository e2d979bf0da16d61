"""POST /api/citations/upload/: uploaded evidence through the API (multipart)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations.models import Capture, Citation, Source
from tests import factories
from tests.api import API, client_for
from tests.conftest import files_in
from tests.test_uploads import JPEG, PDF, png, zip_bytes

pytestmark = pytest.mark.django_db
URL = f"{API}/citations/upload/"


@pytest.fixture(autouse=True)
def _captures_of_this_test(captures_folder):
    """Every test here keeps captures in its own folder (tests/conftest.py)."""


def post(client, claim, name, data, **fields):
    return client.post(
        URL,
        {
            "claim": claim.pk,
            "stance": "supports",
            "file": SimpleUploadedFile(name, data, content_type="image/png"),
            **fields,
        },
        format="multipart",
    )


def test_a_reviewer_uploads_a_pdf_as_a_cited_source(reviewer, claim, captures_folder):
    response = post(
        client_for(reviewer), claim, "minutes.pdf", PDF,
        source_title="Council minutes", quote="$3 million",
    )  # fmt: skip
    assert response.status_code == 201, response.data
    assert response.data["source"]["title"] == "Council minutes"
    capture = Capture.objects.get()
    assert capture.origin == "uploaded"
    assert capture.content_type == "application/pdf"
    assert capture.sha256 == hashlib.sha256(PDF).hexdigest()
    assert files_in(captures_folder) == 1


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("minutes.pdf", png(), 400),  # a PNG called .pdf
        ("photo.jpg", JPEG + zip_bytes(), 400),  # also a ZIP
        ("tool.exe", b"MZ\x90\x00", 400),
        ("empty.txt", b"", 400),
        ("big.pdf", PDF + b"%" * 5000, 413),
    ],
)
def test_hostile_uploads_are_refused_and_nothing_is_stored(
    reviewer, claim, captures_folder, settings, name, data, status
):
    settings.FACTCHECK_UPLOAD_MAX_BYTES = 4096
    before = (Source.objects.count(), Citation.objects.count())
    response = post(client_for(reviewer), claim, name, data)
    assert response.status_code == status, response.data
    assert response.data["detail"]
    assert Capture.objects.count() == 0
    assert (Source.objects.count(), Citation.objects.count()) == before
    assert files_in(captures_folder) == 0


def test_a_request_without_a_file_is_400(reviewer, claim):
    response = client_for(reviewer).post(
        URL, {"claim": claim.pk, "stance": "supports"}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.data


def test_json_is_not_an_upload(reviewer, claim):
    response = client_for(reviewer).post(
        URL, {"claim": claim.pk, "stance": "supports"}, format="json"
    )
    assert response.status_code == 400
    assert "file" in response.data


def test_someone_without_a_role_in_the_desk_cannot_upload(claim, captures_folder):
    outsider = factories.UserFactory()
    response = post(client_for(outsider), claim, "minutes.pdf", PDF)
    assert response.status_code in {403, 404}
    assert Capture.objects.count() == 0
    assert files_in(captures_folder) == 0


def test_anonymous_cannot_upload(client, claim, captures_folder):
    response = client.post(
        URL,
        {
            "claim": claim.pk,
            "stance": "supports",
            "file": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert response.status_code in {401, 403}
    assert files_in(captures_folder) == 0
