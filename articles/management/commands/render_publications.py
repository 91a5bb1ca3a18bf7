from django.core.management.base import BaseCommand

from articles.publishing.body import render_stale_bodies


class Command(BaseCommand):
    help = (
        "Render again the page body of every live or scheduled publication whose body an older"
        " template rendered (after a change to articles/article_body.html)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"rendered {render_stale_bodies()} publication bodies")
