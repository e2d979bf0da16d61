"""Every text the published report takes from the desk, and where people write it.

`snapshot.py` copies these into every report (docs/REPORT_SNAPSHOT.md). Each input
named here says so beside the field with the same words,
`annotations.public_fields.PUBLISHED` ("Shown in the published report."), so nobody
writes an internal note into a field readers will see. tests/test_published_fields.py
builds a snapshot with a marker in every text field of the rows it reads and checks
that this list names exactly the fields that come out, that every input named here
carries the notice, and that no other input does.

An input is named by where it is written:

- ``form:<module>.<Form>.<field>`` a form of the app's pages;
- ``api:<module>.<Serializer>.<field>`` an API request field (its help text is the
  OpenAPI description);
- ``admin:<app>.<Model>.<field>`` the field in the Django admin's form for the model
  (its model admin, or the inline that edits it);
- ``page:<url name>:<element id>`` a field a template writes out itself, with its
  notice in the element ``<element id>-help``.
"""

from __future__ import annotations

from dataclasses import dataclass

F = "desk.forms"
S = "api.serializers"
R = "api.reports"


@dataclass(frozen=True)
class PublishedText:
    path: str  # where the snapshot holds it; [] for every item of a list
    source: str  # the field it is copied from: "<app>.<Model>.<field>"
    inputs: tuple[str, ...] = ()
    why_no_input: str = ""  # for a text nobody types into a field of its own


