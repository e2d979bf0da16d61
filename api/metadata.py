"""What OPTIONS answers on the API."""

from django.urls import reverse
from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    """What OPTIONS answers: the endpoint's name, what it renders and parses, and
    where its full description is (the OpenAPI document). DRF's default also lists
    each write's fields by building the view's object, which some actions cannot do
    without their body; the schema already says all of that, so it is not repeated."""

    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        metadata["schema"] = request.build_absolute_uri(reverse("api-schema"))
        return metadata

    def determine_actions(self, request, view):
        return {}
