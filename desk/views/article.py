"""The article page and the writes made on it (claims, citations, ratings, the
editorial loop), and a claim's and an article's history pages. Each view checks the
role it needs and answers the request; writes go through services, domain errors
come back in the form they belong to, and what the page shows is shaped in
`desk.presenters.article` and `desk.presenters.panel`.

htmx requests get the region they change (django-template-partials): opening a claim
returns `article.html#claim-panel`; every write returns `article.html#workspace` (the
body and the panel), with 400/403/409 and the message when the service refused.
Without JavaScript the same URLs work as plain pages (redirect after POST).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import replace_url

from annotations import policies, selectors, services, siteurl
from annotations.errors import DomainError, InvalidInput
from annotations.language_names import language_name
from annotations.models import Article, Citation, Claim, Source
from desk import forms, forms_segments
from desk.presenters.article import PAGE_FORMS, article_page_context
from desk.presenters.claims import people_names
from desk.presenters.panel import panel_context
from desk.views.access import login_redirect, reviewer_required
from desk.views.params import int_or_none

CONFLICT_HINT = gettext_lazy(
    "Their version is shown below; what you typed is kept in the form."
)

# "Segment #4 is now a headline.": each kind with its article, whole, so each
# language says it its own way.
KIND_WITH_ARTICLE = {
    Claim.Kind.CLAIM: pgettext_lazy("segment kind, with its article", "a claim"),
    Claim.Kind.HEADLINE: pgettext_lazy("segment kind, with its article", "a headline"),
    Claim.Kind.CAPTION: pgettext_lazy("segment kind, with its article", "a caption"),
    Claim.Kind.CREDIT: pgettext_lazy("segment kind, with its article", "a credit"),
    Claim.Kind.DATELINE: pgettext_lazy("segment kind, with its article", "a dateline"),
    Claim.Kind.QUESTION: pgettext_lazy("segment kind, with its article", "a question"),
    Claim.Kind.QUOTE: pgettext_lazy("segment kind, with its article", "a quote"),
    Claim.Kind.OPINION: pgettext_lazy("segment kind, with its article", "an opinion"),
    Claim.Kind.BYLINE: pgettext_lazy("segment kind, with its article", "a byline"),
    Claim.Kind.TIMESTAMP: pgettext_lazy(
        "segment kind, with its article", "a time stamp"
    ),
    Claim.Kind.FOOTER: pgettext_lazy("segment kind, with its article", "a footer"),
    Claim.Kind.LEAD_IN: pgettext_lazy(
        "segment kind, with its article", "a list lead-in"
    ),
}


def article_detail(request, pk: int):
    """The article body with every segment marked in place; `?claim=` opens a panel.

    This is the desk's page: anonymous visitors are sent to log in whatever the id
    (a missing and an existing article answer the same), and signed-in readers of a
    published article are sent to its public report.
    """
    if not request.user.is_authenticated:
        return login_redirect(request)
    # Another desk's article is not on this person's desk: like a reader, they may
    # read its public report if it has one.
    article = (
        selectors.articles_visible_to(request.user).defer(None).filter(pk=pk).first()
        if policies.can_annotate(request.user)
        else None
    )
    if article is None:
        published = (
            Article.objects.filter(pk=pk)
            .filter(policies.public_articles_filter())
            .exists()
        )
        if published:
            return HttpResponseRedirect(reverse("report-detail", args=[pk]))
        raise Http404(gettext("No such article."))
    selected = int_or_none(request.GET.get("claim"))
    context = article_page_context(
        request.user, article, selected=selected, order=request.GET.get("order")
    )
    return render(request, "annotations/article.html", context)


@reviewer_required
@require_GET
def claim_panel(request, pk: int):
    """One claim's panel; a plain request gets the article page with the panel open."""
    # Another desk's claim is not found (docs/DESKS.md), like every lookup here.
    claim = get_object_or_404(
        Claim.objects.filter(policies.visible_claims_filter(request.user)).only(
            "pk", "article_id"
        ),
        pk=pk,
    )
    if not request.htmx:
        return _article_redirect(claim.article_id, claim.pk)
    context = panel_context(request.user, claim.pk)
    context["article"] = context["panel"].article
    return render(request, "annotations/article.html#claim-panel", context)


def _article_redirect(article_id: int, claim_id: int | None) -> HttpResponseRedirect:
    if claim_id:
        return HttpResponseRedirect(siteurl.claim_path(article_id, claim_id))
    return HttpResponseRedirect(reverse("article-detail", args=[article_id]))


