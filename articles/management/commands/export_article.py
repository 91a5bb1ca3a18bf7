import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from articles import services
from articles.management.commands.publish_article import moment
from articles.models import SOURCE_LANGUAGE, Article, language_codes
from articles.publishing.document import render_text
from articles.publishing.services import publication_at


def published_moment(value: str) -> datetime.datetime:
    """A date means the end of that day (what readers saw that day, last); or a date-time."""
    day = parse_date(value) if len(value) == 10 else None
    if day is not None:
        end = datetime.datetime.combine(day, datetime.time.max)
        return timezone.make_aware(end)
    return moment(value)


class Command(BaseCommand):
    help = "Print an article in the article text format: its working copy, or what readers saw (--published)."

    def add_arguments(self, parser):
        parser.add_argument("article", type=int)
        parser.add_argument("--lang", default=SOURCE_LANGUAGE, choices=language_codes())
        parser.add_argument("--published", action="store_true", help="the live publication instead of the working copy")
        parser.add_argument("--at", help="with --published: what readers saw at this ISO date or date-time")

    def handle(self, *args, article, lang, published, at, **options):
        if at and not published:
            raise CommandError("--at goes with --published")
        found = Article.objects.with_structure().filter(pk=article).first()
        if found is None:
            raise CommandError(f"there is no article {article}")
        if published:
            when = published_moment(at) if at else None
            publication = publication_at(article=found, language=lang, at=when)
            if publication is None:
                shown = f"at {at}" if at else "now"
                raise CommandError(f"article {article} was not published in {lang} {shown}")
            self.stdout.write(render_text(publication.document), ending="")
            return
        if not found.is_complete_in(lang):
            raise CommandError(f"article {article} is not complete in {lang}; translate it first")
        self.stdout.write(services.article_export(article=found, language=lang), ending="")
