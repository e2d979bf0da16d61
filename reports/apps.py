from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Publishing and the annotated report: frozen revisions, exports, public pages.

    It reads `annotations` (and writes to it only through its services); nothing in
    `annotations` imports it.
    """

    name = "reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"
