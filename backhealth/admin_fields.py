"""Admin form fields per language: right-to-left languages typed right to left, and the English
source text read-only to those who only translate."""

from django.conf import settings


class LanguageFieldsMixin:
    """For model admins and inlines of translated models (django-modeltranslation)."""

    # Whoever holds this permission may change the English text; translators only translate it.
    source_permission = "articles.add_article"

    def can_edit_source(self, request) -> bool:
        return request.user.has_perm(self.source_permission)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if field is not None and language in settings.LANGUAGES_BIDI:
            field.widget.attrs["dir"] = "rtl"
        if (
            field is not None
            and language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE
            and not self.can_edit_source(request)
        ):
            field.disabled = True
        return field
