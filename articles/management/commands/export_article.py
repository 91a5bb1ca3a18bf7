from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.models import SOURCE_LANGUAGE, Article, language_codes


class Command(BaseCommand):
    help = "Print an article in the article text format."

    def add_arguments(self, parser):
        parser.add_argument("article", type=int)
        parser.add_argument("--lang", default=SOURCE_LANGUAGE, choices=language_codes())

    def handle(self, *args, article, lang, **options):
        found = Article.objects.with_structure().filter(pk=article).first()
        if found is None:
            raise CommandError(f"there is no article {article}")
        if not found.is_complete_in(lang):
            raise CommandError(f"article {article} is not complete in {lang}; translate it first")
        self.stdout.write(services.article_export(article=found, language=lang), ending="")
