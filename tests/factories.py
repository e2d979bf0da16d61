"""factory_boy factories. Claims are made from real article text so offsets hold."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from annotations import roles
from annotations.models import (
    Article,
    Citation,
    Claim,
    Rating,
    RatingLabel,
    Source,
    SourceKind,
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
        if extracted == "admin":
            self.is_superuser = self.is_staff = True
            self.save(update_fields=["is_superuser", "is_staff"])
            return
        group = {"reviewer": roles.REVIEWERS, "editor": roles.EDITORS}[extracted]
        self.groups.add(Group.objects.get_or_create(name=group)[0])


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

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
    approved_at = factory.LazyFunction(timezone.now)
