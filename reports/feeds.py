"""Feeds of published reports and their corrections, in Atom 1.0 and JSON Feed 1.1:
one per desk (`/w/<slug>/reports/feed.atom`, `…/feed.json`) and one for the
instance (`/reports/feed.atom`, `/reports/feed.json`, every desk's).

Built with Django's syndication framework; the JSON Feed is one more feed generator
given the same entries. An entry is a report: `published` is its first revision,
`updated` its latest, and its content says what the latest revision changed against
the one before (verdicts old → new, the public correction note), read from the two
stored snapshots. A report taken down stays as a "withdrawn" entry under the same id
(docs/PUBLISHING.md, "Feeds"). Every address in a feed is absolute and
made from the site's configured address (`annotations.siteurl`), never from the
request's Host; an entry links to its report's canonical address, the one its
revisions froze (docs/PUBLISHING.md, "Canonical addresses"). The feed's author is
the desk's organisation (`desk_settings`); in the instance's feed each entry names
its own desk's.
"""

from __future__ import annotations

import json
import re

from django.contrib.syndication.views import Feed
from django.db.models import Exists, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed, rfc3339_date
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from annotations import policies, siteurl
from annotations.desksettings import desk_settings
from annotations.errors import NotConfigured
from annotations.models import Article
from reports import snapshot, views
from reports.models import PublicationEvent, ReportRevision
from reports.snapshot import verdict_changes

# The newest reports a feed carries; readers that want more use the index.
FEED_ENTRIES = 50
# Characters XML 1.0 cannot carry (Django's writer refuses them rather than drop
# them): a title pasted with a stray control character must not break the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A claim's words quoted in a change line, cut to this many characters.
QUOTE_MAX = 120


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _web_address(value: str | None) -> str | None:
    """An http(s) address, or None: a feed carries no `javascript:` link a desk
    typed into its settings."""
    value = _xml_text(value or "").strip()
    return value if re.match(r"https?://[^\s]+$", value, re.IGNORECASE) else None


def _quote(text: str) -> str:
    text = " ".join(_xml_text(text).split())
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1].rstrip() + "…"
    return text


def feed_entries(desk=None) -> list[Article]:
    """The reports a feed carries, newest change first: every article ever
    published (of the desk, or of every desk when `desk` is None), with its
    revision count, the times of its first and latest revision and of its
    latest change (`changed_at`), and `withdrawn` when it is no longer public.
    A corrected report carries `changes` (`verdict_changes` of its two latest
    revisions) and `note`, its latest revision's public note. One query, and
    one more when any entry is a correction, whatever the number of entries."""
    latest = ReportRevision.objects.filter(article=OuterRef("pk")).order_by("-number")
    taken_down = PublicationEvent.objects.filter(
        article=OuterRef("pk"), action=PublicationEvent.Action.UNPUBLISH
    ).order_by("-at", "-id")
    articles = (
        Article.objects.filter(
            Exists(ReportRevision.objects.filter(article=OuterRef("pk")))
        )
        .defer("body")
        .annotate(
            revision_count=Max("report_revisions__number"),
            first_published_at=Min("report_revisions__published_at"),
            revised_at=Subquery(latest.values("published_at")[:1]),
            unpublished_at=Subquery(taken_down.values("at")[:1]),
        )
        # A report taken down without a logged event (rows older than the log)
        # is dated by its latest revision.
        .annotate(changed_at=Coalesce("published_at", "unpublished_at", "revised_at"))
        .order_by("-changed_at", "-pk")
    )
    if desk is None:
        articles = articles.select_related("workspace")
    else:
        articles = articles.filter(workspace=desk)
    rows = list(articles[:FEED_ENTRIES])
    wanted = Q()
    corrected = {}
    for article in rows:
        if desk is not None:
            # Each entry names its desk: the one desk already loaded, not a join.
            article.workspace = desk
        public = policies.is_public(article)
        article.withdrawn = not public
        article.changes, article.note = [], ""
        if public and (article.revision_count or 0) > 1:
            corrected[article.pk] = article
            wanted |= Q(article_id=article.pk, number__gte=article.revision_count - 1)
    if corrected:
        pairs: dict[int, dict[int, ReportRevision]] = {}
        for revision in ReportRevision.objects.filter(wanted).only(
            "article_id", "number", "note", "snapshot_json"
        ):
            pairs.setdefault(revision.article_id, {})[revision.number] = revision
        for pk, article in corrected.items():
            pair = pairs.get(pk, {})
            before = pair.get(article.revision_count - 1)
            after = pair.get(article.revision_count)
            if before is None or after is None:
                continue
            article.note = after.note
            article.changes = verdict_changes(before.snapshot, after.snapshot)
    return rows


