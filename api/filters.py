"""Query-string filters for the API's lists (django-filter).

Every list filters through `FilterSet` below, which is strict where django-filter is
lenient: a row id is any whole number (an unknown one finds nothing, as an empty list,
rather than "Select a valid choice"), a yes/no filter takes true/false/1/0 and
refuses anything else with 400 instead of quietly ignoring it, and an id, yes/no or
choice sent empty is refused (leave it out to not filter).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from annotations import selectors
from annotations.models import (
    Article,
    Claim,
    ClaimStatus,
    GapKind,
    Rating,
    Severity,
    SourcingGap,
)
from api import INT_MAX, POSITIVE_INT


@extend_schema_field(POSITIVE_INT)
class IdFilter(django_filters.NumberFilter):
    """A row's id: rows pointing at it, or none when no such row exists."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ScoreFilter(django_filters.NumberFilter):
    """A score from 0 to 1 (check-worthiness)."""

    field_class = forms.FloatField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 1)
        super().__init__(*args, **kwargs)


class YesNoField(forms.Field):
    widget = forms.TextInput
    WORDS = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        answer = self.WORDS.get(str(value).strip().lower())
        if answer is None:
            raise ValidationError(gettext("Use true or false."), code="invalid")
        return answer


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class FilterSet(django_filters.FilterSet):
    """Strict filters: ids, yes/no and choices must carry a value when sent (an empty
    one is refused, "leave it out" is how to not filter); text may be empty."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.ManyToManyField: {"filter_class": IdFilter},
        models.BooleanField: {"filter_class": YesNoFilter},
    }

    def is_valid(self):
        valid = super().is_valid()
        for name, one in self.filters.items():
            if self.data.get(name) == "" and not isinstance(
                one, django_filters.CharFilter
            ):
                self.form.add_error(
                    name, gettext("Empty: give a value, or leave it out.")
                )
                valid = False
        return valid


class FilterBackend(DjangoFilterBackend):
    """The lists' filter backend: `filterset_fields` build on our strict FilterSet."""

    filterset_base = FilterSet


class ArticleFilter(FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label="Search title, publisher, byline and URL"
    )
    # The desk's slug. The list already holds only the caller's desks' rows, so a
    # desk they are not in answers an empty list, as an unknown slug does: the API
    # does not tell outsiders which desks exist (docs/DESKS.md).
    workspace = django_filters.CharFilter(
        field_name="workspace__slug",
        label="Only this desk's articles (its slug); a desk you are not in, or none, "
        "gives an empty list",
    )
    title = django_filters.CharFilter(lookup_expr="icontains")
    publisher = django_filters.CharFilter(lookup_expr="icontains")
    published = YesNoFilter(
        field_name="published_at", lookup_expr="isnull", exclude=True
    )
    state = django_filters.ChoiceFilter(
        method="filter_state",
        choices=[
            ("published", "Published"),
            ("unpublished", "Not published"),
            ("gaps", "With open sourcing gaps"),
            ("unrated", "Unpublished with unrated claims"),
        ],
    )

    class Meta:
        model = Article
        fields = ["q", "workspace", "title", "publisher", "published", "state"]

    def filter_q(self, queryset, name, value):
        return selectors.article_search(queryset, query=value)

    def filter_state(self, queryset, name, value):
        return selectors.article_search(queryset, state=value)


class ClaimFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    dismissed = YesNoFilter(
        field_name="dismissed_at", lookup_expr="isnull", exclude=True
    )
    min_checkworthiness = ScoreFilter(field_name="checkworthiness", lookup_expr="gte")
    has_open_gaps = YesNoFilter(method="filter_has_open_gaps")
    assignee = IdFilter(field_name="assignees")
    # The desk's slug. The list already holds only the caller's desks' rows, so a
    # desk they are not in answers an empty list, as an unknown slug does: the API
    # does not tell outsiders which desks exist (docs/DESKS.md).
    workspace = django_filters.CharFilter(
        field_name="article__workspace__slug",
        label="Only this desk's claims (its slug); a desk you are not in, or none, "
        "gives an empty list",
    )

    class Meta:
        model = Claim
        fields = [
            "workspace",
            "article",
            "kind",
            "status",
            "dismissed",
            "min_checkworthiness",
            "has_open_gaps",
            "assignee",
        ]

    def filter_has_open_gaps(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(open_gap_count__gt=0)
        return queryset.filter(open_gap_count=0)


class RatingFilter(FilterSet):
    class Meta:
        model = Rating
        fields = ["claim", "reviewer"]


class GapFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=GapKind.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    open = YesNoFilter(field_name="resolved_at", lookup_expr="isnull")
    article = IdFilter(field_name="claim__article")

    class Meta:
        model = SourcingGap
        fields = ["kind", "severity", "open", "article", "claim", "source"]
