from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import exchange, xliff


class Command(BaseCommand):
    help = "Write a translated XLIFF file into its article's working copy (never publishes)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--accept-stale",
            action="store_true",
            help="import units whose English changed since the export; they stay marked outdated",
        )

    def handle(self, *args, file, accept_stale, **options):
        try:
            if file.stat().st_size > xliff.MAX_BYTES:
                raise CommandError(
                    f"{file}: the file has {file.stat().st_size} bytes; "
                    f"an XLIFF file of an article has at most {xliff.MAX_BYTES}"
                )
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read the file: {error.strerror}") from None
        try:
            imported = exchange.xliff_import(data=data, accept_stale=accept_stale)
        except xliff.XliffRefused as error:
            raise CommandError(f"{file}: nothing imported:\n" + "\n".join(error.problems)) from None
        self.stdout.write(
            f"imported article {imported.article.pk} ({imported.language}): "
            f"{imported.units} units, {len(imported.changes)} changed"
        )
        if imported.stale:
            self.stdout.write("accepted stale units, kept outdated: " + ", ".join(imported.stale))
