"""Public report pages, downloads, and the editors' publish page.

The public page of a report is its HTML export rendered by the same templates from
the same frozen snapshot (the page links static/reports/report.css where the download
inlines it) with the site's navigation above it: what a reader sees is exactly what
was frozen when the editor published, and nothing internal (no unapproved rating, no
gap, no workflow state) can appear because none of it is in the snapshot.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from annotations import policies, selectors, siteurl
from annotations.desksettings import desk_settings
from annotations.errors import DomainError
from annotations.limits import SEARCH_MAX
from annotations.models import (
    Article,
    Capture,
    CaptureOrigin,
    CaptureState,
    LinkStatus,
    Workspace,
)
from desk.views.access import requires, reviewer_required
from reports import exporters, exports, services, snapshot
from reports.exporters.html_document import render_page_parts
from reports.models import ExportJob, PublicationEvent, ReportRevision

INDEX_PAGE = 25


def desk_by_slug(slug: str | None) -> Workspace | None:
    """The desk a `/w/<slug>/reports/` address names (404 when none has that slug),
    or None under the instance's `/reports/`."""
    if slug is None:
        return None
    return get_object_or_404(Workspace, slug=slug)


def _published_article(article_id: int, desk: str | None = None) -> Article:
    """A published article, or 404 (an unpublished one does not exist publicly).

    Under a desk's address (`desk`, its slug) only that desk's articles exist: an
    unknown slug and another desk's article are both 404, in the same one query.
    """
    articles = Article.objects.filter(policies.public_articles_filter()).defer("body")
    if desk is not None:
        articles = articles.filter(workspace__slug=desk)
    return get_object_or_404(articles, pk=article_id)


def _revision(article: Article, number: int | None) -> ReportRevision:
    revisions = ReportRevision.objects.filter(article=article)
    if number is None:
        revision = revisions.order_by("-number").first()
    else:
        revision = revisions.filter(number=number).first()
    if revision is None:
        raise Http404(gettext("No such revision."))
    return revision


def link(view: str, desk: str | None, *args) -> str:
    """The path of a public report page (`view`: the name of its `/reports/` route)
    under the desk's `/w/<slug>/reports/` when `desk` is a slug, else under
    `/reports/`: a reader who came in through a desk's address stays in it."""
    if desk is None:
        return reverse(view, args=args)
    return reverse(f"desk-{view}", args=[desk, *args])


def published_reports(desk: Workspace | None = None):
    """Published articles, newest publication first, with their revision count, the
    time of their first and of their latest revision: the index's rows (the feeds
    add the reports taken down, `reports.feeds.feed_entries`). Every desk's when
    `desk` is None (each with its desk), else that desk's only."""
    latest = ReportRevision.objects.filter(article=OuterRef("pk")).order_by("-number")
    articles = (
        Article.objects.filter(policies.public_articles_filter())
        .defer("body")
        .annotate(
            revision_count=Max("report_revisions__number"),
            first_published_at=Min("report_revisions__published_at"),
            revised_at=Subquery(latest.values("published_at")[:1]),
        )
        .order_by("-published_at", "-pk")
    )
    if desk is None:
        return articles.select_related("workspace")
    return articles.filter(workspace=desk)


@require_GET
def report_index(request, desk: str | None = None):
    """Published reports, newest first, searchable (anonymous): every desk's under
    `/reports/` (each naming its desk when there are several), one desk's under
    `/w/<slug>/reports/`."""
    workspace = desk_by_slug(desk)
    query = " ".join(request.GET.get("q", "")[:SEARCH_MAX].replace("\x00", "").split())
    articles = published_reports(workspace)
    if query:
        articles = articles.filter(
            Q(title__icontains=query)
            | Q(publisher__icontains=query)
            | Q(byline__icontains=query)
        )
    page = Paginator(articles, INDEX_PAGE).get_page(request.GET.get("page"))
    reports = [
        {
            "article": article,
            "url": link("report-detail", desk, article.pk),
            "desk": article.workspace if workspace is None else None,
        }
        for article in page
    ]
    context = {
        "page": page,
        "reports": reports,
        "query": query,
        "workspace": workspace,
        # A single-desk instance names no desk, as before desks existed.
        "show_desks": workspace is None and Workspace.objects.count() > 1,
        "organisation": desk_settings(workspace).report.organisation_name,
        "index_url": link("report-index", desk),
        "feed_url": link("report-feed", desk),
        "json_feed_url": link("report-feed-json", desk),
    }
    return render(request, "reports/index.html", context)


