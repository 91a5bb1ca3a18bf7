from django.core.management.base import BaseCommand, CommandError

from articles import demo, services, textformat


class Command(BaseCommand):
    help = "Load the demo articles, topics and site-wide FAQs from content/ (what exists is kept)."

    def handle(self, *args, **options):
        try:
            demo.demo_load(log=self.stdout.write)
        except (services.ImportRefused, textformat.TextFormatError) as error:
            raise CommandError(str(error)) from None
