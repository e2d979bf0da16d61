from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API of both apps (/api/v1/): it reads through the selectors and writes
    through the services of `annotations` and `reports`; neither app imports it."""

    name = "api"
    verbose_name = "REST API"

    def ready(self):
        # The OpenAPI extensions register themselves when their module is imported.
        from api import schema  # noqa: F401
