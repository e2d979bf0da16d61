from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The desk's web UI. An installed app so that Django finds its template tags
    (`{% load labels %}` and the others look in installed apps' templatetags)."""

    name = "desk"
    verbose_name = "Fact-check desk"
