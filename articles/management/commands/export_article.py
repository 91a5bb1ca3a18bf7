from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.models import SOURCE_LANGUAGE, Article, language_codes
from articles.moments import parse_day_or_moment
from articles.publishing.document import render_text
from articles.publishing.services import publication_at


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
            when = parse_day_or_moment(at) if at else None
            if at and when is None:
                raise CommandError(f"“{at}” is not an ISO 8601 date such as 2027-03-01, or a date-time")
            publication = publication_at(article=found, language=lang, at=when)
            if publication is None:
                shown = f"at {at}" if at else "now"
                raise CommandError(f"article {article} was not published in {lang} {shown}")
            self.stdout.write(render_text(publication.document), ending="")
            return
        if not found.is_complete_in(lang):
            raise CommandError(f"article {article} is not complete in {lang}; translate it first")
        self.stdout.write(services.article_export(article=found, language=lang), ending="")
