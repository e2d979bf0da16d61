"""The person's own account page: API tokens they make, name and revoke."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from annotations import services
from annotations.errors import DomainError, InvalidInput
from annotations.models import ApiToken
from desk.views.access import reviewer_required


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
                    raise InvalidInput("Pick a token to revoke.")
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
    context = {"tokens": tokens, "new_key": new_key, "error": error}
    response = render(request, "annotations/api_tokens.html", context, status=status)
    if new_key:
        response["Cache-Control"] = "no-store"  # the key is shown once, never cached
    return response
