"""Atom feeds of published reports: one per desk (`/w/<slug>/reports/feed.atom`) and
one for the instance (`/reports/feed.atom`, every desk's).

Built with Django's syndication framework. Every address in a feed is absolute and
made from the site's configured address (`annotations.siteurl`), never from the
request's Host; an entry links to its report's canonical address, the one its
revisions froze (docs/PUBLISHING.md, "Canonical addresses"). The feed's author is
the desk's organisation (`desk_settings`); in the instance's feed each entry names
its own desk's.
"""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from annotations import siteurl
from annotations.desksettings import desk_settings
from annotations.errors import NotConfigured
from reports import snapshot, views

# The newest reports a feed carries; readers that want more use the index.
FEED_ENTRIES = 50
# Characters XML 1.0 cannot carry (Django's writer refuses them rather than drop
# them): a title pasted with a stray control character must not break the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


class ReportsFeed(Feed):
    """The published reports of one desk (`desk`, its slug) or of every desk,
    newest publication first."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            # A feed is read, never posted to (Django's Feed answers any method).
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            return super().__call__(request, *args, **kwargs)
        except NotConfigured as exc:
            # Without the site's address no link in a feed would be right.
            return HttpResponse(
                exc.message, status=exc.status, content_type="text/plain"
            )

    def get_object(self, request, desk: str | None = None):
        # An unknown slug is a 404 (`views.desk_by_slug`).
        return views.desk_by_slug(desk)

    def _slug(self, workspace) -> str | None:
        return workspace.slug if workspace is not None else None

    def title(self, workspace):
        return _xml_text(
            gettext("Fact-check reports of %(organisation)s")
            % {"organisation": desk_settings(workspace).report.organisation_name}
        )

    def subtitle(self, workspace):
        return gettext(
            "Every article checked and published, newest first, with corrections."
        )

    def link(self, workspace):
        return siteurl.absolute(views.link("report-index", self._slug(workspace)))

    def feed_url(self, workspace):
        return siteurl.absolute(views.link("report-feed", self._slug(workspace)))

    def feed_guid(self, workspace):
        return self.feed_url(workspace)

    def author_name(self, workspace):
        return _xml_text(desk_settings(workspace).report.organisation_name)

    def author_link(self, workspace):
        return desk_settings(workspace).report.organisation_url or None

    def items(self, workspace):
        articles = views.published_reports(workspace)[:FEED_ENTRIES]
        if workspace is None:
            return articles
        # Each entry names its desk: the one desk already loaded, not a join.
        rows = list(articles)
        for article in rows:
            article.workspace = workspace
        return rows

    def item_title(self, article):
        return _xml_text(article.title) or gettext("Untitled article")

    def item_link(self, article):
        return snapshot.report_url(article.pk)

    def item_guid(self, article):
        return snapshot.report_url(article.pk)

    def item_pubdate(self, article):
        # Atom's `published` is the first publication; a correction is `updated`.
        return article.first_published_at or article.published_at

    def item_updateddate(self, article):
        return article.revised_at or article.published_at

    def item_author_name(self, article):
        return _xml_text(desk_settings(article.workspace).report.organisation_name)

    def item_author_link(self, article):
        return desk_settings(article.workspace).report.organisation_url or None

    def item_description(self, article):
        """A line on the original and the report's revisions. Atom's summary is
        declared HTML, so the text is escaped here once more: a reader's feed
        client shows a title's markup as text, never runs it."""
        original = " · ".join(
            part for part in (article.publisher, article.byline) if part
        )
        revisions = article.revision_count or 1
        said = ngettext(
            "Fact-check report, %(count)s revision.",
            "Fact-check report, %(count)s revisions (corrected).",
            revisions,
        ) % {"count": revisions}
        if original:
            said = (
                gettext("Original: %(original)s.") % {"original": original} + " " + said
            )
        return escape(_xml_text(said))
