"""Files browsers ask for by a fixed name."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def favicon(request):
    """/favicon.ico for pages without the layout's icon link (exports, API docs)."""
    return HttpResponsePermanentRedirect(static("annotations/favicon.svg"))
