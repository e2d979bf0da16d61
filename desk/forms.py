"""Forms of the reviewer workspace: they check shape only, services hold the rules."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from annotations import limits, public_fields
from annotations.extraction.ingest import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    TEXT_SUFFIXES,
)
from annotations.models import Claim, Confidence, RatingLabel, SourceKind, Stance
from annotations.urlcheck import InvalidURL, check_url
from annotations.wording import person_name

UPLOAD_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES


def _with_notice(help_text, notice: str):
    # The notices are marked in desk.templatetags.public_fields; said lazily, in the
    # language of the page the form is shown on.
    said = gettext_lazy(notice)
    return format_lazy("{} {}", help_text, said) if help_text else said


def published(help_text=""):
    """`help_text` followed by the notice that the report shows this field, both
    in the reader's language (annotations.public_fields.published, translated)."""
    return _with_notice(help_text, public_fields.PUBLISHED)


def internal(help_text=""):
    """`help_text` followed by the notice that the field stays on the desk."""
    return _with_notice(help_text, public_fields.INTERNAL)


def published_text(label: str, max_length: int, *, note: str = "") -> forms.CharField:
    """An optional field within its length limit whose help says the published
    report shows it (after `note`, when given)."""
    return forms.CharField(
        label=label, required=False, max_length=max_length, help_text=published(note)
    )


class ArticleNewForm(forms.Form):
    """A new article from pasted text, an uploaded file or a URL (exactly one)."""

    text = forms.CharField(
        label=gettext_lazy("Article text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=published(
            gettext_lazy(
                "Paste the article as published; the first line becomes the title."
            )
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("…or upload a file"),
        required=False,
        help_text=published(gettext_lazy(".txt, .md or .html.")),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.text,.md,.markdown,.html,.htm"}
        ),
    )
    url = forms.CharField(
        label=gettext_lazy("…or fetch a URL"),
        required=False,
        max_length=limits.URL_MAX,
        widget=forms.URLInput(attrs={"placeholder": gettext_lazy("https://")}),
        help_text=published(),
    )
    title = published_text(
        gettext_lazy("Title"),
        limits.TITLE_MAX,
        note=gettext_lazy("Optional: taken from the text or page when empty."),
    )
    publisher = published_text(gettext_lazy("Publisher"), limits.PUBLISHER_MAX)
    byline = published_text(
        gettext_lazy("Byline"),
        limits.BYLINE_MAX,
        note=gettext_lazy("Optional: taken from a “By …” line when empty."),
    )
    published_on = forms.DateField(
        label=gettext_lazy("Published on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=published(
            gettext_lazy("Optional: taken from a date or time stamp line when empty.")
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
                gettext("Unsupported file type %(suffix)s: use .txt, .md or .html.")
                % {"suffix": suffix or gettext("(none)")}
            )
        if upload.size > settings.FACTCHECK_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("The file is %(size)s bytes; the limit is %(limit)s.")
                % {
                    "size": number_format(upload.size, force_grouping=True),
                    "limit": number_format(
                        settings.FACTCHECK_MAX_UPLOAD_BYTES, force_grouping=True
                    ),
                }
            )
        if upload.size == 0:
            raise forms.ValidationError(gettext("The file is empty."))
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
                gettext("Paste the article text, upload a file or give a URL."),
                code="empty",
            )
        if len(given) > 1:
            raise forms.ValidationError(
                gettext("Give only one of: pasted text, a file or a URL."),
                code="ambiguous",
            )
        data["mode"] = given[0] if given else ""
        return data


class VersionForm(forms.Form):
    """Every claim-changing form carries the version the reviewer saw."""

    version = forms.IntegerField(min_value=1)


class RangeForm(forms.Form):
    start = forms.IntegerField(label=gettext_lazy("Start offset"), min_value=0)
    end = forms.IntegerField(label=gettext_lazy("End offset"), min_value=1)

    def clean(self):
        data = super().clean()
        if (
            data.get("start") is not None
            and data.get("end") is not None
            and data["start"] >= data["end"]
        ):
            raise forms.ValidationError(gettext("The end must come after the start."))
        return data


class ReboundForm(RangeForm, VersionForm):
    pass


class SplitForm(VersionForm):
    at = forms.IntegerField(label=gettext_lazy("Split after"), min_value=1)


class DismissForm(VersionForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for dismissing"),
        max_length=limits.DISMISS_REASON_MAX,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("e.g. opinion, not checkable")}
        ),
    )


class AssignForm(VersionForm):
    """Who works on a claim; the choices are the desk's reviewers and editors."""

    assignees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Assignees"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=gettext_lazy("Ctrl- or Cmd-click to pick several; none to unassign."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = people
        self.fields["assignees"].label_from_instance = person_name


