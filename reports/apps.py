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
        from django.conf import settings

        from annotations import jobs
        from reports import services, webhooks
        from reports.exporters import pdf_document

        jobs.sweeper("exports")(services.sweep_exports)
        jobs.sweeper("webhooks")(webhooks.sweep_webhooks)
        # The exporters are pure and read no settings: the PDF's extra font folders
        # are handed to them here.
        pdf_document.configure(font_paths=settings.FACTCHECK_PDF_FONT_PATHS)
