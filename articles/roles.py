"""Who may change what in the working copy (DESIGN.md "Roles and review").

Editors change everything on content. Translators change only translated text: never the English,
topics, review dates, aspects, status or which parts exist, and only in the languages an editor
chose for them (every translation language when none was chosen). The admin asks here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import SOURCE_LANGUAGE

# Editors write articles; whoever may not add one only translates.
EDITOR_PERMISSION = "articles.add_article"
# The group made by the editorial roles migration (backhealth 0002).
TRANSLATOR_GROUP = "Translator"


def translation_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


class TranslatorLanguages(models.Model):
    """The languages one translator may translate into. User data, so not in backups."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="translator_languages",
        verbose_name=_("translator"),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        help_text=_("The languages this translator may translate into. Delete this entry to allow every language."),
    )

    class Meta:
        verbose_name = _("translator's languages")
        verbose_name_plural = _("translators' languages")
        ordering = ["user__username"]

    def __str__(self):
        return str(self.user)


def edits_structure(user) -> bool:
    """Whether `user` changes the English text and everything that is not translated text."""
    return user.has_perm(EDITOR_PERMISSION)


def writable_languages(user) -> tuple[str, ...]:
    """The languages whose text `user` may change."""
    # Asked once per form field: kept on the user object for the request, as Django keeps permissions.
    if not hasattr(user, "_writable_languages"):
        if edits_structure(user):
            user._writable_languages = tuple(code for code, _name in settings.LANGUAGES)
        else:
            chosen = TranslatorLanguages.objects.filter(user=user.pk).values_list("languages", flat=True).first()
            user._writable_languages = tuple(
                code for code in translation_languages() if chosen is None or code in chosen
            )
    return user._writable_languages


def may_write(user, language: str) -> bool:
    return language in writable_languages(user)


def may_change_field(user, db_field) -> bool:
    """A translated field in a language `user` writes; any other field only for editors."""
    language = getattr(db_field, "language", None)
    return may_write(user, language) if language else edits_structure(user)
