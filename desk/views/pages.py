"""The dashboard, the new-article form and the health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from annotations import policies, selectors, services
from annotations.errors import DomainError, DuplicateArticle
from annotations.extraction.splitting import extract_metadata
from annotations.models import Claim
from annotations.workflow import Publication
from desk import forms
from desk.views.access import reviewer_required

DASHBOARD_QUEUE = 10
ARTICLE_STATES = [
    ("", gettext_lazy("All articles")),
    ("unrated", gettext_lazy("Claims left to rate")),
    ("gaps", gettext_lazy("With open gaps")),
    # Publication's own labels (marked in desk.templatetags.labels.STATE_WORDS).
    ("unpublished", gettext_lazy(Publication.NOT_PUBLISHED.label)),
    ("published", gettext_lazy(Publication.PUBLISHED.label)),
]


@login_required
@require_GET
def dashboard(request):
    """My claims, and every article with its review progress, filtered and searched."""
    query = request.GET.get("q", "")[:200]
    state = request.GET.get("state", "")
    if state not in dict(ARTICLE_STATES):
        state = ""
    desk = request.workspace
    articles = selectors.article_search(
        selectors.articles_visible_to(request.user, desk), query=query, state=state
    )
    can_review = policies.can_annotate(request.user, desk)
    sees_queue = policies.can_view_review_queue(request.user, desk)
    waiting = (
        selectors.review_queue(request.user, workspace=desk) if sees_queue else None
    )
    rows = list(articles[:200])
    for article in rows:
        article.state = selectors.article_state(article)
        article.progress = selectors.progress_bar(article)
    context = {
        "articles": rows,
        "query": query,
        "state": state,
        "states": ARTICLE_STATES,
        "queues": selectors.my_claims(request.user, workspace=desk)
        if can_review
        else None,
        "review_queue": selectors.with_agreement(waiting[:DASHBOARD_QUEUE])
        if sees_queue
        else None,
        # Every claim waiting, not only the ones listed.
        "review_total": waiting.count() if sees_queue else 0,
    }
    template = "annotations/home.html"
    if request.htmx and request.htmx.target == "article-list":
        template += "#article-list"
    return render(request, template, context)


@reviewer_required
def article_new(request):
    """Paste, upload or fetch an article; on success show it split into claims."""
    if request.method == "POST":
        form = forms.ArticleNewForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            overrides = {
                "title": data["title"],
                "publisher": data["publisher"],
                "byline": data["byline"],
                "published_on": data["published_on"],
                "allow_duplicate": data["allow_duplicate"],
            }
            try:
                if data["mode"] == "file":
                    upload = data["file"]
                    article = services.article_import_file(
                        data=upload.read(),
                        filename=upload.name,
                        created_by=request.user,
                        **overrides,
                    )
                elif data["mode"] == "url":
                    article = services.article_import_url(
                        url=data["url"], created_by=request.user, **overrides
                    )
                else:
                    article = services.article_create(
                        body=data["text"],
                        url=data["original_url"],
                        created_by=request.user,
                        **overrides,
                    )
            except DuplicateArticle as exc:
                return _duplicate_warning(request, form, exc)
            except DomainError as exc:
                form.add_error(
                    data["mode"] if data["mode"] in form.fields else None, exc.message
                )
                return render(
                    request,
                    "annotations/article_new.html",
                    {"form": form},
                    status=exc.status,
                )
            count = article.claims.filter(kind=Claim.Kind.CLAIM).count()
            messages.success(
                request,
                ngettext(
                    "“%(title)s” was split into %(count)s claim.",
                    "“%(title)s” was split into %(count)s claims.",
                    count,
                )
                % {"title": article.title, "count": count},
            )
            return redirect("article-detail", pk=article.pk)
        return render(
            request, "annotations/article_new.html", {"form": form}, status=400
        )
    return render(
        request, "annotations/article_new.html", {"form": forms.ArticleNewForm()}
    )


def _duplicate_warning(request, form, exc: DuplicateArticle):
    """The article is already on the desk: say which, link to it, and offer "Import
    anyway" (the same form again with allow_duplicate). Nothing was saved.

    An uploaded file cannot be sent back to the browser, so its text (and what the
    file said its title, byline and date were) comes back in the form instead."""
    if form.cleaned_data["mode"] == "file" and exc.candidate:
        found, typed = exc.candidate, form.cleaned_data
        published_on = typed["published_on"] or found.get("published_on")
        form = forms.ArticleNewForm(
            {
                "text": found["body"],
                "title": typed["title"] or found.get("title", ""),
                "publisher": typed["publisher"] or found.get("publisher", ""),
                "byline": typed["byline"] or found.get("byline", ""),
                "published_on": published_on.isoformat() if published_on else "",
                "original_url": found.get("url", ""),
            }
        )
        form.is_valid()
    context = {
        "form": form,
        "duplicate": exc.existing,
        "duplicate_matched_by": exc.matched_by,
        "duplicate_message": exc.message,
    }
    return render(request, "annotations/article_new.html", context, status=409)


METADATA_PREVIEW_CHARS = 20_000


@reviewer_required
@require_POST
def article_metadata(request):
    """What the pasted text's first lines say: the title, byline and date the
    article will get unless the user types their own (htmx, as they paste)."""
    text = request.POST.get("text", "")[:METADATA_PREVIEW_CHARS]
    found = extract_metadata(text.replace("\r\n", "\n"))
    context = {
        "found": found,
        "any": bool(found.title or found.byline or found.published_on),
    }
    return render(request, "annotations/article_new.html#metadata-found", context)


def healthz(request):
    """Liveness for load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
