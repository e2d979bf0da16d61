"""The header's desk switcher (which desk the person's pages work in) and the desk's
settings page (docs/DESKS.md)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from annotations import policies, services
from annotations.desksettings import (
    MIN_SOURCES_RANGE,
    RATINGS_REQUIRED_RANGE,
    DeskSettingsInvalid,
    desk_settings,
    read_desk_settings,
)
from annotations.errors import DomainError
from annotations.models import GapKind, RatingScale, Workspace
from annotations.selectors.workspaces import SESSION_WORKSPACE_KEY
from desk.views.access import forbidden, requires


@requires(policies.can_use_account, gettext_lazy("Sign in to choose a desk."))
@require_POST
def workspace_switch(request):
    """Make the chosen desk the one this session's pages work in, and go to its
    dashboard. Only a desk the person belongs to (any, for an instance admin) can
    be chosen; the choice lasts as long as the session."""
    chosen = request.POST.get("workspace", "")
    desk = (
        Workspace.objects.filter(pk=int(chosen)).first()
        if chosen.isdigit() and len(chosen) <= 18
        else None
    )
    if desk is None or not policies.can_use_workspace(request.user, desk):
        return forbidden(request, gettext("You are not a member of that desk."))
    request.session[SESSION_WORKSPACE_KEY] = desk.pk
    return redirect(reverse("dashboard"))


# The page's fields, as the form posts them; anything else is refused.
SETTINGS_FIELDS = frozenset(
    {
        "csrfmiddlewaretoken",
        "scale",
        "ratings_required",
        "blind_review_default",
        "share_already_checked",
        "min_sources",
        "checkworthy",
        "blocking",
        "organisation_name",
        "organisation_url",
        "logo_url",
        "methodology",
        "excerpts_only",
    }
)


def _posted_settings(post) -> dict:
    """The page's form in the shape `clean_desk_settings` checks (a checkbox left
    unticked is not posted: off)."""
    return {
        "scale": post.get("scale", ""),
        "ratings_required": post.get("ratings_required", ""),
        "blind_review_default": "blind_review_default" in post,
        "share_already_checked": "share_already_checked" in post,
        "gaps": {
            "min_sources": post.get("min_sources", ""),
            "checkworthy": post.get("checkworthy", ""),
            "blocking": post.getlist("blocking"),
        },
        "report": {
            **{
                name: post.get(name, "")
                for name in (
                    "organisation_name",
                    "organisation_url",
                    "logo_url",
                    "methodology",
                )
            },
            "excerpts_only": "excerpts_only" in post,
        },
    }


def _settings_form(desk, posted: dict | None = None) -> dict:
    """What the page's fields show: what was posted (after a refusal), else the
    settings in force in the desk (its own, or the instance's defaults)."""
    if posted is not None:
        gaps, report = posted["gaps"], posted["report"]
        return {
            **{key: posted[key] for key in ("scale", "ratings_required")},
            "blind_review_default": posted["blind_review_default"],
            "share_already_checked": posted["share_already_checked"],
            "min_sources": gaps["min_sources"],
            "checkworthy": gaps["checkworthy"],
            "blocking": set(gaps["blocking"]),
            **report,
        }
    current = desk_settings(desk)
    stored = desk.settings if isinstance(desk.settings, dict) else {}
    own_report = stored.get("report")
    own_report = own_report if isinstance(own_report, dict) else {}
    return {
        "scale": current.scale or "",
        "ratings_required": current.ratings_required,
        "blind_review_default": current.blind_review_default,
        "share_already_checked": current.share_already_checked,
        "min_sources": current.gaps.min_sources,
        "checkworthy": current.gaps.checkworthy,
        "blocking": set(current.gaps.blocking),
        # The report's fields show the desk's own words: empty means the
        # instance's, which the help text names.
        **{
            name: value if isinstance(value := own_report.get(name), str) else ""
            for name in (
                "organisation_name",
                "organisation_url",
                "logo_url",
                "methodology",
            )
        },
        "excerpts_only": current.report.excerpts_only,
    }


@requires(
    policies.can_configure_desk,
    gettext_lazy("Only the desk's admins change its settings."),
)
@require_http_methods(["GET", "POST"])
def desk_settings_page(request):
    """The request's desk's own settings (docs/DESKS.md): its rating scale, its
    rules and its reports' identity, for its admins and the instance's."""
    desk = request.workspace
    errors: dict[str, str] = {}
    notice = ""
    posted = None
    status = 200
    if request.method == "POST":
        unknown = sorted(set(request.POST) - SETTINGS_FIELDS)
        posted = _posted_settings(request.POST)
        try:
            if unknown:
                raise DeskSettingsInvalid(
                    {
                        "settings": gettext("Unknown fields: %(names)s.")
                        % {"names": ", ".join(name[:40] for name in unknown[:5])}
                    }
                )
            services.workspace_settings_update(
                user=request.user, workspace=desk, data=posted
            )
        except DeskSettingsInvalid as refused:
            errors, status = refused.errors, 400
        except DomainError as refused:
            errors, status = {"settings": refused.message}, refused.status
        else:
            posted = None
            notice = gettext("The desk's settings are saved.")
    context = {
        "desk": desk,
        # What of the stored settings cannot be read (edited by hand): those follow
        # the instance's until the admin saves the page, which stores readable ones.
        "unreadable": read_desk_settings(desk)[1],
        "form": _settings_form(desk, posted),
        # The form's fields are named by their last part ("gaps.min_sources" is
        # the field "min_sources").
        "errors": {key.rpartition(".")[2]: message for key, message in errors.items()},
        "notice": notice,
        "scales": list(RatingScale.objects.order_by("name").values("slug", "name")),
        "gap_kinds": GapKind.choices,
        "defaults": desk_settings(None),
        "limits": {
            "ratings_required": RATINGS_REQUIRED_RANGE,
            "min_sources": MIN_SOURCES_RANGE,
        },
    }
    return render(request, "annotations/desk_settings.html", context, status=status)
