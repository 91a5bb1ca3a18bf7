from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.backup import content_export


class Command(BaseCommand):
    help = "Back up everything editors made (articles, publications, topics, site-wide FAQs; no users) to DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty; give a new or empty folder")
        count = content_export(directory=directory)
        self.stdout.write(f"exported {count} articles to {directory}")
