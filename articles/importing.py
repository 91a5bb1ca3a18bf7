"""Safe imports: the language a file is in, a preview that writes nothing, and a revision per import."""

import re

import reversion
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from articles import services
from articles.models import Article

# `back-spasms.es.txt`: the part before the extension names the language.
FILE_LANGUAGE = re.compile(r"\.([A-Za-z]{2})\.txt$")


def language_from_filename(name: str) -> str | None:
    found = FILE_LANGUAGE.search(name or "")
    code = found.group(1).lower() if found else None
    return code if code in dict(settings.LANGUAGES) else None


def import_language(*, filename: str, chosen: str | None) -> str:
    """The file name's language, or the chosen one; refused when they disagree."""
    named = language_from_filename(filename)
    if named and chosen and named != chosen:
        raise services.ImportRefused(
            gettext(
                "The file name “%(name)s” says %(named)s, but %(chosen)s was chosen: "
                "rename the file or choose %(named)s."
            )
            % {"name": filename, "named": named, "chosen": chosen}
        )
    return named or chosen or settings.LANGUAGE_CODE


def import_preview(*, text: str, language: str, article: Article | None = None) -> tuple[str, str]:
    """The working copy's text in `language` and what it would be after the import; writes nothing.

    The import runs in full (every check, the slug included) and is rolled back.
    """
    before = ""
    if article is not None:
        article = Article.objects.with_structure().get(pk=article.pk)
        if article.is_complete_in(language):
            before = services.article_export(article=article, language=language)
    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            imported = services.article_import(text=text, language=language, article=article)
            after = services.article_export(
                article=Article.objects.with_structure().get(pk=imported.pk), language=language
            )
        finally:
            transaction.savepoint_rollback(savepoint)
    return before, after


def import_as_revision(*, filename: str, user=None, **options) -> Article:
    """article_import as one revision in the history, with its author and the file it came from."""
    with reversion.create_revision():
        article = services.article_import(user=user, **options)
        reversion.add_to_revision(Article.objects.get(pk=article.pk))
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(
            gettext("Imported %(language)s from %(file)s") % {"language": options["language"], "file": filename}
        )
    return article
