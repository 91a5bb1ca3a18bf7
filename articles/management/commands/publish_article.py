from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.moments import parse_moment
from articles.publishing.services import PublishRefused, ReviewRequired, article_publish

SKIP_REVIEW_HELP = "publish without a clinical approval (operators only; the review history records it)"
SKIP_REVIEW_HINT = " An operator can publish it anyway with --skip-review."


def moment(value: str):
    """An ISO 8601 date-time; without an offset it is in the site's time zone."""
    parsed = parse_moment(value)
    if parsed is None:
        raise CommandError(f"“{value}” is not an ISO 8601 date-time such as 2027-03-01T09:00 or 2027-03-01T09:00+01:00")
    return parsed


def article_or_error(pk: int) -> Article:
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise CommandError(f"there is no article {pk}")
    return article


class Command(BaseCommand):
    help = "Publish an article's working copy in every language, now or at a future time."

    def add_arguments(self, parser):
        parser.add_argument("article", type=int)
        parser.add_argument("--at", help="an ISO 8601 date-time in the future (default: now)")
        parser.add_argument("--skip-review", action="store_true", help=SKIP_REVIEW_HELP)

    def handle(self, *args, article, at, skip_review, **options):
        target = article_or_error(article)
        when = moment(at) if at else None
        try:
            publications = article_publish(
                article=target, at=when, skip_review=skip_review, reason="manage.py publish_article --skip-review"
            )
        except ReviewRequired as error:
            raise CommandError(f"{error}{SKIP_REVIEW_HINT}") from None
        except PublishRefused as error:
            raise CommandError(str(error)) from None
        languages = ", ".join(
            publication.language + ("" if publication.language == publication.served_language else " (in English)")
            for publication in publications
        )
        if when:
            self.stdout.write(f"scheduled article {target.pk} for {when.isoformat()}: {languages}")
        else:
            self.stdout.write(f"published article {target.pk}: {languages}")
