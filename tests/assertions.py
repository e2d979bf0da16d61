"""Assertions shared by the test modules."""

from annotations.models import Article, Claim


def assert_offsets(article: Article) -> None:
    """body[start:end] == text for every segment, none starts or ends with white
    space, and segments never overlap."""
    article.refresh_from_db()
    previous_end = 0
    for claim in Claim.objects.filter(article=article).order_by("start"):
        assert article.body[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        assert claim.start >= previous_end
        previous_end = claim.end
