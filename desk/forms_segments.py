"""Forms of segment work beyond one claim's panel: carving a span out of a claim,
and the claim table's filters and bulk actions. Shape only; services hold the rules."""

import re

from django import forms
from django.utils.translation import gettext, gettext_lazy

from annotations import limits
from annotations.models import Claim
from annotations.services.claims import CARVE_KEEP_CARVED, CARVE_KEEP_REST
from annotations.wording import person_name
from desk.forms import RangeForm, VersionForm


class CarveForm(RangeForm, VersionForm):
    citations = forms.ChoiceField(
        label=gettext_lazy(
            "Sources whose quote does not say which part they belong to"
        ),
        choices=[
            (CARVE_KEEP_REST, gettext_lazy("stay with the rest of the claim")),
            (CARVE_KEEP_CARVED, gettext_lazy("go to the new claim")),
        ],
        required=False,
    )

    def clean_citations(self):
        return self.cleaned_data.get("citations") or CARVE_KEEP_REST


class BulkForm(forms.Form):
    """The claim table's bulk action: what to do to the ticked segments. Each tick
    carries the segment's id and the version the table showed ("12:3")."""

    claims = forms.MultipleChoiceField(label=gettext_lazy("Segments"), required=False)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=[
            ("dismiss", gettext_lazy("Dismiss (not worth checking)")),
            ("kind", gettext_lazy("Set the kind")),
            ("assign", gettext_lazy("Assign")),
        ],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for dismissing"),
        required=False,
        max_length=limits.DISMISS_REASON_MAX,
        initial=gettext_lazy("Not a checkable claim"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", "—"), *Claim.Kind.choices],
        required=False,
    )
    assignees = forms.MultipleChoiceField(
        label=gettext_lazy("Assignees"), required=False
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        self.fields["assignees"].choices = [
            (pk, person_name(person)) for pk, person in self.people.items()
        ]
        # Any "id:version" pair is a valid choice; the service checks the rest.
        self.fields["claims"].valid_value = lambda value: bool(
            _ITEM.fullmatch(str(value))
        )

    def clean_assignees(self):
        return [self.people[pk] for pk in self.cleaned_data["assignees"]]

    def clean_claims(self):
        items = []
        for value in self.cleaned_data["claims"]:
            pk, version = value.split(":")
            items.append((int(pk), int(version)))
        if not items:
            raise forms.ValidationError(gettext("Tick at least one segment."))
        return items


_ITEM = re.compile(r"[0-9]{1,12}:[0-9]{1,9}")
