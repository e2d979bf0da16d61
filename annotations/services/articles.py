"""Creating articles: from text, files and web pages, split into claims at once."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from annotations import limits, policies
from annotations.desksettings import settings_of
from annotations.errors import DuplicateArticle, InvalidInput, NotAllowed
from annotations.extraction import ingest
from annotations.extraction import language as languages
from annotations.extraction.splitting import extract_claims, extract_metadata
from annotations.limits import TITLE_MAX
from annotations.models import (
    Article,
    Claim,
    Workspace,
)
from annotations.selectors.sourcing import duplicate_article
from annotations.services import system
from annotations.services.common import (
    claims_touched,
    grouped,
    lock_row,
)
from annotations.sources import clean_url, normalize_url
from annotations.sourcing import netfetch
from annotations.urlcheck import check_url


def _candidates_to_claims(article: Article, user) -> list[Claim]:
    body = article.body
    # Each segment's kind and attribution follow the rules of the article's
    # language (none where it has none yet: docs/EXTRACTION.md, "Languages").
    return [
        Claim(
            article=article,
            start=candidate.start,
            end=candidate.end,
            text=body[candidate.start : candidate.end],
            kind=str(candidate.kind),
            checkworthiness=candidate.checkworthiness,
            signals=[signal.as_dict() for signal in candidate.signals],
            attribution=(candidate.attribution or "")[: limits.ATTRIBUTION_MAX],
            created_by=user,
        )
        for candidate in extract_claims(body, language=article.language)
    ]


# Article.language's length.
from annotations.limits import LANGUAGE_MAX  # noqa: E402


def language_tag(written: str) -> str:
    """A language the caller names as the stored BCP 47 tag: "pt_br" -> "pt-BR".

    InvalidInput when it names no language. A tag longer than the field keeps its
    language and as many of the subtags after it as fit.
    """
    tag = languages.normalize_tag(written)
    if tag is None:
        raise InvalidInput(
            gettext(
                "%(tag)r is not a language tag: use a BCP 47 tag such as "
                "en, es, ar or pt-BR."
            )
            % {"tag": str(written)[: limits.QUOTED_TAG_MAX]}
        )
    while len(tag) > LANGUAGE_MAX:
        tag = tag.rsplit("-", 1)[0]
    return tag


def _article_language(written: str, declared, body: str) -> str:
    """The language the caller named, else the first plausible one the page
    declared, else the detected one, else the desk's default."""
    if written:
        return language_tag(written)
    choice = languages.choose(
        declared, body, default=settings.FACTCHECK_DEFAULT_LANGUAGE
    )
    return language_tag(choice.tag)


