"""The shapes the desk's URLs share: an action on one article or on one claim, each
addressed by its primary key."""

from django.urls import path


def on_article(action: str, view, name: str):
    """`articles/<pk>/<action>/`: a page or a write on one article."""
    return path(f"articles/<int:pk>/{action}/", view, name=name)


def on_claim(action: str, view, name: str):
    """`claims/<pk>/<action>/`: a page or a write on one claim."""
    return path(f"claims/<int:pk>/{action}/", view, name=name)
