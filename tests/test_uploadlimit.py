"""annotations/uploadlimit.py: a file larger than any upload the desk keeps is not
kept while the request is read, and the view still answers with the size refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.urls import reverse

from annotations import services
from annotations.models import Capture

pytestmark = pytest.mark.django_db

KEPT: list[int] = []


class RecordingHandler(MemoryFileUploadHandler):
    """Keeps files in memory as Django's own handler does, and notes how many
    bytes of each it was given."""

    chunk_size = 1024

    def new_file(self, *args, **kwargs):
        KEPT.append(0)
        super().new_file(*args, **kwargs)  # ends with StopFutureHandlers

    def handle_raw_input(self, *args, **kwargs):
        super().handle_raw_input(*args, **kwargs)
        self.activated = True  # in memory whatever the size: the count is the test

    def receive_data_chunk(self, raw_data, start):
        KEPT[-1] += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture
def recording(settings):
    KEPT.clear()
    settings.FILE_UPLOAD_HANDLERS = [
        "annotations.uploadlimit.BoundedUploadHandler",
        "tests.test_uploadlimit.RecordingHandler",
    ]
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 2000
    settings.FACTCHECK_UPLOAD_MAX_BYTES = 4000
    return KEPT


@pytest.fixture
def claim(reviewer):
    article = services.article_create(
        title="Budget", body="The council approved $3 million on Monday.",
        created_by=reviewer,
    )  # fmt: skip
    return article.claims.filter(kind="claim").first()


def test_a_huge_upload_is_dropped_past_the_limit_and_refused(
    client, reviewer, claim, recording
):
    client.force_login(reviewer)
    huge = b"%PDF-1.4\n" + b"%" * 200_000
    response = client.post(
        reverse("citation-upload", args=[claim.pk]),
        {"file": SimpleUploadedFile("big.pdf", huge), "stance": "supports",
         "kind": "primary"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 413
    assert "larger than 4,000 bytes" in response.content.decode()
    # The handler after the bound was given no more than the largest upload.
    assert recording == [pytest.approx(4000, abs=1024)]
    assert recording[0] <= 4000
    assert Capture.objects.count() == 0


def test_an_upload_within_the_limit_passes_whole(client, reviewer, claim, recording):
    client.force_login(reviewer)
    text = b"Minutes of the meeting.\n" * 100  # 2,400 bytes
    response = client.post(
        reverse("citation-upload", args=[claim.pk]),
        {"file": SimpleUploadedFile("minutes.txt", text), "stance": "supports",
         "kind": "primary"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    assert recording == [len(text)]
    assert Capture.objects.get().size_bytes == len(text)


def test_an_article_file_past_every_limit_gets_the_import_forms_message(
    client, reviewer, recording
):
    client.force_login(reviewer)
    response = client.post(
        reverse("article-new"),
        {"title": "Big", "file": SimpleUploadedFile("big.txt", b"word " * 10_000)},
    )
    assert "the limit is 2,000" in response.content.decode()
    assert recording[0] <= 4000
