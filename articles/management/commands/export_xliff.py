from django.core.management.base import BaseCommand, CommandError

from articles import exchange, xliff
from articles.models import Article


class Command(BaseCommand):
    help = "Print an article's segments as an XLIFF file for translating it into one language."

    def add_arguments(self, parser):
        parser.add_argument("article", type=int)
        parser.add_argument("--lang", required=True, choices=exchange.translation_languages())
        parser.add_argument("--xliff", default="1.2", choices=xliff.VERSIONS, help="the XLIFF version (default 1.2)")

    def handle(self, *args, article, lang, xliff, **options):
        found = Article.objects.filter(pk=article).first()
        if found is None:
            raise CommandError(f"there is no article {article}")
        data = exchange.xliff_export(article=found, language=lang, version=xliff)
        self.stdout.write(data.decode("utf-8"), ending="")