class AttributionForm(VersionForm):
    attribution = published_text(
        gettext_lazy("Attributed to"),
        limits.ATTRIBUTION_MAX,
        note=gettext_lazy(
            "Who the text says made the statement; empty when nobody is named."
        ),
    )


class KindForm(VersionForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Segment kind"), choices=Claim.Kind.choices
    )


class SourceFieldsForm(forms.Form):
    """The fields that describe a new source and how it bears on the claim, shared
    by the two ways of citing one (a URL or picked source, an uploaded file).

    Both forms sit in one claim panel, so a subclass names its fields in its own
    words (`labels`): a screen reader that lists the panel's fields, or jumps to
    one by its name, must not meet two "Source title" fields it cannot tell
    apart. The ids are told apart by each form's `auto_id` prefix (the panel's
    presenter)."""

    title = published_text(gettext_lazy("Source title"), limits.TITLE_MAX)
    publisher = published_text(gettext_lazy("Publisher"), limits.PUBLISHER_MAX)
    kind = forms.ChoiceField(
        label=gettext_lazy("Source kind"),
        choices=SourceKind.choices,
        initial=SourceKind.NEWS,
    )
    stance = forms.ChoiceField(
        label=gettext_lazy("Stance"), choices=Stance.choices, widget=forms.RadioSelect
    )
    quote = forms.CharField(
        label=gettext_lazy("Quoted excerpt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=published(
            gettext_lazy("The words in the source that matter for this claim.")
        ),
    )
    locator = forms.CharField(
        label=gettext_lazy("Locator"),
        required=False,
        max_length=limits.LOCATOR_MAX,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("page, paragraph or timestamp")}
        ),
        help_text=published(),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=internal(),
    )

    # This form's own names for the shared fields, and help where it differs.
    labels: dict = {}
    help_texts: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            self.fields[name].label = label
        for name, help_text in self.help_texts.items():
            self.fields[name].help_text = help_text


class CitationForm(SourceFieldsForm):
    """Cite an existing source (picked from the search) or a new one (URL / title)."""

    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    url = published_text(
        gettext_lazy("Source URL"),
        limits.URL_MAX,
        note=gettext_lazy("Tracking parameters (utm_…, fbclid, …) are left out."),
    )
    archive_url = forms.CharField(
        label=gettext_lazy("Archived copy"),
        required=False,
        max_length=limits.URL_MAX,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("https://web.archive.org/web/…"),
                "inputmode": "url",
            }
        ),
        help_text=published(
            gettext_lazy(
                "A snapshot of the page (Wayback Machine, archive.today, …); kept on "
                "the source, also for a picked source that has none yet."
            )
        ),
    )

    field_order = [
        "source_id",
        "url",
        "archive_url",
        "title",
        "publisher",
        "kind",
        "stance",
        "quote",
        "locator",
        "note",
    ]

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
        return self._checked_url("url", gettext("The source URL"))

    def clean_archive_url(self):
        return self._checked_url("archive_url", gettext("The archive URL"))

    def clean(self):
        data = super().clean()
        if not data.get("source_id") and not (data.get("url") or data.get("title")):
            raise forms.ValidationError(
                gettext(
                    "Pick a source from the search, or give a new source's URL or "
                    "title."
                )
            )
        return data


