"""The roles in the admin (articles/roles.py): what a user may not change is shown disabled and
ignored when posted, a language they do not write is refused, and editors choose the languages
each translator translates into."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.models import SOURCE_LANGUAGE
from backhealth.admin_fields import LanguageFieldsMixin


class RoleFieldsMixin(LanguageFieldsMixin):
    """For the admins of the working copy's models: a translator's form changes only translated text
    in their languages. A disabled field keeps its stored value whatever the browser sends."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and not roles.may_change_field(request.user, db_field):
            field.disabled = True
        return field


def refusal(user, language: str) -> str:
    """Why `user` may not change the text in `language`."""
    if language == SOURCE_LANGUAGE:
        return gettext("You may not change the English text: translators change the translations only.")
    names = dict(settings.LANGUAGES)
    return gettext("You may not change the %(language)s text. You translate into %(languages)s only.") % {
        "language": names.get(language, language),
        "languages": ", ".join(str(names[code]) for code in roles.writable_languages(user)),
    }


def check_may_write(user, language: str) -> None:
    if not roles.may_write(user, language):
        raise PermissionDenied(refusal(user, language))


class TranslatorLanguagesForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=roles.TranslatorLanguages._meta.get_field("languages").help_text,
    )

    class Meta:
        model = roles.TranslatorLanguages
        fields = ["user", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["languages"].choices = [(code, names[code]) for code in roles.translation_languages()]
        self.fields["user"].queryset = (
            get_user_model().objects.filter(groups__name=roles.TRANSLATOR_GROUP).order_by("username").distinct()
        )

    def clean_languages(self):
        chosen = self.cleaned_data["languages"]
        return [code for code in roles.translation_languages() if code in chosen]


@admin.register(roles.TranslatorLanguages)
class TranslatorLanguagesAdmin(admin.ModelAdmin):
    form = TranslatorLanguagesForm
    list_display = ["user", "language_names"]
    list_select_related = ["user"]
    search_fields = ["user__username"]

    @admin.display(description=_("languages"))
    def language_names(self, entry):
        names = dict(settings.LANGUAGES)
        return ", ".join(str(names[code]) for code in entry.languages if code in names)
