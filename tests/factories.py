"""factory_boy factories. Claims are made from real article text so offsets hold."""

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from annotations import roles
from annotations.models import (
    Article,
    Capture,
    CaptureState,
    Citation,
    Claim,
    Rating,
    RatingLabel,
    Source,
    SourceKind,
    SourcingGap,
    Stance,
    Verdict,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        # "admin" is an instance admin (a superuser); the other roles are held in
        # the first desk, or in the one passed as role__workspace.
        roles.grant(self, extracted, workspace=kwargs.get("workspace"))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    # The first desk, made again in a database a transactional test emptied.
    workspace = factory.LazyFunction(roles.ensure_first_workspace)
    title = factory.Sequence(lambda n: f"Article {n}")
    body = (
        "The council approved a budget of $3 million on Monday. "
        "Critics said it was too small."
    )


def claims_for(
    article: Article, texts: list[str] | None = None, **fields
) -> list[Claim]:
    """Create one claim per sentence-like piece of the body (or per given substring)."""
    body = article.body
    if texts is None:
        texts = [piece.strip() + "." for piece in body.split(".") if piece.strip()]
        texts = [t for t in texts if t in body]
    claims, cursor = [], 0
    for text in texts:
        start = body.index(text, cursor)
        end = start + len(text)
        claims.append(
            Claim.objects.create(
                article=article, start=start, end=end, text=body[start:end], **fields
            )
        )
        cursor = end
    return claims


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source document {n}")
    url = factory.Sequence(lambda n: f"https://example{n}.org/report")
    normalized_url = factory.LazyAttribute(
        lambda o: o.url.replace("http://", "https://")
    )
    domain = factory.Sequence(lambda n: f"example{n}.org")
    publisher = factory.Sequence(lambda n: f"Publisher {n}")
    kind = SourceKind.NEWS


class CaptureFactory(factory.django.DjangoModelFactory):
    """A finished capture of a fetched page (no stored file unless a test adds one)."""

    class Meta:
        model = Capture

    source = factory.SubFactory(SourceFactory)
    state = CaptureState.CAPTURED
    url = factory.LazyAttribute(lambda o: o.source.url)
    final_url = factory.LazyAttribute(lambda o: o.source.url)
    http_status = 200
    content_type = "text/html; charset=utf-8"
    text = "The captured words of the page."
    sha256 = factory.Faker("sha256")
    captured_at = factory.LazyFunction(timezone.now)


def failed_delivery(workspace):
    """A webhook of the desk with one delivery that failed (so it may be resent):
    what the sweeps fill the webhooks API's `<pk>` and `<delivery>` with."""
    import uuid

    from reports.models import Webhook, WebhookDelivery

    webhook = Webhook.objects.create(
        workspace=workspace,
        url="https://partner.example.org/in",
        secret="s" * 32,
        events=["published", "corrected", "unpublished"],
    )
    return WebhookDelivery.objects.create(
        webhook=webhook, event="published", uuid=uuid.uuid4(), payload_json="{}",
        state=WebhookDelivery.State.FAILED, attempts=3, last_status=500,
        next_attempt_at=timezone.now(),
    )  # fmt: skip


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    stance = Stance.SUPPORTS
    quote = "An excerpt that matters."


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    reviewer = factory.SubFactory(UserFactory, role="reviewer")
    label = factory.LazyFunction(
        lambda: RatingLabel.objects.get(scale__slug="default", slug="false")
    )


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    label = factory.LazyFunction(
        lambda: RatingLabel.objects.get(scale__slug="default", slug="false")
    )
    explanation = "The record shows otherwise."
    approved_at = factory.LazyFunction(timezone.now)


def big_article(
    n_claims: int,
    *,
    citations_per_claim: int = 4,
    gap_every: int = 3,
    published: bool = False,
    workspace=None,
) -> Article:
    """An article of n claims in paragraphs of five, made in bulk for query budgets
    and benchmarks: each claim cites its own sources (from 40 outlets, mixed
    stances), has one rating, and every `gap_every`-th claim has an open gap."""
    sentence = "Officials said spending rose by {n} percent in {n} districts."
    pieces, offsets, cursor = [], [], 0
    for n in range(n_claims):
        text = sentence.format(n=n)
        separator = "\n\n" if n % 5 == 4 else " "
        offsets.append((cursor, cursor + len(text)))
        pieces += [text, separator]
        cursor += len(text) + len(separator)
    body = "".join(pieces).rstrip()
    article = Article.objects.create(
        workspace=workspace or roles.ensure_first_workspace(),
        title=f"Article of {n_claims} claims",
        body=body,
        published_at=timezone.now() if published else None,
    )
    Claim.objects.bulk_create(
        (
            Claim(article=article, start=s, end=e, text=body[s:e], checkworthiness=0.6)
            for s, e in offsets
        ),
        batch_size=500,
    )
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    sources = Source.objects.bulk_create(
        (
            Source(
                title=f"Source {article.pk}-{i}",
                publisher=f"Outlet {i % 40}",
                url=f"https://outlet{i % 40}.example.org/{article.pk}/{i}",
                normalized_url=f"https://outlet{i % 40}.example.org/{article.pk}/{i}",
            )
            for i in range(n_claims * citations_per_claim)
        ),
        batch_size=500,
    )
    Citation.objects.bulk_create(
        (
            Citation(
                claim=claims[i // citations_per_claim],
                source=source,
                stance=Stance.values[i % 3],
                quote="An excerpt that matters.",
            )
            for i, source in enumerate(sources)
        ),
        batch_size=500,
    )
    rater = UserFactory()
    label = RatingLabel.objects.get(scale__is_default=True, slug="half-true")
    Rating.objects.bulk_create(
        (Rating(claim=c, reviewer=rater, label=label) for c in claims), batch_size=500
    )
    now = timezone.now()
    SourcingGap.objects.bulk_create(
        (
            SourcingGap(claim=c, kind="single_source", opened_at=now, last_seen_at=now)
            for c in claims[::gap_every]
        ),
        batch_size=500,
    )
    return article


def label(slug: str = "true") -> RatingLabel:
    """The default rating scale's label `slug`."""
    return RatingLabel.objects.get(scale__is_default=True, slug=slug)