def _respond(
    request,
    article: Article,
    claim_id: int | None,
    *,
    error: str = "",
    status: int = 200,
    error_form: str = "",
    notice: str = "",
    notice_form: str = "",
):
    """The answer to a write: the workspace region (htmx) or a redirect / full page.

    Forms posted from the editors' queue (`origin=queue`) get their queue item back.
    """
    if request.POST.get("origin") == "queue" and claim_id is not None:
        if request.htmx:
            from desk.views.review import queue_item_response

            return queue_item_response(
                request, claim_id, error=error, status=status, notice=notice,
                error_form=error_form,
            )  # fmt: skip
        if not error:
            if notice:
                messages.success(request, notice)
            return HttpResponseRedirect(reverse("review-queue"))
    if not error and notice_form in PAGE_FORMS - {"blind-review", "language"}:
        notice_form = ""  # the new claim's panel says it, not the selection bar
    if not error and not request.htmx:
        if notice:
            messages.success(request, notice)
        return _article_redirect(article.pk, claim_id)
    panel_extra = {
        "error": error,
        "error_status": status if error else 0,
        "error_form": error_form,
        "bound": request.POST if error else None,
        "notice": notice,
        "notice_form": notice_form,
    }
    context = article_page_context(
        request.user,
        article,
        selected=claim_id,
        order=request.GET.get("order"),
        feedback=panel_extra,
    )
    if claim_id is not None and "panel" not in context:
        claim_id = None  # the claim is gone (merged away): show no panel
    template = "annotations/article.html"
    if request.htmx:
        template += "#workspace"
    response = render(request, template, context, status=status)
    if request.htmx:
        if claim_id:
            url = siteurl.claim_path(article.pk, claim_id, anchor=False)
        else:
            url = reverse("article-detail", args=[article.pk])
        replace_url(response, url)
    return response


def claim_write(
    form_name: str, form_class, *, needs_form: bool = True, files: bool = False
):
    """Decorator for POST views that change one claim through one service (`files`:
    the form also takes the request's uploaded files).

    The wrapped function gets (request, claim, data) and returns the id of the claim
    to show afterwards and a notice; DomainErrors become the status they map to.
    """

    def decorate(action):
        @wraps(action)
        @reviewer_required
        @require_POST
        def view(request, pk: int):
            claim = get_object_or_404(
                Claim.objects.filter(
                    policies.visible_claims_filter(request.user)
                ).select_related("article"),
                pk=pk,
            )
            article = claim.article
            if form_class is None:
                form = None
            elif files:
                form = form_class(request.POST, request.FILES)
            else:
                form = form_class(request.POST)
            if form is not None and not form.is_valid():
                message = " ".join(
                    (f"{form.fields[field].label}: " if field != "__all__" else "")
                    + error
                    for field, errors in form.errors.items()
                    for error in errors
                )
                return _respond(
                    request, article, claim.pk, error=message, status=400,
                    error_form=form_name,
                )  # fmt: skip
            try:
                shown, notice = action(
                    request, claim, form.cleaned_data if form else {}
                )
            except DomainError as exc:
                error = exc.message
                if exc.status == 409 and getattr(exc, "current_version", None):
                    error += " " + str(CONFLICT_HINT)
                return _respond(
                    request, article, claim.pk, error=error, status=exc.status,
                    error_form=form_name,
                )  # fmt: skip
            return _respond(
                request, article, shown, notice=notice, notice_form=form_name
            )

        return view

    return decorate