def _desk_for(created_by, workspace):
    """The desk a new article goes to: `workspace`, else the acting person's first
    desk (docs/DESKS.md). Refuses an acting user who may not add articles there;
    `SYSTEM` may (no person asked), None is nobody and is refused like a reader."""
    from annotations.selectors.workspaces import current_workspace

    if workspace is None:
        workspace = current_workspace(created_by) or system.first_workspace_ensure()
    elif not isinstance(workspace, Workspace):
        # An id: the desk's row is needed for its settings.
        workspace = Workspace.objects.filter(pk=workspace).first()
        if workspace is None:
            raise NotAllowed(gettext("No such desk."))
    if not system.is_system(created_by):
        policies.check_annotate(created_by, workspace)
    return workspace


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    created_by,
    url: str = "",
    publisher: str = "",
    byline: str = "",
    published_on: dt.date | None = None,
    language: str = "",
    declared_languages=(),
    allow_duplicate: bool = False,
    workspace=None,
) -> Article:
    """Store an article and its claims, split from the body, in one transaction.

    `created_by` is the acting user, asked `policies.check_annotate` in the desk the
    article goes to: `workspace`, or the person's first desk when None; the desk
    itself (seed loading, a command-line import naming nobody) passes
    `system.SYSTEM`, and the article then records no creator.
    `language` (a BCP 47 tag) is taken as given; left empty, the article's language
    is the first plausible one of `declared_languages` (what its page declared),
    else the one detected in the body, else FACTCHECK_DEFAULT_LANGUAGE.
    An article already on the desk with the same normalized URL or the same text
    (white space and case aside) is refused with DuplicateArticle, unless
    `allow_duplicate`: nothing is saved until the caller says so. Another desk's
    articles are not compared: a desk learns nothing of another's. The article
    starts in blind review when its desk's `blind_review_default` says so.
    """
    workspace = _desk_for(created_by, workspace)
    creator = system.person(created_by)
    title = " ".join((title or "").split())
    body = ingest.clean_text(body or "")
    if not body:
        raise InvalidInput(gettext("The article text is empty."))
    if len(body) > settings.FACTCHECK_MAX_ARTICLE_CHARS:
        raise InvalidInput(
            gettext("The article has %(count)s characters; the limit is %(limit)s.")
            % {
                "count": grouped(len(body)),
                "limit": grouped(settings.FACTCHECK_MAX_ARTICLE_CHARS),
            }
        )
    # What the pasted text's first lines say (headline, byline, date line) fills
    # whatever the caller left empty.
    found = extract_metadata(body)
    title = title or found.title or ""
    byline = byline or found.byline or ""
    published_on = published_on or found.published_on
    if not title:
        title = (
            ingest.split_title(body)[0]
            or body.split("\n", 1)[0][: limits.QUOTED_TITLE_MAX]
        )
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            gettext("The title is longer than %(limit)s characters.")
            % {"limit": grouped(TITLE_MAX)}
        )
    # Stored and published without what only tracks readers (docs/ARTICLE_PAGE.md).
    url = clean_url(check_url(url, what=gettext("The article URL"))) if url else ""
    language = _article_language(language, declared_languages, body)
    normalized = _normalized(url)
    fingerprint = ingest.body_fingerprint(body)
    if not allow_duplicate:
        _lock_import_keys(normalized, fingerprint)
        _refuse_duplicate(
            workspace=workspace,
            normalized_url=normalized,
            fingerprint=fingerprint,
            candidate={
                "title": title, "body": body, "url": url, "publisher": publisher,
                "byline": byline, "published_on": published_on, "language": language,
            },
        )  # fmt: skip
    article = Article(
        workspace=workspace,
        title=title,
        body=body,
        url=url,
        normalized_url=normalized,
        body_fingerprint=fingerprint,
        publisher=publisher[: limits.PUBLISHER_MAX],
        byline=byline[: limits.BYLINE_MAX],
        published_on=published_on,
        language=language,
        created_by=creator,
        blind_review=settings_of(workspace).blind_review_default,
    )
    article._history_user = creator
    article.save()
    claims = bulk_create_with_history(
        _candidates_to_claims(article, creator),
        Claim,
        batch_size=500,
        default_user=creator,
    )
    claims_touched(
        claim.pk for claim in Claim.objects.filter(article=article).only("pk")
    )
    del claims
    return article


def _normalized(url: str) -> str:
    try:
        return normalize_url(url) if url else ""
    except ValueError:
        return ""


