"""The article's parts, edited on its own screen: sections with their table and rows, and FAQs."""

import nested_admin
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationInlineModelAdmin

from articles import forms
from articles.admin.roles import RoleFieldsMixin
from articles.models import Section, TriggerRow, TriggerTable
from faq.models import FAQ


class PrefetchedFormSet(nested_admin.formsets.NestedInlineFormSet):
    """Shows the objects the article prefetched instead of querying once per section and table."""

    def get_queryset(self):
        if self.data or self.instance.pk is None:
            return super().get_queryset()
        accessor = self.fk.remote_field.get_accessor_name()
        if self.fk.one_to_one:
            if accessor not in self.instance._state.fields_cache:
                return super().get_queryset()
            try:
                return [getattr(self.instance, accessor)]
            except ObjectDoesNotExist:
                return []
        cache = getattr(self.instance, "_prefetched_objects_cache", {})
        if accessor not in cache:
            return super().get_queryset()
        return list(cache[accessor])


class TranslatedInline(RoleFieldsMixin, TranslationInlineModelAdmin):
    formset = PrefetchedFormSet
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # Deleting below `min_num` is a form error, not only something the page's script prevents.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class TriggerRowInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = TriggerRow
    form = forms.TriggerRowForm
    sortable_field_name = "order"
    # The text format has no table without rows, nor an article without sections or FAQs.
    min_num = 1
    fields = ["trigger", "description", "order"]


class TriggerTableInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = TriggerTable
    form = forms.TriggerTableForm
    max_num = 1
    inlines = [TriggerRowInline]


class SectionInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = Section
    form = forms.SectionForm
    sortable_field_name = "order"
    min_num = 1
    fields = ["heading", "body", "aspect", "order"]
    inlines = [TriggerTableInline]


class FAQInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = FAQ
    form = forms.FAQForm
    sortable_field_name = "order"
    min_num = 1
    fields = ["question", "answer", "order"]
    verbose_name = _("question")
    verbose_name_plural = _("questions and answers")
