"""Who may see a page: login and role checks shared by every view."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from annotations import roles


def reviewer_required(view):
    """Anonymous users go to the login page; users without a reviewer role get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.htmx:
                login = (
                    reverse("login")
                    + "?"
                    + urlencode({"next": request.get_full_path()})
                )
                return HttpResponseClientRedirect(login)
            return redirect_to_login(request.get_full_path())
        if not roles.is_reviewer(request.user):
            return render(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def csrf_failure(request, reason: str = ""):
    """A stale or missing CSRF token: say what happened in the app's own words."""
    return render(request, "403_csrf.html", status=403)
