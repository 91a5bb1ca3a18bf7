from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import exchange, xliff
from articles.models import Article


class Command(BaseCommand):
    help = "Write a translated XLIFF file into its article's working copy (never publishes)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--article", type=int, help="refuse the file unless it is this article's")
        parser.add_argument(
            "--lang",
            choices=exchange.translation_languages(),
            help="refuse the file unless it is a translation into this language (a name like x.es.xlf must match too)",
        )
        parser.add_argument(
            "--accept-stale",
            action="store_true",
            help="import units whose English changed since the export; they stay marked outdated",
        )

    def handle(self, *args, file, article, lang, accept_stale, **options):
        expected = None
        if article is not None:
            expected = Article.objects.filter(pk=article).first()
            if expected is None:
                raise CommandError(f"there is no article {article}")
        try:
            # Measured first, so that a huge file is refused without being read.
            problem = xliff.size_problem(file.stat().st_size)
            if problem:
                raise CommandError(f"{file}: nothing imported:\n{problem}")
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read the file: {error.strerror}") from None
        try:
            imported = exchange.xliff_import(
                data=data, article=expected, language=lang, filename=file.name, accept_stale=accept_stale
            )
        except xliff.XliffRefused as error:
            raise CommandError(f"{file}: nothing imported:\n" + "\n".join(error.problems)) from None
        self.stdout.write(
            f"imported article {imported.article.pk} ({imported.language}): "
            f"{imported.units} units, {len(imported.changes)} changed"
        )
        if imported.stale:
            self.stdout.write("accepted stale units, kept outdated: " + ", ".join(imported.stale))
