"""Uploaded evidence (annotations/services/uploads.py, annotations/evidencefiles.py):
each allowed type is kept as an uploaded Capture with its hash; every hostile file
is refused with a clear message and leaves no row and no file (docs/EVIDENCE.md)."""

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations import services
from annotations.errors import InvalidInput, NotAllowed
from annotations.models import Capture, CaptureOrigin, Citation, Source
from tests import factories

pytestmark = pytest.mark.django_db


def png(width: int = 2, height: int = 1) -> bytes:
    """A real PNG (greyscale), built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xdb\x00\x43\x00" + bytes(range(64))
    + b"\xff\xd9"
)  # fmt: skip
WEBP_PAYLOAD = b"VP8L\x0a\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88"
WEBP = b"RIFF" + struct.pack("<I", 4 + len(WEBP_PAYLOAD)) + b"WEBP" + WEBP_PAYLOAD
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
TEXT = "Minutes of the council meeting, 3 March: the budget is 12 million euros.\n"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "Open me.")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _captures_of_this_test(captures_folder):
    """Every test here keeps captures in its own folder (tests/conftest.py)."""


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory()
    return factories.claims_for(article)[0]


def stored_files(folder) -> list:
    return (
        [path for path in folder.rglob("*") if path.is_file()]
        if folder.exists()
        else []
    )


class RawUpload:
    """An upload whose name is exactly what a client sent (Django's UploadedFile
    already keeps only the base name; the service must not rely on that)."""

    def __init__(self, name: str, data: bytes):
        self.name, self.data = name, data

    def chunks(self):
        yield self.data


def upload(claim, user, name: str, data: bytes, **fields):
    return services.citation_add_with_upload(
        claim=claim,
        upload=RawUpload(name, data),
        stance="supports",
        user=user,
        **fields,
    )


ACCEPTED = [
    ("minutes.pdf", PDF, "application/pdf", ""),
    ("chart.png", png(), "image/png", ""),
    ("photo.JPG", JPEG, "image/jpeg", ""),
    ("photo.jpeg", JPEG, "image/jpeg", ""),
    ("screen.webp", WEBP, "image/webp", ""),
    ("email.txt", TEXT.encode(), "text/plain; charset=utf-8", TEXT),
    ("قرار.txt", "نص القرار <b> مقتبس\n".encode(), "text/plain; charset=utf-8", None),
]


@pytest.mark.parametrize(("name", "data", "content_type", "text"), ACCEPTED)
def test_each_allowed_type_is_kept_as_an_uploaded_capture(
    claim, reviewer, captures_folder, name, data, content_type, text
):
    citation = upload(claim, reviewer, name, data, quote="12 million euros")
    capture = Capture.objects.get(source=citation.source)
    assert capture.origin == CaptureOrigin.UPLOADED
    assert capture.content_type == content_type
    assert capture.sha256 == hashlib.sha256(data).hexdigest()
    assert capture.size_bytes == len(data)
    assert capture.file_name == name
    assert capture.captured_at is not None
    assert capture.requested_by == reviewer
    assert citation.source.title == name
    assert citation.source.url == ""
    assert citation.quote == "12 million euros"
    # Stored under a name the desk made, with the type's own extension.
    assert name not in capture.file_path
    assert capture.file_path.startswith("uploads/")
    [stored] = stored_files(captures_folder)
    assert stored.read_bytes() == data
    assert capture.text == (data.decode() if text is None else text)


def test_a_browser_upload_is_stored_with_the_type_its_bytes_say(claim, reviewer):
    """Django's own UploadedFile, with a Content-Type the client lied about."""
    citation = services.citation_add_with_upload(
        claim=claim,
        upload=SimpleUploadedFile("chart.png", png(), content_type="text/html"),
        stance="refutes",
        user=reviewer,
    )
    assert Capture.objects.get(source=citation.source).content_type == "image/png"


def test_the_title_given_names_the_source(claim, reviewer):
    citation = upload(claim, reviewer, "scan.png", png(), title="Letter from the mayor")
    assert citation.source.title == "Letter from the mayor"


def _png_with_script() -> bytes:
    image = png()
    comment = b"tEXtComment\x00<script>alert(1)</script>"
    chunk = (
        struct.pack(">I", len(comment) - 4)
        + comment
        + struct.pack(">I", zlib.crc32(comment))
    )
    return image[:33] + chunk + image[33:]


