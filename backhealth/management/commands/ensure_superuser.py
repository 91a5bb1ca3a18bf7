import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Make the local superuser once; its password comes from DJANGO_SUPERUSER_PASSWORD or is printed."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        users = get_user_model()
        if users.objects.filter(username=username).exists():
            self.stdout.write(f"superuser {username} exists; its password is unchanged")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        if "DJANGO_SUPERUSER_PASSWORD" in os.environ:
            self.stdout.write(f"made superuser {username} with the password from DJANGO_SUPERUSER_PASSWORD")
        else:
            self.stdout.write(f"made superuser {username} with password {password} (shown once)")
