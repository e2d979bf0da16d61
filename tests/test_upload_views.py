"""The claim panel's "Upload a file as a source" form (desk/views/article.py):
a reviewer cites an uploaded file; a hostile one gets the reason beside the form
and nothing is stored; someone without a role in the desk cannot upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html as lxml_html

from annotations.models import Capture, Citation, Source
from tests import factories
from tests.conftest import files_in
from tests.test_uploads import PDF, TEXT, png, zip_bytes

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _captures_of_this_test(captures_folder):
    """Every test here keeps captures in its own folder (tests/conftest.py)."""


def post(client, claim, name, data, **fields):
    return client.post(
        reverse("citation-upload", args=[claim.pk]),
        {
            "file": SimpleUploadedFile(name, data),
            "stance": "refutes",
            "kind": "primary",
            **fields,
        },
        **HTMX,
    )


def test_the_panel_offers_the_upload_form(client, reviewer, claim):
    client.force_login(reviewer)
    page = client.get(
        reverse("article-detail", args=[claim.article_id]), {"claim": claim.pk}
    )
    tree = lxml_html.fromstring(page.content)
    [form] = tree.xpath('//form[@id="upload-form"]')
    assert form.get("enctype") == "multipart/form-data"
    assert form.get("hx-encoding") == "multipart/form-data"
    assert form.xpath('.//input[@type="file" and @name="file"]')


def _accessible_names(form) -> dict[str, str]:
    """Each field of `form` (an lxml form) by id, with the name a screen reader
    gives it: its <label for> text, after its fieldset's legend for a radio or a
    checkbox (a group's choices are named in the group's context)."""
    document = form.getroottree()
    names = {}
    for field in form.xpath('.//input[not(@type="hidden")] | .//select | .//textarea'):
        field_id = field.get("id")
        assert field_id, lxml_html.tostring(field)
        labels = document.xpath(f'//label[@for="{field_id}"]')
        assert len(labels) == 1, (field_id, len(labels))
        name = " ".join(labels[0].text_content().split())
        if field.get("type") in ("radio", "checkbox"):
            legends = field.xpath("ancestor::fieldset[1]/legend")
            name = " ".join([*(legend.text_content() for legend in legends), name])
        names[field_id] = name
    return names


@pytest.mark.parametrize("errors", [False, True])
def test_the_add_and_upload_forms_name_each_field_apart(
    client, reviewer, claim, errors
):
    """Both forms sit in one panel: every field has an id of its own, one label
    tied to it, and no two fields of the two forms share a name (a screen reader
    listing the panel's fields must tell "Source title" from the file's title)."""
    client.force_login(reviewer)
    if errors:  # the panel as it comes back after a refused upload
        page = post(client, claim, "empty.pdf", b"", title="x" * 600)
    else:
        page = client.get(
            reverse("article-detail", args=[claim.article_id]), {"claim": claim.pk}
        )
    tree = lxml_html.fromstring(page.content)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    [add] = tree.xpath('//form[@id="cite-form"]')
    [upload] = tree.xpath('//form[@id="upload-form"]')
    names = [*_accessible_names(add).values(), *_accessible_names(upload).values()]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert duplicates == []
    assert len(_accessible_names(upload)) >= 8  # file, 4 stances, and the rest


def test_a_reviewer_cites_an_uploaded_file(client, reviewer, claim, captures_folder):
    client.force_login(reviewer)
    response = post(
        client, claim, "letter.txt", TEXT.encode(), title="Letter from the mayor"
    )
    assert response.status_code == 200
    assert "Cited the uploaded file" in response.content.decode()
    citation = Citation.objects.get(claim=claim)
    assert citation.source.title == "Letter from the mayor"
    assert citation.stance == "refutes"
    assert Capture.objects.get(source=citation.source).text == TEXT
    assert files_in(captures_folder) == 1


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("scan.pdf", png(), "its contents are a PNG image"),
        ("chart.png", png() + zip_bytes(), "ZIP archive"),
        ("empty.pdf", b"", "empty"),
        ("page.txt", b"<html><script>alert(1)</script>", "markup"),
    ],
)
def test_a_hostile_file_is_refused_beside_the_form_and_nothing_is_stored(
    client, reviewer, claim, captures_folder, name, data, words
):
    client.force_login(reviewer)
    sources = Source.objects.count()
    response = post(client, claim, name, data)
    assert response.status_code == 400
    tree = lxml_html.fromstring(response.content)
    [alert] = tree.xpath('//p[@data-slot="upload"]')
    assert words in alert.text_content()
    assert (Capture.objects.count(), Citation.objects.count()) == (0, 0)
    assert Source.objects.count() == sources
    assert files_in(captures_folder) == 0


def test_a_file_over_the_limit_is_413(
    client, reviewer, claim, captures_folder, settings
):
    settings.FACTCHECK_UPLOAD_MAX_BYTES = 100
    client.force_login(reviewer)
    response = post(client, claim, "doc.pdf", PDF + b"%" * 200)
    assert response.status_code == 413
    assert "larger than 100 bytes" in response.content.decode()
    assert files_in(captures_folder) == 0


def test_someone_without_a_role_in_the_desk_cannot_upload(
    client, claim, captures_folder
):
    client.force_login(factories.UserFactory())
    response = post(client, claim, "doc.pdf", PDF)
    assert response.status_code in {403, 404}
    assert Capture.objects.count() == 0
    assert files_in(captures_folder) == 0
