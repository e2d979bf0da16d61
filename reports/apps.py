from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Publishing and the annotated report: frozen revisions, exports, public pages.

    It reads `annotations` (and writes to it only through its services); nothing in
    `annotations` imports it.
    """

    name = "reports"
    verbose_name = "Reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The reaper (annotations.jobs) re-sends and re-queues export jobs too.
        from annotations import jobs
        from reports import services

        jobs.sweeper("exports")(services.sweep_exports)
