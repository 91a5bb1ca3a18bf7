from django.core.management.base import BaseCommand, CommandError

from articles.management.commands.publish_article import article_or_error
from articles.publishing.services import PublishRefused, article_unpublish


class Command(BaseCommand):
    help = "Take an article off every public surface at once (its working copy is kept)."

    def add_arguments(self, parser):
        parser.add_argument("article", type=int)

    def handle(self, *args, article, **options):
        target = article_or_error(article)
        try:
            removed = article_unpublish(article=target)
        except PublishRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"unpublished article {target.pk}: {', '.join(removed) or 'a scheduled publication'}")
