from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import importing, services, textformat
from articles.diffs import text_diff
from articles.models import SOURCE_LANGUAGE, Article, Topic, language_codes
from articles.publishing.services import PublishRefused, article_publish


class Command(BaseCommand):
    help = (
        "Import an article from a text file, or add or replace one of its translations. Given several"
        " files, each name's English file (x.txt) makes an article and its translations (x.es.txt…) go"
        " into it: all in one transaction, so a refused file leaves nothing of the import."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="file")
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

    def handle(self, *args, files, lang, article, publish, topic, skip_review, preview, **options):
        if skip_review and not publish:
            raise CommandError("--skip-review goes with --publish")
        if len(files) > 1 and (preview or lang or article is not None):
            raise CommandError("--preview, --lang and --article take one file")
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
        if len(files) == 1:
            self.import_one(files[0], lang, target, publish, tuple(topics), skip_review, preview)
            return
        with transaction.atomic():
            made = {}
            # English first (x.txt or x.en.txt), so that each translation (x.es.txt) finds its article.
            for file in sorted(files, key=lambda file: self.translated_into(file) is not None):
                language = self.translated_into(file)
                stem = file.name.removesuffix(".txt").removesuffix(f".{language or SOURCE_LANGUAGE}")
                if language and stem not in made:
                    raise CommandError(f"{file}: no English file {stem}.txt in this import for its translation")
                made[stem] = self.import_one(file, language, made.get(stem), False, tuple(topics), skip_review)
            if publish:
                # Published once whole: its translations came after its English file.
                for imported in {article.pk: article for article in made.values()}.values():
                    self.publish(imported, skip_review)
        self.stdout.write(f"imported {len(files)} files into {len(made)} articles")

    @staticmethod
    def translated_into(file: Path) -> str | None:
        """The language a file of several is a translation into, from its name; None for English."""
        named = importing.language_from_filename(file.name)
        return None if named in (None, SOURCE_LANGUAGE) else named

    def publish(self, article: Article, skip_review: bool) -> None:
        try:
            article_publish(article=article, skip_review=skip_review, reason="import_article --publish --skip-review")
        except PublishRefused as error:
            raise CommandError(f"article {article.pk}: {error}") from None

    def import_one(self, file, lang, target, publish, topics, skip_review, preview=False) -> Article:
        try:
            text = textformat.decode(file.read_bytes())
        except OSError as error:
            raise CommandError(f"{file}: cannot read the file: {error.strerror}") from None
        except textformat.TextFormatError as error:
            raise CommandError(f"{file}: {error}") from None
        try:
            lang = importing.import_language(filename=file.name, chosen=lang)
            if preview:
                before, after = importing.import_preview(text=text, language=lang, article=target)
                for line in text_diff(before, after):
                    self.stdout.write({"added": "+ ", "removed": "- "}.get(line["change"], "  ") + line["text"])
                return target
            imported = importing.import_as_revision(
                filename=file.name,
                text=text,
                language=lang,
                article=target,
                publish=publish,
                topics=topics,
                skip_review=skip_review,
            )
        except services.ImportRefused as error:
            raise CommandError(f"{file}: {error}") from None
        self.stdout.write(f"imported article {imported.pk} ({lang}): {getattr(imported, f'slug_{lang}')}")
        return imported
