"""Files browsers ask for by a fixed name, and the API reference's script."""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
# Redoc's sidebar footer loads this image from Redocly's server whatever the options
# say; the page must load nothing from a third party (and our CSP would refuse it,
# logging a violation). An empty data: URL fails to decode, and Redoc then hides the
# image itself.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
NO_IMAGE = "data:,"


@require_GET
def favicon(request):
    """/favicon.ico for pages without the layout's icon link (exports, API docs)."""
    return HttpResponsePermanentRedirect(static("annotations/favicon.svg"))


@lru_cache(maxsize=1)
def _redoc_bundle() -> bytes:
    path = finders.find(REDOC_BUNDLE)
    if not path:
        raise Http404("The API reference's script is not installed.")
    with open(path, encoding="utf-8") as bundle:
        return bundle.read().replace(REDOCLY_LOGO, NO_IMAGE).encode("utf-8")


@require_GET
def redoc_bundle(request):
    """drf-spectacular-sidecar's Redoc script, with its remote footer logo removed."""
    response = HttpResponse(_redoc_bundle(), content_type="text/javascript")
    response["Cache-Control"] = "public, max-age=86400"
    return response