@claim_write("rebound", forms.ReboundForm)
def claim_rebound(request, claim, data):
    services.claim_rebound(
        claim=claim, start=data["start"], end=data["end"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, gettext("Claim #%(id)s now covers %(start)s to %(end)s.") % {
        "id": claim.pk,
        "start": data["start"],
        "end": data["end"],
    }


@claim_write("split", forms.SplitForm)
def claim_split(request, claim, data):
    first, second = services.claim_split(
        claim=claim, at=data["at"], user=request.user, expected_version=data["version"]
    )
    return first.pk, gettext(
        "Claim #%(id)s was split; the second part is #%(second)s."
    ) % {"id": first.pk, "second": second.pk}


@claim_write("carve", forms_segments.CarveForm)
def claim_carve(request, claim, data):
    """Make the selected span, inside this claim, a claim of its own."""
    result = services.claim_carve(
        claim=claim, start=data["start"], end=data["end"], user=request.user,
        expected_version=data["version"],
        unmatched_citations_to=data["citations"],
    )  # fmt: skip
    carved = result.carved
    rest = [f"#{part.pk}" for part in result.rest]
    text = carved.text if len(carved.text) <= 60 else carved.text[:60] + "…"
    values = {"text": text, "id": carved.pk, "rest": ", ".join(rest)}
    if rest:
        said = gettext("“%(text)s” is claim #%(id)s now; the rest stays %(rest)s.")
    else:
        said = gettext("“%(text)s” is claim #%(id)s now.")
    said %= values
    moved = sum(1 for target in result.citations_moved.values() if target == carved.pk)
    if result.citations_moved:
        said += " " + ngettext(
            "%(count)s source went with it.", "%(count)s sources went with it.", moved
        ) % {"count": moved}
    return carved.pk, said


@claim_write("merge", forms.VersionForm)
def claim_merge(request, claim, data):
    services.claim_merge(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    return claim.pk, gettext("Claim #%(id)s was merged with the segment after it.") % {
        "id": claim.pk
    }


@claim_write("dismiss", forms.DismissForm)
def claim_dismiss(request, claim, data):
    services.claim_dismiss(
        claim=claim, reason=data["reason"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, gettext("Claim #%(id)s was dismissed.") % {"id": claim.pk}


@claim_write("restore", forms.VersionForm)
def claim_restore(request, claim, data):
    services.claim_restore(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    return claim.pk, gettext("Claim #%(id)s was restored.") % {"id": claim.pk}


@claim_write("attribution", forms.AttributionForm)
def claim_attribution(request, claim, data):
    claim = services.claim_set_attribution(
        claim=claim, attribution=data["attribution"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    if claim.attribution:
        said = gettext("Claim #%(id)s is now attributed to %(speaker)s.")
    else:
        said = gettext("Claim #%(id)s is now attributed to nobody.")
    return claim.pk, said % {"id": claim.pk, "speaker": claim.attribution}


@claim_write("kind", forms.KindForm)
def claim_kind(request, claim, data):
    services.claim_set_kind(
        claim=claim,
        kind=data["kind"],
        user=request.user,
        expected_version=data["version"],
    )
    return claim.pk, gettext("Segment #%(id)s is now %(kind)s.") % {
        "id": claim.pk,
        "kind": KIND_WITH_ARTICLE[data["kind"]],
    }


@claim_write("submit", forms.VersionForm)
def claim_submit(request, claim, data):
    claim = services.claim_submit(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    if claim.status == "submitted":
        return claim.pk, gettext("Claim #%(id)s was submitted for review.") % {
            "id": claim.pk
        }
    progress = services.workflow.submission_progress(claim)
    more = progress.more_needed
    if more:
        said = ngettext(
            "Your rating of claim #%(id)s is submitted; the claim goes to the "
            "editors once %(count)s more rating is submitted.",
            "Your rating of claim #%(id)s is submitted; the claim goes to the "
            "editors once %(count)s more ratings are submitted.",
            more,
        )
    else:
        said = gettext(
            "Your rating of claim #%(id)s is submitted; the claim goes to the "
            "editors once %(people)s submit too."
        )
    return claim.pk, said % {
        "id": claim.pk,
        "count": more,
        "people": people_names(progress.assignees_waiting),
    }


@claim_write("cite", forms.CitationForm)
def citation_add(request, claim, data):
    source = None
    if data.get("source_id"):
        source = Source.objects.filter(pk=data["source_id"]).first()
        if source is None:
            raise InvalidInput(gettext("That source no longer exists; search again."))
    citation = services.citation_add_with_source(
        claim=claim, source=source, url=data["url"], title=data["title"],
        publisher=data["publisher"], kind=data["kind"], stance=data["stance"],
        user=request.user, quote=data["quote"], locator=data["locator"],
        note=data["note"], archive_url=data.get("archive_url", ""),
    )  # fmt: skip
    source = citation.source
    return claim.pk, gettext("Cited “%(title)s”.") % {"title": source.title}


@claim_write("upload", forms.EvidenceUploadForm, files=True)
def citation_upload(request, claim, data):
    citation = services.citation_add_with_upload(
        claim=claim, upload=data["file"], stance=data["stance"], user=request.user,
        title=data["title"], publisher=data["publisher"], kind=data["kind"],
        quote=data["quote"], locator=data["locator"], note=data["note"],
    )  # fmt: skip
    return claim.pk, gettext("Cited the uploaded file “%(title)s”.") % {
        "title": citation.source.title
    }


@claim_write("rate", forms.RatingForm)
def rating_set(request, claim, data):
    services.rating_set(
        claim=claim, reviewer=request.user, label=data["label"],
        confidence=data["confidence"], rationale=data["rationale"],
    )  # fmt: skip
    return claim.pk, gettext("Your rating of claim #%(id)s was saved.") % {
        "id": claim.pk
    }


def _assign_form(data):
    return forms.AssignForm(data, people=selectors.desk_people())


@claim_write("assign", _assign_form)
def claim_assign(request, claim, data):
    services.claim_assign(
        claim=claim, assignees=data["assignees"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    names = people_names(data["assignees"])
    if names:
        said = gettext("Claim #%(id)s assigned to %(names)s.")
    else:
        said = gettext("Claim #%(id)s assigned to nobody.")
    return claim.pk, said % {"id": claim.pk, "names": names}


@claim_write("cite-edit", forms.CitationEditForm)
def citation_update(request, claim, data):
    citation = Citation.objects.filter(pk=data["citation_id"], claim=claim).first()
    if citation is None:
        raise InvalidInput(gettext("That citation is no longer on this claim."))
    services.citation_update(
        citation=citation, user=request.user, stance=data["stance"],
        quote=data["quote"], locator=data["locator"], note=data["note"],
        seen_updated_at=data["seen"],
    )  # fmt: skip
    return claim.pk, gettext("The citation was updated.")


@reviewer_required
@require_POST
def citation_remove(request, pk: int):
    citation = get_object_or_404(
        Citation.objects.filter(
            policies.visible_articles_filter(request.user, "claim__article__")
        ).select_related("claim__article"),
        pk=pk,
    )
    claim = citation.claim
    try:
        services.citation_remove(citation=citation, user=request.user)
    except DomainError as exc:
        return _respond(
            request, claim.article, claim.pk, error=exc.message, status=exc.status,
            error_form="cite-remove",
        )  # fmt: skip
    return _respond(
        request, claim.article, claim.pk, notice=gettext("The citation was removed."),
        notice_form="cite-remove",
    )  # fmt: skip


@reviewer_required
@require_POST
def claim_create(request, pk: int):
    """A new claim from a text selection (body offsets)."""
    article = get_object_or_404(
        Article.objects.filter(policies.visible_articles_filter(request.user)), pk=pk
    )
    form = forms.RangeForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, article, int_or_none(request.POST.get("claim")),
            error=gettext("The selection could not be read."), status=400,
            error_form="create",
        )  # fmt: skip
    try:
        claim = services.claim_create(
            article=article,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            user=request.user,
        )
    except DomainError as exc:
        # Keep the panel the reviewer had open, if any, beside the message.
        keep = int_or_none(request.POST.get("claim"))
        if keep is not None and not article.claims.filter(pk=keep).exists():
            keep = None
        return _respond(
            request, article, keep, error=exc.message, status=exc.status,
            error_form="create",
        )  # fmt: skip
    return _respond(
        request,
        article,
        claim.pk,
        notice=gettext("Claim #%(id)s was added.") % {"id": claim.pk},
    )


@reviewer_required
@require_GET
def source_search(request):
    """Existing sources matching a URL, title or publisher (the citation picker)."""
    query = request.GET.get("q", "")[:200]
    claim_id = int_or_none(request.GET.get("claim")) or 0
    sources = selectors.source_search(query, viewer=request.user)
    context = {"sources": sources, "query": query, "claim_id": claim_id}
    if not request.htmx:
        raise Http404(gettext("The source search answers the claim panel only."))
    return render(request, "annotations/article.html#source-results", context)


# --- the editorial loop -------------------------------------------------------------


@claim_write("withdraw", forms.VersionForm)
def claim_withdraw(request, claim, data):
    services.claim_withdraw(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    return claim.pk, gettext("Your submission of claim #%(id)s was withdrawn.") % {
        "id": claim.pk
    }


def _approve_form(data):
    return forms.ApproveForm(data, labels=selectors.rating_labels())


@claim_write("approve", _approve_form)
def claim_approve(request, claim, data):
    verdict = services.verdict_approve(
        claim=claim, user=request.user, label=data["label"],
        explanation=data["explanation"], expected_version=data["version"],
        gap_override_reason=data["gap_override_reason"],
        two_person_override_reason=data["two_person_override_reason"],
        claim_as_checked=data["claim_as_checked"],
    )  # fmt: skip
    return claim.pk, gettext("Claim #%(id)s was approved as %(label)s.") % {
        "id": claim.pk,
        "label": verdict.label.name,
    }


@claim_write("return", forms.ReturnForm)
def claim_return(request, claim, data):
    services.claim_return(
        claim=claim, user=request.user, comment=data["comment"],
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, gettext("Claim #%(id)s was returned to its reviewers.") % {
        "id": claim.pk
    }


@claim_write("reopen", forms.ReopenForm)
def claim_reopen(request, claim, data):
    services.verdict_reopen(
        claim=claim, user=request.user, reason=data["reason"],
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, gettext("Claim #%(id)s was reopened.") % {"id": claim.pk}


@claim_write("comment", forms.CommentForm)
def comment_add(request, claim, data):
    services.comment_add(claim=claim, user=request.user, body=data["body"])
    return claim.pk, gettext("Your comment was added.")


@claim_write("rating-remove", forms.RatingRemoveForm)
def rating_remove(request, claim, data):
    rating = (
        selectors.visible_ratings(request.user)
        .filter(pk=data["rating_id"], claim=claim)
        .first()
    )
    if rating is None:
        raise InvalidInput(gettext("That rating is no longer on this claim."))
    services.rating_remove(rating=rating, user=request.user)
    return claim.pk, gettext("The rating was removed.")


@reviewer_required
@require_POST
def article_blind_review(request, pk: int):
    """Switch blind review on or off for the article (editors)."""
    article = get_object_or_404(
        Article.objects.filter(policies.visible_articles_filter(request.user)).only(
            "pk"
        ),
        pk=pk,
    )
    form = forms.BlindReviewForm(request.POST)
    form.is_valid()
    try:
        article = services.article_set_blind_review(
            article=article,
            user=request.user,
            blind=form.cleaned_data.get("blind_review", False),
        )
    except DomainError as exc:
        return _respond(
            request, article, None, error=exc.message, status=exc.status,
            error_form="blind-review",
        )  # fmt: skip
    if article.blind_review:
        said = gettext("Blind review is on.")
    else:
        said = gettext("Blind review is off.")
    return _respond(
        request, article, None, notice=said,
        notice_form="blind-review",
    )  # fmt: skip


@reviewer_required
@require_POST
def article_language(request, pk: int):
    """Correct the article's language (its segments are not split again)."""
    article = get_object_or_404(
        Article.objects.filter(policies.visible_articles_filter(request.user)).only(
            "pk"
        ),
        pk=pk,
    )
    form = forms.ArticleLanguageForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, article, None, status=400, error_form="language",
            error=gettext(
                "Give the language as a BCP 47 tag, such as en, es or pt-BR."
            ),
        )  # fmt: skip
    try:
        article = services.article_set_language(
            article=article, user=request.user, language=form.cleaned_data["language"]
        )
    except DomainError as exc:
        return _respond(
            request, article, None, error=exc.message, status=exc.status,
            error_form="language",
        )  # fmt: skip
    return _respond(
        request, article, None, notice_form="language",
        notice=gettext(
            "The article's language is now %(language)s. Its segments keep their "
            "kinds and speakers; new claims follow it."
        ) % {"language": language_name(article.language)},
    )  # fmt: skip


@reviewer_required
@require_GET
def claim_timeline(request, pk: int):
    """A claim's whole history: who changed what, when, before → after."""
    claim = get_object_or_404(
        Claim.objects.filter(policies.visible_claims_filter(request.user))
        .select_related("article")
        .defer("article__body"),
        pk=pk,
    )
    context = {
        "claim": claim,
        "article": claim.article,
        "entries": selectors.claim_timeline(claim.pk, viewer=request.user),
    }
    return render(request, "annotations/timeline.html", context)


@reviewer_required
@require_GET
def article_activity(request, pk: int):
    """Everything that happened to an article's claims, newest first."""
    article = get_object_or_404(
        Article.objects.filter(policies.visible_articles_filter(request.user)).defer(
            "body"
        ),
        pk=pk,
    )
    context = {
        "article": article,
        "entries": selectors.article_activity(article.pk, viewer=request.user),
    }
    return render(request, "annotations/activity.html", context)
