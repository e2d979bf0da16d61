"""The person's own account page: API tokens they make, name and revoke, and the
language the interface speaks to them."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from annotations import policies, services
from annotations.errors import DomainError, InvalidInput
from annotations.middleware import remember_language, saved_language
from annotations.models import ApiToken
from desk.views.access import requires, reviewer_required


@reviewer_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """List the user's tokens (with when each was last used), make a named one
    (its key is shown once, here), revoke one."""
    new_key = error = ""
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                token_id = request.POST.get("token_id", "")
                if not token_id.isdigit() or len(token_id) > 18:
                    raise InvalidInput(gettext("Pick a token to revoke."))
                services.api_token_revoke(user=request.user, token_id=int(token_id))
            else:
                _token, new_key = services.api_token_create(
                    user=request.user, name=request.POST.get("name", "")
                )
        except DomainError as exc:
            error, status = exc.message, exc.status
    tokens = ApiToken.objects.filter(user=request.user).order_by(
        "revoked_at", "-created_at"
    )
    context = {
        "tokens": tokens,
        "new_key": new_key,
        "error": error,
        "saved_language": saved_language(request),
    }
    response = render(request, "annotations/api_tokens.html", context, status=status)
    if new_key:
        response["Cache-Control"] = "no-store"  # the key is shown once, never cached
    return response


@requires(policies.can_use_account, gettext_lazy("Sign in to choose your language."))
@require_POST
def language(request):
    """Save the language the person chose (or "" for "as my browser says") and go
    back to the page they chose it on."""
    try:
        preference = services.preference_set_language(
            user=request.user, language=request.POST.get("language", "")
        )
    except DomainError as exc:
        return render(request, "400.html", {"message": exc.message}, status=exc.status)
    remember_language(request, preference.language)
    target = request.POST.get("next", "")
    # A path on this site only: not another host, and not a bare word that
    # redirect() would take for a view's name.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("account-tokens")
    return HttpResponseRedirect(target)