def _page(request, article_id: int, number: int | None, desk: str | None):
    article = _published_article(article_id, desk)
    latest = _revision(article, None).number
    revision = _revision(article, number)
    context = {
        "parts": exports.page_parts(revision, _captures_gone(revision.snapshot)),
        "article": article,
        "revision": revision,
        "latest": latest,
        "revisions": [
            (shown, link("report-revision", desk, article.pk, shown))
            for shown in range(latest, 0, -1)
        ],
        "downloads": [
            (
                exporter,
                link(
                    "report-revision-export",
                    desk,
                    article.pk,
                    revision.number,
                    exporter.identifier,
                ),
            )
            for exporter in exporters.all()
        ],
        "index_url": link("report-index", desk),
        "current_url": link("report-detail", desk, article.pk),
        "feed_url": link("report-feed", desk),
        "json_feed_url": link("report-feed-json", desk),
        "can_publish": policies.can_publish(request.user, article),
    }
    response = render(request, "reports/report_page.html", context)
    response["X-Report-Sha256"] = revision.sha256
    return response


def frozen_captures(snapshot: dict) -> dict[int, dict]:
    """Capture id -> the capture as the snapshot froze it, for every cited source
    that had one when the revision was published."""
    found = {}
    for claim in snapshot.get("claims") or ():
        for citation in claim.get("citations") or ():
            capture = (citation.get("source") or {}).get("capture")
            if isinstance(capture, dict) and isinstance(capture.get("id"), int):
                found[capture["id"]] = capture
    return found


def _captures_gone(snapshot: dict) -> frozenset[int]:
    """The revision's frozen captures whose source the link checker finds dead now
    (no query when the revision froze none)."""
    frozen = frozen_captures(snapshot)
    if not frozen:
        return frozenset()
    return frozenset(
        Capture.objects.filter(
            pk__in=frozen, source__link_status=LinkStatus.DEAD
        ).values_list("pk", flat=True)
    )


def _cited_capture(article_id: int, capture_id: int, desk: str | None) -> Capture:
    """A capture frozen in a revision of a published report (of the desk named by
    `desk`, when given), with the hash it was frozen with; 404 for any other: an
    unpublished report's, another desk's, one never cited in a report."""
    article = _published_article(article_id, desk)
    # The frozen capture's address ends so in the stored JSON: the database picks
    # the few revisions that may cite it, the parsed snapshot decides.
    revisions = ReportRevision.objects.filter(
        article=article, snapshot_json__contains=f'/captures/{capture_id}/"'
    ).order_by("-number")
    frozen = None
    for revision in revisions:
        frozen = frozen_captures(revision.snapshot).get(capture_id)
        if frozen is not None:
            break
    if frozen is None:
        raise Http404(gettext("No such capture."))
    capture = Capture.objects.filter(
        pk=capture_id, state=CaptureState.CAPTURED, sha256=frozen.get("sha256")
    ).first()
    if capture is None or not capture.file_path:
        raise Http404(gettext("No such capture."))
    return capture


def _untouchable(response: HttpResponse, sha256: str) -> HttpResponse:
    """A capture is someone else's bytes: never sniffed into markup, never run."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Capture-Sha256"] = sha256
    return response


@require_GET
def report_capture(request, article_id: int, capture_id: int, desk: str | None = None):
    """A cited capture's stored file, as a download: the web archive (WARC) of a
    fetched page, or the uploaded file with the type sniffed from its bytes."""
    capture = _cited_capture(article_id, capture_id, desk)
    try:
        handle = storages["captures"].open(capture.file_path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(gettext("No such capture.")) from None
    if capture.origin == CaptureOrigin.UPLOADED:
        content_type = capture.content_type or "application/octet-stream"
        name = capture.file_name or f"capture-{capture.pk}"
    else:
        content_type = "application/warc"
        # The capture task names the archive (.warc, .warc.gz): keep its ending.
        ending = "".join(PurePosixPath(capture.file_path).suffixes[-2:]) or ".warc"
        name = f"capture-{capture.pk}{ending}"
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type
    )
    return _untouchable(response, capture.sha256)


@require_GET
def report_capture_text(
    request, article_id: int, capture_id: int, desk: str | None = None
):
    """The words extracted from a cited capture, as plain text."""
    capture = _cited_capture(article_id, capture_id, desk)
    response = HttpResponse(capture.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="capture-{capture.pk}.txt"'
    return _untouchable(response, capture.sha256)


@require_GET
def report_detail(request, article_id: int, desk: str | None = None):
    """The public report: the latest revision (anonymous)."""
    return _page(request, article_id, None, desk)


@require_GET
def report_revision(request, article_id: int, number: int, desk: str | None = None):
    """An earlier (or the current) revision, for the corrections history."""
    return _page(request, article_id, number, desk)


def _download(revision: ReportRevision, exporter, payload: bytes) -> HttpResponse:
    response = HttpResponse(payload, content_type=exporter.content_type)
    disposition = "inline" if exporter.identifier in {"html", "pdf"} else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{exporter.filename(revision.snapshot)}"'
    )
    response["X-Report-Sha256"] = revision.sha256
    return response


def export_or_progress(request, revision: ReportRevision, identifier: str):
    """The export's bytes, or (a large PDF not rendered yet) a page that shows the
    worker's progress and reloads itself until the file is ready."""
    try:
        exporter = exporters.get(identifier)
    except exporters.UnknownFormat:
        raise Http404(gettext("No such format.")) from None
    payload = exports.cached(revision, identifier)
    claims = len(revision.snapshot.get("claims") or ())
    background = (
        identifier == "pdf" and claims > settings.FACTCHECK_PDF_INLINE_MAX_CLAIMS
    )
    if payload is None and background:
        job = services.export_request(revision=revision, identifier=identifier)
        if job.status != ExportJob.Status.DONE:
            context = {"job": job, "revision": revision, "claims": claims}
            template = "reports/export_progress.html"
            if request.htmx:
                template += "#progress"
            return render(request, template, context, status=202)
        payload = exports.cached(revision, identifier)
    if payload is None:
        payload = exports.render(revision, identifier)
    return _download(revision, exporter, payload)