def entry_text(article) -> str:
    """An entry's content, plain text: what its latest revision is (a first
    publication, a correction and what it changed, a withdrawal)."""
    if article.withdrawn:
        return gettext(
            "This fact-check report was withdrawn: it is no longer published."
        )
    revisions = article.revision_count or 1
    lines = []
    if revisions == 1:
        lines.append(gettext("First published."))
    else:
        lines.append(
            gettext("Corrected: revision %(number)s replaces revision %(earlier)s.")
            % {"number": revisions, "earlier": revisions - 1}
        )
        if article.note:
            lines.append(
                gettext("Correction note: %(note)s") % {"note": _xml_text(article.note)}
            )
        for change in article.changes:
            words = {
                "number": change["number"],
                "text": _quote(change["text"]),
                "old": _xml_text(change["old"] or ""),
                "new": _xml_text(change["new"] or ""),
            }
            if change["old"] is None:
                line = gettext('Claim %(number)s, "%(text)s": now checked, %(new)s.')
            elif change["new"] is None:
                line = gettext(
                    'Claim %(number)s, "%(text)s": no longer in the report (was '
                    "%(old)s)."
                )
            else:
                line = gettext('Claim %(number)s, "%(text)s": %(old)s → %(new)s.')
            lines.append(line % words)
        if not article.changes:
            lines.append(gettext("No verdict changed."))
    original = " · ".join(part for part in (article.publisher, article.byline) if part)
    if original:
        lines.append(gettext("Original: %(original)s.") % {"original": original})
    return _xml_text("\n".join(lines))


class ReportsAtomFeed(Atom1Feed):
    """Atom 1.0 with each entry's `content` as plain text (no markup to escape
    or to run)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_text"):
            handler.addQuickElement("content", item["content_text"], {"type": "text"})


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the same entries."""

    content_type = "application/feed+json"
    version = "https://jsonfeed.org/version/1.1"

    def _authors(self, name, link) -> list[dict]:
        if not name:
            return []
        author = {"name": name}
        if link:
            author["url"] = link
        return [author]

    def write(self, outfile, encoding):
        document = {
            "version": self.version,
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["subtitle"],
            "language": self.feed["language"],
            "authors": self._authors(
                self.feed["author_name"], self.feed["author_link"]
            ),
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(document, ensure_ascii=False, indent=1))

    def _item(self, item) -> dict:
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_text": item["content_text"],
            "summary": item["summary_text"],
            "date_published": rfc3339_date(item["pubdate"]),
            "date_modified": rfc3339_date(item["updateddate"]),
            "authors": self._authors(item["author_name"], item["author_link"]),
        }
        if item.get("withdrawn"):
            entry["_factcheck"] = {"withdrawn": True}
        return entry


class ReportsFeed(Feed):
    """The reports of one desk (`desk`, its slug) or of every desk, newest change
    first, in Atom."""

    feed_type = ReportsAtomFeed
    route = "report-feed"

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
        return siteurl.absolute(views.link(self.route, self._slug(workspace)))

    def feed_guid(self, workspace):
        return self.feed_url(workspace)

    def author_name(self, workspace):
        return _xml_text(desk_settings(workspace).report.organisation_name)

    def author_link(self, workspace):
        return _web_address(desk_settings(workspace).report.organisation_url)

    def items(self, workspace):
        return feed_entries(workspace)

    def item_title(self, article):
        if article.withdrawn:
            # Not the article's title: a report is often taken down for what it
            # said, and the feed must not keep saying it.
            return gettext("Report withdrawn")
        return _xml_text(article.title) or gettext("Untitled article")

    def item_link(self, article):
        return snapshot.report_url(article.pk)

    def item_guid(self, article):
        return snapshot.report_url(article.pk)

    def item_pubdate(self, article):
        # Atom's `published` is the first publication; a correction is `updated`.
        return article.first_published_at or article.published_at

    def item_updateddate(self, article):
        if article.withdrawn:
            return article.changed_at
        return article.revised_at or article.published_at

    def item_author_name(self, article):
        return _xml_text(desk_settings(article.workspace).report.organisation_name)

    def item_author_link(self, article):
        return _web_address(desk_settings(article.workspace).report.organisation_url)

    def _summary(self, article) -> str:
        if article.withdrawn:
            return gettext("Withdrawn.")
        revisions = article.revision_count or 1
        said = ngettext(
            "Fact-check report, %(count)s revision.",
            "Fact-check report, %(count)s revisions (corrected).",
            revisions,
        ) % {"count": revisions}
        original = " · ".join(
            part for part in (article.publisher, article.byline) if part
        )
        if original:
            said = (
                gettext("Original: %(original)s.") % {"original": original} + " " + said
            )
        return _xml_text(said)

    def item_description(self, article):
        """A line on the original and the report's revisions. Atom's summary is
        declared HTML, so the text is escaped here once more: a reader's feed
        client shows a title's markup as text, never runs it."""
        return escape(self._summary(article))

    def item_extra_kwargs(self, article):
        return {
            "content_text": entry_text(article),
            "summary_text": self._summary(article),
            "withdrawn": article.withdrawn,
        }


class ReportsJSONFeed(ReportsFeed):
    """The same feed as JSON Feed 1.1."""

    feed_type = JSONFeed
    route = "report-feed-json"