PUBLISHED_TEXTS: tuple[PublishedText, ...] = (
    # --- the revision -------------------------------------------------------------
    PublishedText(
        "report.note",
        "reports.ReportRevision.note",
        ("page:report-publish:publish-note", f"api:{R}.PublishSerializer.note"),
    ),
    PublishedText(
        "report.previous[].note",
        "reports.ReportRevision.note",
        ("page:report-publish:publish-note", f"api:{R}.PublishSerializer.note"),
    ),
    PublishedText(
        "report.override_reason",
        "reports.ReportRevision.override_reason",
        (
            "page:report-publish:publish-override",
            f"api:{R}.PublishSerializer.override_reason",
        ),
    ),
    PublishedText(
        "report.published_by",
        "auth.User.first_name",
        why_no_input="a person's name, credited where FACTCHECK_CREDIT_STAFF is on",
    ),
    PublishedText(
        "report.published_by",
        "auth.User.last_name",
        why_no_input="a person's name, credited where FACTCHECK_CREDIT_STAFF is on",
    ),
    # --- the article ----------------------------------------------------------------
    PublishedText(
        "article.title",
        "annotations.Article.title",
        (
            f"form:{F}.ArticleNewForm.title",
            f"api:{S}.ArticleCreateSerializer.title",
            "admin:annotations.Article.title",
        ),
    ),
    PublishedText(
        "article.url",
        "annotations.Article.url",
        (
            f"form:{F}.ArticleNewForm.url",
            f"api:{S}.ArticleCreateSerializer.url",
            "admin:annotations.Article.url",
        ),
    ),
    PublishedText(
        "article.publisher",
        "annotations.Article.publisher",
        (
            f"form:{F}.ArticleNewForm.publisher",
            f"api:{S}.ArticleCreateSerializer.publisher",
            "admin:annotations.Article.publisher",
        ),
    ),
    PublishedText(
        "article.byline",
        "annotations.Article.byline",
        (
            f"form:{F}.ArticleNewForm.byline",
            f"api:{S}.ArticleCreateSerializer.byline",
            "admin:annotations.Article.byline",
        ),
    ),
    PublishedText(
        "article.published_on",
        "annotations.Article.published_on",
        (
            f"form:{F}.ArticleNewForm.published_on",
            f"api:{S}.ArticleCreateSerializer.published_on",
            "admin:annotations.Article.published_on",
        ),
    ),
    PublishedText(
        "article.language",
        "annotations.Article.language",
        (
            f"api:{S}.ArticleCreateSerializer.language",
            "admin:annotations.Article.language",
        ),
    ),
    PublishedText(
        "article.body",
        "annotations.Article.body",
        (
            f"form:{F}.ArticleNewForm.text",
            f"form:{F}.ArticleNewForm.file",
            f"api:{S}.ArticleCreateSerializer.text",
        ),
    ),
    # --- the rating scale -----------------------------------------------------------
    PublishedText(
        "scale.name",
        "annotations.RatingScale.name",
        why_no_input="set by the scale's data migration; read-only in the admin",
    ),
    PublishedText(
        "scale.labels[].name",
        "annotations.RatingLabel.name",
        ("admin:annotations.RatingLabel.name",),
    ),
    PublishedText(
        "claims[].verdict.name",
        "annotations.RatingLabel.name",
        ("admin:annotations.RatingLabel.name",),
    ),
    PublishedText(
        "scale.labels[].slug",
        "annotations.RatingLabel.slug",
        ("admin:annotations.RatingLabel.slug",),
    ),
    PublishedText(
        "claims[].verdict.label",
        "annotations.RatingLabel.slug",
        ("admin:annotations.RatingLabel.slug",),
    ),
    PublishedText(
        "scale.labels[].description",
        "annotations.RatingLabel.description",
        ("admin:annotations.RatingLabel.description",),
    ),
    # --- each checked claim ---------------------------------------------------------
    PublishedText(
        "claims[].text",
        "annotations.Claim.text",
        why_no_input="a span of the article body (article.body's inputs)",
    ),
    PublishedText(
        "claims[].attribution",
        "annotations.Claim.attribution",
        (
            f"form:{F}.AttributionForm.attribution",
            f"api:{S}.AttributionSerializer.attribution",
        ),
    ),
    PublishedText(
        "claims[].verdict.explanation",
        "annotations.Verdict.explanation",
        (f"form:{F}.ApproveForm.explanation", f"api:{S}.ApproveSerializer.explanation"),
    ),
    PublishedText(
        "claims[].verdict.claim_as_checked",
        "annotations.Verdict.claim_as_checked",
        (
            f"form:{F}.ApproveForm.claim_as_checked",
            f"api:{S}.ApproveSerializer.claim_as_checked",
        ),
    ),
    PublishedText(
        "claims[].verdict.gap_override_reason",
        "annotations.Verdict.gap_override_reason",
        (
            f"form:{F}.ApproveForm.gap_override_reason",
            f"api:{S}.ApproveSerializer.gap_override_reason",
        ),
    ),
    PublishedText(
        "claims[].verdict.two_person_override_reason",
        "annotations.Verdict.two_person_override_reason",
        (
            f"form:{F}.ApproveForm.two_person_override_reason",
            f"api:{S}.ApproveSerializer.two_person_override_reason",
        ),
    ),
    PublishedText(
        "claims[].verdict.approved_by",
        "auth.User.first_name",
        why_no_input="a person's name, credited where FACTCHECK_CREDIT_STAFF is on",
    ),
    PublishedText(
        "claims[].verdict.approved_by",
        "auth.User.last_name",
        why_no_input="a person's name, credited where FACTCHECK_CREDIT_STAFF is on",
    ),
    PublishedText(
        "claims[].citations[].quote",
        "annotations.Citation.quote",
        (
            f"form:{F}.CitationForm.quote",
            f"form:{F}.CitationEditForm.quote",
            "page:claim-panel:cite-edit-quote-{citation}",
            f"api:{S}.CitationCreateSerializer.quote",
            f"form:{F}.EvidenceUploadForm.quote",
            # The two forms' shared declaration (desk/forms.py).
            f"form:{F}.SourceFieldsForm.quote",
            f"api:{S}.CitationUploadSerializer.quote",
            f"api:{S}.CitationUpdateSerializer.quote",
            "admin:annotations.Citation.quote",
        ),
    ),
    PublishedText(
        "claims[].citations[].locator",
        "annotations.Citation.locator",
        (
            f"form:{F}.CitationForm.locator",
            f"form:{F}.CitationEditForm.locator",
            "page:claim-panel:cite-edit-locator-{citation}",
            f"api:{S}.CitationCreateSerializer.locator",
            f"form:{F}.EvidenceUploadForm.locator",
            # The two forms' shared declaration (desk/forms.py).
            f"form:{F}.SourceFieldsForm.locator",
            f"api:{S}.CitationUploadSerializer.locator",
            f"api:{S}.CitationUpdateSerializer.locator",
            "admin:annotations.Citation.locator",
        ),
    ),
    # --- each cited source ----------------------------------------------------------
    PublishedText(
        "claims[].citations[].source.title",
        "annotations.Source.title",
        (
            f"form:{F}.CitationForm.title",
            f"api:{S}.SourceCreateSerializer.title",
            f"api:{S}.CitationCreateSerializer.source_title",
            f"form:{F}.EvidenceUploadForm.title",
            # The two forms' shared declaration (desk/forms.py).
            f"form:{F}.SourceFieldsForm.title",
            f"api:{S}.CitationUploadSerializer.source_title",
            "admin:annotations.Source.title",
        ),
    ),
    PublishedText(
        "claims[].citations[].source.publisher",
        "annotations.Source.publisher",
        (
            f"form:{F}.CitationForm.publisher",
            f"api:{S}.SourceCreateSerializer.publisher",
            f"api:{S}.CitationCreateSerializer.source_publisher",
            f"form:{F}.EvidenceUploadForm.publisher",
            # The two forms' shared declaration (desk/forms.py).
            f"form:{F}.SourceFieldsForm.publisher",
            f"api:{S}.CitationUploadSerializer.source_publisher",
            "admin:annotations.Source.publisher",
        ),
    ),
    PublishedText(
        "claims[].citations[].source.url",
        "annotations.Source.url",
        (
            f"form:{F}.CitationForm.url",
            f"api:{S}.SourceCreateSerializer.url",
            f"api:{S}.CitationCreateSerializer.source_url",
        ),
    ),
    PublishedText(
        "claims[].citations[].source.archive_url",
        "annotations.Source.archive_url",
        (
            f"form:{F}.CitationForm.archive_url",
            f"form:{F}.SourceArchiveForm.archive_url",
            f"api:{S}.SourceCreateSerializer.archive_url",
            "admin:annotations.Source.archive_url",
        ),
    ),
    PublishedText(
        "claims[].citations[].source.domain",
        "annotations.Source.domain",
        why_no_input="derived from the source's URL",
    ),
)


def inputs() -> set[str]:
    """Every input that must say its text is published."""
    return {name for text in PUBLISHED_TEXTS for name in text.inputs}
