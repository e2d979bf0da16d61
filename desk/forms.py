"""Forms of the reviewer workspace: they check shape only, services hold the rules."""

from pathlib import Path

from django import forms
from django.conf import settings

from annotations import limits
from annotations.extraction.ingest import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    TEXT_SUFFIXES,
)
from annotations.models import Claim, Confidence, RatingLabel, SourceKind, Stance
from annotations.public_fields import internal, published
from annotations.urlcheck import InvalidURL, check_url
from annotations.wording import person_name

UPLOAD_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES


def published_text(label: str, max_length: int, *, note: str = "") -> forms.CharField:
    """An optional field within its length limit whose help says the published
    report shows it (after `note`, when given)."""
    return forms.CharField(
        label=label, required=False, max_length=max_length, help_text=published(note)
    )


class ArticleNewForm(forms.Form):
    """A new article from pasted text, an uploaded file or a URL (exactly one)."""

    text = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=published(
            "Paste the article as published; the first line becomes the title."
        ),
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text=published(".txt, .md or .html."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.text,.md,.markdown,.html,.htm"}
        ),
    )
    url = forms.CharField(
        label="…or fetch a URL",
        required=False,
        max_length=limits.URL_MAX,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=published(),
    )
    title = published_text(
        "Title",
        limits.TITLE_MAX,
        note="Optional: taken from the text or page when empty.",
    )
    publisher = published_text("Publisher", limits.PUBLISHER_MAX)
    byline = published_text(
        "Byline",
        limits.BYLINE_MAX,
        note="Optional: taken from a “By …” line when empty.",
    )
    published_on = forms.DateField(
        label="Published on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=published(
            "Optional: taken from a date or time stamp line when empty."
        ),
    )
    # Set by the "Import anyway" button of the duplicate warning.
    allow_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The address an uploaded page gave for itself (its canonical URL), carried when
    # the duplicate warning hands the page's text back as pasted text.
    original_url = forms.CharField(
        required=False, max_length=limits.URL_MAX, widget=forms.HiddenInput
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        suffix = Path(upload.name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                f"Unsupported file type {suffix or '(none)'}: use .txt, .md or .html."
            )
        if upload.size > settings.FACTCHECK_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; the limit is "
                f"{settings.FACTCHECK_MAX_UPLOAD_BYTES:,}."
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload

    def clean(self):
        data = super().clean()
        given = [
            name
            for name in ("text", "file", "url")
            if (data.get(name) or "") and (name != "text" or data["text"].strip())
        ]
        if not given and not self.errors:
            raise forms.ValidationError(
                "Paste the article text, upload a file or give a URL.", code="empty"
            )
        if len(given) > 1:
            raise forms.ValidationError(
                "Give only one of: pasted text, a file or a URL.", code="ambiguous"
            )
        data["mode"] = given[0] if given else ""
        return data


class VersionForm(forms.Form):
    """Every claim-changing form carries the version the reviewer saw."""

    version = forms.IntegerField(min_value=1)


class RangeForm(forms.Form):
    start = forms.IntegerField(label="Start offset", min_value=0)
    end = forms.IntegerField(label="End offset", min_value=1)

    def clean(self):
        data = super().clean()
        if (
            data.get("start") is not None
            and data.get("end") is not None
            and data["start"] >= data["end"]
        ):
            raise forms.ValidationError("The end must come after the start.")
        return data


class ReboundForm(RangeForm, VersionForm):
    pass


class SplitForm(VersionForm):
    at = forms.IntegerField(label="Split after", min_value=1)


class DismissForm(VersionForm):
    reason = forms.CharField(
        label="Reason for dismissing",
        max_length=limits.DISMISS_REASON_MAX,
        widget=forms.TextInput(attrs={"placeholder": "e.g. opinion, not checkable"}),
    )


class AssignForm(VersionForm):
    """Who works on a claim; the choices are the desk's reviewers and editors."""

    assignees = forms.ModelMultipleChoiceField(
        label="Assignees",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="Ctrl- or Cmd-click to pick several; none to unassign.",
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = people
        self.fields["assignees"].label_from_instance = person_name


class AttributionForm(VersionForm):
    attribution = published_text(
        "Attributed to",
        limits.ATTRIBUTION_MAX,
        note="Who the text says made the statement; empty when nobody is named.",
    )


class KindForm(VersionForm):
    kind = forms.ChoiceField(label="Segment kind", choices=Claim.Kind.choices)


class CitationForm(forms.Form):
    """Cite an existing source (picked from the search) or a new one (URL / title)."""

    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    url = published_text(
        "Source URL",
        limits.URL_MAX,
        note="Tracking parameters (utm_…, fbclid, …) are left out.",
    )
    archive_url = forms.CharField(
        label="Archived copy",
        required=False,
        max_length=limits.URL_MAX,
        widget=forms.TextInput(
            attrs={"placeholder": "https://web.archive.org/web/…", "inputmode": "url"}
        ),
        help_text=published(
            "A snapshot of the page (Wayback Machine, archive.today, …); kept on the "
            "source, also for a picked source that has none yet."
        ),
    )
    title = published_text("Source title", limits.TITLE_MAX)
    publisher = published_text("Publisher", limits.PUBLISHER_MAX)
    kind = forms.ChoiceField(
        label="Source kind", choices=SourceKind.choices, initial=SourceKind.NEWS
    )
    stance = forms.ChoiceField(
        label="Stance", choices=Stance.choices, widget=forms.RadioSelect
    )
    quote = forms.CharField(
        label="Quoted excerpt",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=published("The words in the source that matter for this claim."),
    )
    locator = forms.CharField(
        label="Locator",
        required=False,
        max_length=limits.LOCATOR_MAX,
        widget=forms.TextInput(attrs={"placeholder": "page, paragraph or timestamp"}),
        help_text=published(),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=internal(),
    )

    def _checked_url(self, name: str, what: str) -> str:
        # The services' own check (they run it again), here so that its message
        # shows next to the field.
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return ""
        try:
            return check_url(value, what=what, field=name)
        except InvalidURL as exc:
            raise forms.ValidationError(exc.message, code="invalid_url") from exc

    def clean_url(self):
        return self._checked_url("url", "The source URL")

    def clean_archive_url(self):
        return self._checked_url("archive_url", "The archive URL")

    def clean(self):
        data = super().clean()
        if not data.get("source_id") and not (data.get("url") or data.get("title")):
            raise forms.ValidationError(
                "Pick a source from the search, or give a new source's URL or title."
            )
        return data


class SourceArchiveForm(forms.Form):
    """An archived copy for a cited source that has none (from the claim panel)."""

    source_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    archive_url = forms.CharField(
        label="Archived copy", max_length=limits.URL_MAX, help_text=published()
    )

    def clean_archive_url(self):
        try:
            return check_url(
                self.cleaned_data["archive_url"], what="The archive URL",
                field="archive_url",
            )  # fmt: skip
        except InvalidURL as exc:
            raise forms.ValidationError(exc.message, code="invalid_url") from exc


class ReuseCitationsForm(forms.Form):
    """Copy the citations of a claim already checked in another article."""

    from_claim = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CitationEditForm(forms.Form):
    """Change a citation's stance, quote, locator or note."""

    citation_id = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.DateTimeField(widget=forms.HiddenInput)
    stance = forms.ChoiceField(
        label="Stance", choices=Stance.choices, widget=forms.RadioSelect
    )
    quote = forms.CharField(
        label="Quoted excerpt",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=published(),
    )
    locator = published_text("Locator", limits.LOCATOR_MAX)
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=internal(),
    )


def label_field(label: str, empty_label: str) -> forms.ModelChoiceField:
    """A choice of one of the default scale's labels, in their order (the rating
    and the verdict choose from the same labels)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=RatingLabel.objects.filter(scale__is_default=True).order_by(
            "position"
        ),
        empty_label=empty_label,
    )


class LoadedLabelsMixin:
    """A form whose `label` field takes the rating labels the page already loaded
    (`labels=`), instead of querying for them again."""

    def __init__(self, *args, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        if labels is not None:
            field = self.fields["label"]
            field.choices = [("", field.empty_label)] + [
                (label.pk, label.name) for label in labels
            ]


class RatingForm(LoadedLabelsMixin, forms.Form):
    label = label_field("Rating", "— choose a rating —")
    confidence = forms.TypedChoiceField(
        label="Confidence",
        choices=Confidence.choices,
        coerce=int,
        initial=Confidence.MEDIUM,
    )
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=internal("Why this rating: what the sources show."),
    )


class ApproveForm(LoadedLabelsMixin, VersionForm):
    """The editor's verdict: the final label and the public explanation."""

    label = label_field("Verdict", "— choose the verdict —")
    explanation = forms.CharField(
        label="Public explanation",
        max_length=limits.EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=published("What the evidence shows, beside the verdict."),
    )
    gap_override_reason = forms.CharField(
        label="Justification for approving over open blocking gaps",
        required=False,
        max_length=limits.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=published(
            "Only when a blocking sourcing gap is open; readers see it with the "
            "verdict, so write it for them."
        ),
    )
    two_person_override_reason = forms.CharField(
        label="Reason for overriding the two-person rule (admins)",
        required=False,
        max_length=limits.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=published(),
    )


class ReturnForm(VersionForm):
    comment = forms.CharField(
        label="What the reviewers should fix",
        max_length=limits.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(VersionForm):
    reason = forms.CharField(
        label="Why reopen the approved claim",
        max_length=limits.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=limits.COMMENT_MAX,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "Plain text; @username to notify someone"}
        ),
    )


class RatingRemoveForm(forms.Form):
    rating_id = forms.IntegerField(widget=forms.HiddenInput)


class BlindReviewForm(forms.Form):
    blind_review = forms.BooleanField(label="Blind review", required=False)


class ArticleLanguageForm(forms.Form):
    language = forms.CharField(
        label="Language",
        max_length=limits.LANGUAGE_WRITTEN_MAX,
        help_text="A BCP 47 tag: en, es, ar, pt-BR …",
    )