def _lock_import_keys(*keys: str) -> None:
    """Serialise imports of the same URL or text until this transaction ends, so two
    identical imports at the same moment cannot both pass the duplicate check.

    PostgreSQL: a transaction-scoped advisory lock per key (the keys' order is
    fixed, so two imports never wait for each other crosswise). SQLite takes one
    writer at a time anyway.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted({key for key in keys if key}):
            key_bytes = f"import:{key}".encode()
            digest = hashlib.blake2b(key_bytes, digest_size=8).digest()
            lock_id = int.from_bytes(digest, "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _refuse_duplicate(
    *, workspace, normalized_url: str, fingerprint: str = "", candidate=None
):
    found = duplicate_article(
        workspace=workspace, normalized_url=normalized_url, fingerprint=fingerprint
    )
    if found is None:
        return
    existing, matched_by = found
    if matched_by == "url":
        message = gettext(
            "This article is already on the desk with the same URL: #%(id)s "
            "%(title)r. Nothing was saved; import it anyway only if this is a "
            "different article."
        )
    else:
        message = gettext(
            "This article is already on the desk with the same text: #%(id)s "
            "%(title)r. Nothing was saved; import it anyway only if this is a "
            "different article."
        )
    raise DuplicateArticle(
        message
        % {"id": existing.pk, "title": existing.title[: limits.QUOTED_TITLE_MAX]},
        existing=existing,
        matched_by=matched_by,
        candidate=candidate,
    )


def article_import_file(
    *, data: bytes, filename: str, created_by, workspace=None, **overrides
) -> Article:
    """Create an article from an uploaded or local .txt, .md or .html file, in
    `workspace` (as `article_create`)."""
    workspace = _desk_for(created_by, workspace)
    if len(data) > settings.FACTCHECK_MAX_UPLOAD_BYTES:
        raise InvalidInput(
            gettext("The file is %(size)s bytes; the limit is %(limit)s.")
            % {
                "size": grouped(len(data)),
                "limit": grouped(settings.FACTCHECK_MAX_UPLOAD_BYTES),
            }
        )
    imported = ingest.text_from_bytes(data, filename=filename)
    imported.url = _page_url(imported.url, fetched_from="")
    return _create_from_import(
        imported, created_by=created_by, workspace=workspace, **overrides
    )


def article_import_url(
    *,
    url: str,
    created_by,
    allow_duplicate: bool = False,
    workspace=None,
    **overrides,
) -> Article:
    """Fetch a web page and create an article from its main text.

    A URL already on the desk is refused before anything is fetched (unless
    `allow_duplicate`); the page's final URL and text are checked again after.
    Nothing is fetched for a user who may not add articles to `workspace` (as
    `article_create`)."""
    workspace = _desk_for(created_by, workspace)
    if not allow_duplicate:
        _refuse_duplicate(workspace=workspace, normalized_url=_normalized(url.strip()))
    try:
        result = netfetch.fetch(
            url,
            timeout=settings.FACTCHECK_FETCH_TIMEOUT,
            deadline=settings.FACTCHECK_FETCH_DEADLINE,
            max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES,
            max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS,
            allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
            user_agent=settings.FACTCHECK_USER_AGENT,
        )
    except netfetch.FetchError as exc:
        raise InvalidInput(str(exc)) from exc
    if result.status >= 400:
        raise InvalidInput(
            gettext("The URL answered HTTP %(status)s.") % {"status": result.status}
        )
    if result.truncated:
        raise InvalidInput(
            gettext("The page is larger than %(limit)s bytes.")
            % {"limit": grouped(settings.FACTCHECK_FETCH_MAX_BYTES)}
        )
    imported = ingest.text_from_fetch(
        result.body,
        url=result.final_url,
        content_type=result.content_type,
        charset=result.charset,
    )
    imported.url = _page_url(imported.url, fetched_from=result.final_url)
    if not allow_duplicate and imported.url != result.final_url:
        # The article takes the page's canonical URL (checked on creation); the
        # address it was fetched from may be the one already on the desk.
        _refuse_duplicate(
            workspace=workspace, normalized_url=_normalized(result.final_url)
        )
    return _create_from_import(
        imported,
        created_by=created_by,
        allow_duplicate=allow_duplicate,
        workspace=workspace,
        **overrides,
    )


def _page_url(declared: str, *, fetched_from: str) -> str:
    """The URL a page declares for itself if the desk's URL check takes it, else
    the address it was fetched from ("" for a file). The text core checks only the
    URL's shape (it may not import Django); the host's syntax is checked here, so a
    page declaring an address the desk refuses is still imported, under the address
    it came from."""
    if not declared or declared == fetched_from:
        return declared
    try:
        return check_url(declared)
    except InvalidInput:
        return fetched_from


def _create_from_import(
    imported: ingest.ImportedText,
    *,
    created_by,
    workspace,
    allow_duplicate: bool = False,
    **overrides,
) -> Article:
    fields = {
        "title": imported.title,
        "body": imported.body,
        "url": imported.url,
        "publisher": imported.publisher,
        "byline": imported.byline,
        "published_on": imported.published_on,
    }
    fields.update({key: value for key, value in overrides.items() if value})
    return article_create(
        created_by=created_by,
        workspace=workspace,
        allow_duplicate=allow_duplicate,
        declared_languages=imported.declared_languages,
        **fields,
    )


@transaction.atomic
def article_set_blind_review(*, article: Article, user, blind: bool) -> Article:
    """Switch blind review on or off for an article (editors): with it on, a
    reviewer sees the others' ratings of a claim only after submitting their own."""
    policies.check_set_blind_review(user, article)
    article = lock_row(Article.objects.all(), article.pk, "Article")
    if article.blind_review != bool(blind):
        article.blind_review = bool(blind)
        article._history_user = user
        article.save(update_fields=["blind_review", "updated_at"])
    return article


