from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annotations"
    verbose_name = "Fact-check annotations"

    def ready(self):
        from annotations import siteurl  # noqa: F401  (its system check)
