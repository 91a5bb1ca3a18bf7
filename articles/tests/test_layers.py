"""Dependencies point one way: the admin is the top of the articles app, and nothing below it
(services, importers, commands, public views) imports it."""

import ast
from pathlib import Path

from django.conf import settings

ARTICLES = Path(settings.BASE_DIR) / "articles"
# The admin site itself builds the editorial home page from the admin package.
ABOVE_THE_ADMIN = {ARTICLES / "admin_site.py"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_nothing_outside_the_admin_imports_the_admin():
    below = [
        path
        for path in ARTICLES.rglob("*.py")
        if "admin" not in path.relative_to(ARTICLES).parts[:1]
        and "tests" not in path.relative_to(ARTICLES).parts
        and path not in ABOVE_THE_ADMIN
    ]
    offenders = {
        str(path.relative_to(ARTICLES)): sorted(
            name for name in imported_modules(path) if name.startswith("articles.admin")
        )
        for path in below
    }
    assert {path: names for path, names in offenders.items() if names} == {}