@transaction.atomic
def article_set_language(*, article: Article, user, language: str) -> Article:
    """Set the article's language (a BCP 47 tag, normalised: "pt_br" -> "pt-BR").

    Extraction is not run again: the segments on the article, and the work on
    them, keep the kinds and attributions they have. What follows the new language
    is what comes next: claims made from a selection, re-bounded, split or carved
    take its kind and attribution rules, and the reports give it as their `lang`.
    """
    policies.check_set_language(user, article)
    tag = language_tag(language)
    article = lock_row(Article.objects.all(), article.pk, "Article")
    if article.language != tag:
        article.language = tag
        article._history_user = user
        article.save(update_fields=["language", "updated_at"])
    return article


ARTICLE_METADATA = ("title", "url", "publisher", "byline", "published_on", "language")


@transaction.atomic
def article_update(*, article: Article, user, **fields) -> Article:
    """Change an article's metadata (never its body, which claims anchor into)."""
    policies.check_annotate(user, policies.desk_of(article))
    unknown = set(fields) - set(ARTICLE_METADATA)
    if unknown:
        raise InvalidInput(
            gettext("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    article = lock_row(Article.objects.all(), article.pk, "Article")
    if "title" in fields:
        fields["title"] = " ".join((fields["title"] or "").split())
        if not fields["title"]:
            raise InvalidInput(gettext("An article needs a title."))
        if len(fields["title"]) > TITLE_MAX:
            raise InvalidInput(
                gettext("The title is longer than %(limit)s characters.")
                % {"limit": grouped(TITLE_MAX)}
            )
    if "url" in fields:
        fields["url"] = (fields["url"] or "").strip()
        if fields["url"]:
            fields["url"] = clean_url(
                check_url(fields["url"], what=gettext("The article URL"))
            )
        fields["normalized_url"] = _normalized(fields["url"])
    for name, width in (
        ("publisher", limits.PUBLISHER_MAX),
        ("byline", limits.BYLINE_MAX),
    ):
        if name in fields:
            fields[name] = " ".join((fields[name] or "").split())[:width]
    if "language" in fields:
        fields["language"] = language_tag(fields["language"])
    changed = [
        name for name, value in fields.items() if getattr(article, name) != value
    ]
    for name in changed:
        setattr(article, name, fields[name])
    if changed:
        article._history_user = user
        article.save(update_fields=[*changed, "updated_at"])
    return article


@transaction.atomic
def article_delete(*, article: Article, user) -> None:
    """Delete an article with its claims and evidence (admins only; history keeps
    what was deleted)."""
    if not policies.can_administer(user):
        raise NotAllowed(gettext("Only admins delete articles."))
    article = lock_row(Article.objects.all(), article.pk, "Article")
    article._history_user = user
    article.delete()


@transaction.atomic
def article_set_published(*, article: Article, user, published_at) -> Article:
    """Mark the article published at `published_at` (None: unpublished). The reports
    app calls this when it publishes a revision or unpublishes the report."""
    policies.check_publish(user, article)
    article = lock_row(Article.objects.all(), article.pk, "Article")
    article.published_at = published_at
    article._history_user = user
    article.save(update_fields=["published_at", "updated_at"])
    return article