REFUSED = [
    ("wrong type", "virus.exe", b"MZ\x90\x00binary", "Only PDF, PNG"),
    ("gif", "anim.gif", b"GIF89a\x01\x00\x01\x00", "Only PDF, PNG"),
    ("html as text", "page.txt", b"  <!DOCTYPE html><p>hi", "markup"),
    ("svg as text", "image.txt", b"<svg onload=alert(1)>", "markup"),
    ("no extension", "evidence", PDF, "Only PDF, PNG"),
    ("pdf that is a png", "report.pdf", png(), "contents are a PNG image"),
    ("png that is a pdf", "image.png", PDF, "contents are a PDF document"),
    ("jpeg named webp", "photo.webp", JPEG, "contents are a JPEG image"),
    ("binary named txt", "notes.txt", b"\x01\x02\x03\xfe\xff", "not any type"),
    ("png plus zip", "chart.png", png() + zip_bytes(), None),
    ("jpeg plus zip", "photo.jpg", JPEG + zip_bytes(), "ZIP archive"),
    ("pdf plus zip", "doc.pdf", PDF + zip_bytes(), "ZIP archive"),
    ("png with a script", "chart.png", _png_with_script(), "markup or a script"),
    (
        "jpeg with html",
        "photo.jpg",
        JPEG[:20] + b"\xff\xfe\x00\x20<html><body>hi</body>" + JPEG[20:],
        "markup or a script",
    ),
    ("png trailing data", "chart.png", png() + b"<?php echo 1; ?>", "after its end"),
    (
        "pdf with javascript",
        "doc.pdf",
        PDF.replace(
            b"/Type /Catalog",
            b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        ),
        "active content",
    ),
    (
        "pdf with an embedded file",
        "doc.pdf",
        PDF + b"<< /EmbeddedFiles 3 0 R >>",
        "active content",
    ),
    ("empty", "empty.txt", b"", "empty"),
    ("parent folder", "../../etc/passwd.txt", TEXT.encode(), "folder"),
    ("only dots", "..", TEXT.encode(), "dot"),
    ("folder", "uploads/x.png", png(), "folder"),
    ("windows path", "C:\\Users\\x\\chart.png", png(), "folder"),
    ("hidden", ".htaccess.txt", TEXT.encode(), "dot"),
    ("control character", "chart\x00.png", png(), "control"),
    ("new line", "chart\n.png", png(), "control"),
]


@pytest.mark.parametrize(
    ("case", "name", "data", "words"), REFUSED, ids=[case[0] for case in REFUSED]
)
def test_a_hostile_file_is_refused_and_nothing_is_stored(
    claim, reviewer, captures_folder, case, name, data, words
):
    before = (Source.objects.count(), Citation.objects.count())
    with pytest.raises(InvalidInput) as refused:
        upload(claim, reviewer, name, data)
    assert refused.value.status == 400
    if words:
        assert words in refused.value.message
    assert Capture.objects.count() == 0
    assert (Source.objects.count(), Citation.objects.count()) == before
    assert stored_files(captures_folder) == []


def test_a_file_over_the_limit_is_refused_without_reading_it_all(
    claim, reviewer, captures_folder, settings
):
    settings.FACTCHECK_UPLOAD_MAX_BYTES = 1000

    class Endless:
        """An upload that never ends: reading it all would never return."""

        name = "huge.txt"
        read = 0

        def chunks(self):
            while True:
                self.read += 400
                yield b"a" * 400

    endless = Endless()
    with pytest.raises(InvalidInput) as refused:
        services.citation_add_with_upload(
            claim=claim, upload=endless, stance="supports", user=reviewer
        )
    assert refused.value.status == 413
    assert "larger than 1,000 bytes" in refused.value.message
    assert endless.read == 1200
    assert Capture.objects.count() == 0
    assert stored_files(captures_folder) == []


def test_a_file_at_the_limit_is_kept(claim, reviewer, settings):
    settings.FACTCHECK_UPLOAD_MAX_BYTES = len(PDF)
    upload(claim, reviewer, "doc.pdf", PDF)
    assert Capture.objects.count() == 1


def test_a_citation_refused_after_storing_removes_the_file(
    claim, reviewer, captures_folder
):
    """The file is written before the citation; a refused citation (a bad stance
    here) rolls the rows back and removes the file too."""
    with pytest.raises(InvalidInput):
        services.citation_add_with_upload(
            claim=claim,
            upload=SimpleUploadedFile("doc.pdf", PDF),
            stance="agrees",
            user=reviewer,
        )
    assert Capture.objects.count() == 0
    assert not Source.objects.filter(title="doc.pdf").exists()
    assert stored_files(captures_folder) == []


def test_a_reader_cannot_upload(claim, captures_folder):
    reader = factories.UserFactory()  # signed in, no role in the desk
    with pytest.raises(NotAllowed):
        upload(claim, reader, "doc.pdf", PDF)
    assert Capture.objects.count() == 0
    assert stored_files(captures_folder) == []


@pytest.mark.parametrize(
    ("language", "name", "data", "expected"),
    [
        ("es", "report.pdf", png(), "su contenido es: imagen PNG"),
        ("ar", "report.pdf", png(), "محتواه: صورة PNG"),
        ("es", "notes.txt", b"", "El archivo está vacío."),
        ("es", "evil.exe", b"MZ\x90\x00", "Solo se pueden subir"),
    ],
)
def test_a_refusal_is_said_in_the_readers_language(
    claim, reviewer, captures_folder, language, name, data, expected
):
    """The pure checker keeps its messages in English with their parameters; the
    service says them in the reader's language, file type words included."""
    from django.utils import translation

    with translation.override(language), pytest.raises(InvalidInput) as refused:
        upload(claim, reviewer, name, data)
    assert expected in refused.value.message
    assert not Capture.objects.exists()
