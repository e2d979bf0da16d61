"""Who may see a page: the login and role checks every view shares.

The questions themselves are answered by `annotations.policies`; these decorators
only turn a "no" into the right answer (a login redirect, or a 403 page).
"""

from __future__ import annotations

import inspect
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django_htmx.http import HttpResponseClientRedirect

from annotations import policies


def login_redirect(request):
    """Send an anonymous visitor to the login page (htmx: a client-side redirect)."""
    if request.htmx:
        login = reverse("login") + "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseClientRedirect(login)
    return redirect_to_login(request.get_full_path())


def forbidden(request, message: str = ""):
    return render(request, "403.html", {"message": message}, status=403)


def requires(question, message: str = ""):
    """Decorator: a view may run only when `question(request.user)` says yes.

    `question` is the function of annotations.policies named for the page's action
    (`requires(policies.can_view_review_queue)`), so a page asks the same question the
    service asks. A question about a desk (one with a `workspace` parameter) is
    asked about the request's desk (`request.workspace`, docs/DESKS.md). Anonymous
    visitors go to the login page; anyone else told no gets the 403 page with
    `message`.
    """
    per_desk = "workspace" in inspect.signature(question).parameters

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return login_redirect(request)
            asked = (
                question(request.user, request.workspace)
                if per_desk
                else question(request.user)
            )
            if not asked:
                return forbidden(
                    request, message or gettext("You may not see this page.")
                )
            return view(request, *args, **kwargs)

        wrapper.required_policy = question
        return wrapper

    return decorator


# The desk's pages: reading and annotating articles, which is what a reviewer does.
reviewer_required = requires(
    policies.can_annotate,
    gettext_lazy("This page is for the desk: reviewers, editors and admins."),
)


def csrf_failure(request, reason: str = ""):
    """A stale or missing CSRF token: say what happened in the app's own words."""
    return render(request, "403_csrf.html", status=403)


def lockout_response(request, original_response, credentials):
    """What a locked-out login gets (django-axes calls this): 429 with when to try
    again, as a page or, for the API, as JSON with a Retry-After header."""
    from django.conf import settings
    from django.http import JsonResponse

    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    message = ngettext(
        "Too many wrong passwords for this account from your address. Try again in "
        "%(minutes)s minute.",
        "Too many wrong passwords for this account from your address. Try again in "
        "%(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"message": message, "minutes": minutes},
            status=429,
        )
    response["Retry-After"] = str(minutes * 60)
    return response


def not_found(request, exception=None):
    """No page at this address: the 404 page, or JSON under /api/ (what an API
    client parses), so a malformed id in an API path still answers in JSON."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": gettext("No such endpoint or row."), "code": "not_found"},
            status=404,
        )
    return render(request, "404.html", status=404)