@require_GET
def report_export(request, article_id: int, identifier: str, desk: str | None = None):
    article = _published_article(article_id, desk)
    return export_or_progress(request, _revision(article, None), identifier)


@require_GET
def report_revision_export(
    request, article_id: int, number: int, identifier: str, desk: str | None = None
):
    article = _published_article(article_id, desk)
    return export_or_progress(request, _revision(article, number), identifier)


# --- the desk ---------------------------------------------------------------------


@reviewer_required
@require_GET
def report_preview(request, article_id: int):
    """What the report would look like if published now (the desk only)."""
    # Another desk's article is not found (docs/DESKS.md).
    article = get_object_or_404(
        Article.objects.filter(
            policies.visible_articles_filter(request.user)
        ).select_related("workspace"),
        pk=article_id,
    )
    latest = services.latest_revision(article)
    preview = snapshot.build(
        article,
        number=(latest.number + 1) if latest else 1,
        published_at=article.updated_at,
        published_by=request.user,
        excerpts_only=request.GET.get("excerpts") == "1"
        or (
            "excerpts" not in request.GET
            and desk_settings(article.workspace).report.excerpts_only
        ),
    )
    preview = snapshot.excerpted(preview)
    context = {"parts": render_page_parts(preview), "preview": True}
    return render(request, "reports/report_page.html", context)


@reviewer_required
@require_GET
def report_status(request, article_id: int):
    """The article page's publishing line (htmx): published, changed since, etc."""
    # The article's row with its counts and its desk: one query serves the 404, the
    # policy and the status (whose digest holds the desk's identity).
    article = get_object_or_404(
        selectors.articles_visible_to(request.user)
        .defer(None)
        .select_related("workspace"),
        pk=article_id,
    )
    context = {
        "article": article,
        "status": services.publication_status(article, counts=article),
        "can_publish": policies.can_publish(request.user, article),
        "formats": exporters.all(),
    }
    return render(request, "reports/status.html", context)


def _posted_excerpts_only(post) -> bool | None:
    """The publish form's choice: its checkbox, ticked or not, when the form
    showed it (its `excerpts_choice` marker); None (the desk's default) for a post
    without it."""
    if "excerpts_choice" not in post:
        return None
    return "excerpts_only" in post


@requires(
    policies.can_publish,
    gettext_lazy("Publishing reports is for editors and admins."),
)
def report_publish(request, article_id: int):
    """Publish (or correct, or unpublish) the article's report."""
    article = get_object_or_404(
        Article.objects.filter(
            policies.visible_articles_filter(request.user)
        ).select_related("workspace"),
        pk=article_id,
    )
    error = ""
    status_code = 200
    if request.method == "POST":
        action = request.POST.get("action", "publish")
        try:
            if action == "unpublish":
                services.article_unpublish(
                    article=article,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, gettext("The report was taken down."))
            else:
                revision = services.article_publish(
                    article=article,
                    user=request.user,
                    override_reason=request.POST.get("override_reason", ""),
                    note=request.POST.get("note", ""),
                    excerpts_only=_posted_excerpts_only(request.POST),
                )
                messages.success(
                    request,
                    gettext("Revision %(number)s of the report is published.")
                    % {"number": revision.number},
                )
            return redirect("report-publish", article_id=article.pk)
        except DomainError as exc:
            error, status_code = exc.message, exc.status
        article.refresh_from_db()
    context = {
        "article": article,
        "status": services.publication_status(article),
        "events": PublicationEvent.objects.filter(article=article)
        .select_related("user", "revision")
        .order_by("-at", "-id")[:50],
        "revisions": ReportRevision.objects.filter(article=article)
        .select_related("published_by")
        .order_by("-number"),
        "error": error,
        "site_url_missing": "" if siteurl.base() else siteurl.MISSING,
        "posted": request.POST if error else {},
        "excerpts_only": _posted_excerpts_only(request.POST)
        if error and "excerpts_choice" in request.POST
        else desk_settings(article.workspace).report.excerpts_only,
        "formats": exporters.all(),
    }
    return render(request, "reports/publish.html", context, status=status_code)
