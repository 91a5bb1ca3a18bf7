"""The query-string rules every endpoint shares: a parameter given twice, or given empty, is a 400
that names it (django-filter would otherwise skip an empty value and keep only a repeated one's
last), and a boolean is exactly true or false."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import BooleanFilter
from rest_framework.exceptions import ValidationError

# Every query parameter some endpoint reads; unknown ones (utm_*, …) are ignored, as documented.
READ_PARAMETERS = (
    "lang",
    "page",
    "page_size",
    "slug",
    "topic",
    "updated_since",
    "search",
    "ordering",
    "article",
    "site_wide",
    "since",
)


def refuse_repeated(query_params) -> None:
    """A parameter the API reads may be given once (several orderings go in one comma list)."""
    for name in READ_PARAMETERS:
        if len(query_params.getlist(name)) > 1:
            raise ValidationError(
                {name: [_("Give %(name)s once; separate several values with commas.") % {"name": name}]}
            )


# A text parameter's value: no NUL (refused everywhere) and something besides spaces and line breaks.
TEXT_PATTERN = r"^[^\x00]*[^\x00 \t\n\r][^\x00]*$"
BLANK = re.compile(r"[ \t\n\r]*")


class NoEmptyValuesForm(forms.Form):
    """A filter form where a parameter that is present must have a value."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name in self.data and BLANK.fullmatch(str(self.data.get(name, ""))):
                self.add_error(name, _("Give a value, or leave %(name)s out.") % {"name": name})
        return cleaned


class StrictBooleanField(forms.Field):
    """Only `true` or `false` (where Django's null-boolean field takes anything else as unset)."""

    default_error_messages = {"invalid": gettext_lazy("Give true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(BooleanFilter):
    field_class = StrictBooleanField
