"""Query-string filters for the API's lists (django-filter)."""

import django_filters
from django.contrib.auth import get_user_model

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


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label="Search title, publisher, byline and URL"
    )
    title = django_filters.CharFilter(lookup_expr="icontains")
    publisher = django_filters.CharFilter(lookup_expr="icontains")
    published = django_filters.BooleanFilter(
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
        fields = ["q", "title", "publisher", "published", "state"]

    def filter_q(self, queryset, name, value):
        return selectors.article_search(queryset, query=value)

    def filter_state(self, queryset, name, value):
        return selectors.article_search(queryset, state=value)


class ClaimFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices)
    dismissed = django_filters.BooleanFilter(
        field_name="dismissed_at", lookup_expr="isnull", exclude=True
    )
    min_checkworthiness = django_filters.NumberFilter(
        field_name="checkworthiness", lookup_expr="gte"
    )
    has_open_gaps = django_filters.BooleanFilter(method="filter_has_open_gaps")
    assignee = django_filters.ModelChoiceFilter(
        field_name="assignees", queryset=get_user_model().objects.all()
    )

    class Meta:
        model = Claim
        fields = [
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


class RatingFilter(django_filters.FilterSet):
    class Meta:
        model = Rating
        fields = ["claim", "reviewer"]


class GapFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=GapKind.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    open = django_filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull")
    article = django_filters.NumberFilter(field_name="claim__article")

    class Meta:
        model = SourcingGap
        fields = ["kind", "severity", "open", "article", "claim", "source"]
