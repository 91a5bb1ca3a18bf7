from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import importing, services, textformat
from articles.diffs import text_diff
from articles.models import Article, Topic, language_codes


class Command(BaseCommand):
    help = "Import an article from a text file, or add or replace one of its translations."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--lang", choices=language_codes(), help="the file's language (default: from a name like x.es.txt, else en)"
        )
        parser.add_argument("--preview", action="store_true", help="print the changes line by line; write nothing")
        parser.add_argument("--article", type=int, help="the id of the article to translate")
        parser.add_argument("--publish", action="store_true", help="publish the article now")
        parser.add_argument("--topic", action="append", default=[], help="a topic slug (English); repeatable")
        parser.add_argument(
            "--skip-review",
            action="store_true",
            help="with --publish: publish without a clinical approval (operators only; recorded in the history)",
        )

    def handle(self, *args, file, lang, article, publish, topic, skip_review, preview, **options):
        if skip_review and not publish:
            raise CommandError("--skip-review goes with --publish")
        try:
            text = textformat.decode(file.read_bytes())
        except OSError as error:
            raise CommandError(f"{file}: cannot read the file: {error.strerror}") from None
        except textformat.TextFormatError as error:
            raise CommandError(f"{file}: {error}") from None
        target = None
        if article is not None:
            target = Article.objects.filter(pk=article).first()
            if target is None:
                raise CommandError(f"there is no article {article}")
        topics = []
        for slug in topic:
            found = Topic.objects.filter(slug_en=slug).first()
            if found is None:
                raise CommandError(f"there is no topic “{slug}”")
            topics.append(found)
        try:
            lang = importing.import_language(filename=file.name, chosen=lang)
            if preview:
                before, after = importing.import_preview(text=text, language=lang, article=target)
                for line in text_diff(before, after):
                    self.stdout.write({"added": "+ ", "removed": "- "}.get(line["change"], "  ") + line["text"])
                return
            imported = importing.import_as_revision(
                filename=file.name,
                text=text,
                language=lang,
                article=target,
                publish=publish,
                topics=tuple(topics),
                skip_review=skip_review,
            )
        except services.ImportRefused as error:
            raise CommandError(f"{file}: {error}") from None
        self.stdout.write(f"imported article {imported.pk} ({lang}): {getattr(imported, f'slug_{lang}')}")
