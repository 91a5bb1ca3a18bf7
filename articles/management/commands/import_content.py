from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.backup import RestoreRefused, content_import


class Command(BaseCommand):
    help = "Restore a backup written by export_content into a database with no content yet."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            count = content_import(directory=directory)
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {count} articles from {directory}")