class EvidenceUploadForm(SourceFieldsForm):
    """Cite an uploaded file (a PDF, screenshot or text a source sent) as a new
    source. The file's checks are the service's (annotations/services/uploads.py),
    so the API and the panel refuse the same files with the same words."""

    file = forms.FileField(
        label=gettext_lazy("Evidence file"),
        allow_empty_file=True,
        # The file is not typed text: the report links it with its hash rather
        # than printing it (docs/EVIDENCE.md), and says so here in words.
        help_text=gettext_lazy(
            "PDF, PNG, JPEG, WebP or plain text (.txt). A published report links "
            "the file, with its SHA-256, for anyone to download."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.png,.jpg,.jpeg,.webp,.txt,application/pdf,"
                "image/png,image/jpeg,image/webp,text/plain"
            }
        ),
    )

    field_order = [
        "file",
        "title",
        "publisher",
        "kind",
        "stance",
        "quote",
        "locator",
        "note",
    ]
    labels = {
        "title": gettext_lazy("File's title"),
        "publisher": gettext_lazy("File's publisher"),
        "kind": gettext_lazy("File's source kind"),
        "stance": gettext_lazy("File's stance"),
        "quote": gettext_lazy("Excerpt quoted from the file"),
        "locator": gettext_lazy("Locator in the file"),
        "note": gettext_lazy("Note on the file"),
    }
    help_texts = {
        "title": published(gettext_lazy("Else the file's name.")),
        "quote": published(),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A file a source sent is most often the primary document itself.
        self.fields["kind"].initial = SourceKind.PRIMARY
        self.fields["quote"].widget.attrs["rows"] = 2
        self.fields["locator"].widget.attrs.pop("placeholder", None)


class SourceArchiveForm(forms.Form):
    """An archived copy for a cited source that has none (from the claim panel)."""

    source_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    archive_url = forms.CharField(
        label=gettext_lazy("Archived copy"),
        max_length=limits.URL_MAX,
        help_text=published(),
    )

    def clean_archive_url(self):
        try:
            return check_url(
                self.cleaned_data["archive_url"], what=gettext("The archive URL"),
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
        label=gettext_lazy("Stance"), choices=Stance.choices, widget=forms.RadioSelect
    )
    quote = forms.CharField(
        label=gettext_lazy("Quoted excerpt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=published(),
    )
    locator = published_text(gettext_lazy("Locator"), limits.LOCATOR_MAX)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=internal(),
    )


def label_field(label: str, empty_label: str) -> forms.ModelChoiceField:
    """A choice of a rating label (the rating and the verdict choose from the same
    labels). The page offers its desk's scale (`labels=`); any scale's label is
    accepted here and the service refuses one of another desk's scale."""
    return forms.ModelChoiceField(
        label=label,
        queryset=RatingLabel.objects.select_related("scale").order_by(
            "scale", "position"
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
    label = label_field(gettext_lazy("Rating"), gettext_lazy("— choose a rating —"))
    confidence = forms.TypedChoiceField(
        label=gettext_lazy("Confidence"),
        choices=Confidence.choices,
        coerce=int,
        initial=Confidence.MEDIUM,
    )
    rationale = forms.CharField(
        label=gettext_lazy("Rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=internal(gettext_lazy("Why this rating: what the sources show.")),
    )


class CountedField(forms.CharField):
    """A one-line text field with an advised length below its hard maximum, which
    templates/annotations/_counted_field.html counts beside the input."""

    def __init__(self, *, advised_length: int, **kwargs):
        self.advised_length = advised_length
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["data-advised-length"] = str(self.advised_length)
        return attrs


class ApproveForm(LoadedLabelsMixin, VersionForm):
    """The editor's verdict: the final label and the public explanation."""

    label = label_field(gettext_lazy("Verdict"), gettext_lazy("— choose the verdict —"))
    explanation = forms.CharField(
        label=gettext_lazy("Public explanation"),
        max_length=limits.EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=published(
            gettext_lazy("What the evidence shows, beside the verdict.")
        ),
    )
    claim_as_checked = CountedField(
        label=gettext_lazy("Claim as checked (short)"),
        required=False,
        max_length=limits.CLAIM_AS_CHECKED_MAX,
        advised_length=limits.CLAIM_AS_CHECKED_ADVISED,
        help_text=published(
            format_lazy(
                gettext_lazy(
                    "The claim in one short sentence for search engines and "
                    "fact-check tools ({advised} characters or fewer advised). "
                    "Leave it empty to use the claim's own words."
                ),
                advised=limits.CLAIM_AS_CHECKED_ADVISED,
            )
        ),
    )
    gap_override_reason = forms.CharField(
        label=gettext_lazy("Justification for approving over open blocking gaps"),
        required=False,
        max_length=limits.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=published(
            gettext_lazy(
                "Only when a blocking sourcing gap is open; readers see it with the "
                "verdict, so write it for them."
            )
        ),
    )
    two_person_override_reason = forms.CharField(
        label=gettext_lazy("Reason for overriding the two-person rule (admins)"),
        required=False,
        max_length=limits.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=published(),
    )


class ReturnForm(VersionForm):
    comment = forms.CharField(
        label=gettext_lazy("What the reviewers should fix"),
        max_length=limits.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(VersionForm):
    reason = forms.CharField(
        label=gettext_lazy("Why reopen the approved claim"),
        max_length=limits.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=limits.COMMENT_MAX,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": gettext_lazy("Plain text; @username to notify someone"),
            }
        ),
    )


class RatingRemoveForm(forms.Form):
    rating_id = forms.IntegerField(widget=forms.HiddenInput)


class BlindReviewForm(forms.Form):
    blind_review = forms.BooleanField(
        label=gettext_lazy("Blind review"), required=False
    )


class ArticleLanguageForm(forms.Form):
    language = forms.CharField(
        label=gettext_lazy("Language"),
        max_length=limits.LANGUAGE_WRITTEN_MAX,
        help_text=gettext_lazy("A BCP 47 tag: en, es, ar, pt-BR …"),
    )
