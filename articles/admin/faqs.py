"""FAQs on their own screen: site-wide ones (live when saved) and, for finding them, articles' ones
(which reach readers with the article's next publish). Registered here because an article's FAQ
is part of the article's working copy; the faq app itself knows nothing of articles."""

from django.conf import settings
from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from articles import services
from articles.admin.roles import RoleFieldsMixin
from articles.forms import FAQForm
from faq.models import FAQ


@admin.register(FAQ)
class FAQAdmin(RoleFieldsMixin, VersionAdmin, TabbedTranslationAdmin):
    source_permission = "faq.add_faq"
    form = FAQForm
    list_display = ["question", "article", "order"]
    list_filter = [("article", admin.EmptyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = [f"question_{code}" for code, _name in settings.LANGUAGES]
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.article_id:
            languages = tuple({name.rsplit("_", 1)[-1] for name in form.changed_data} & set(dict(settings.LANGUAGES)))
            # A save that changed nothing keeps the article's version, and so its clinical approval.
            changed = not change or bool(form.changed_data)
            services.article_saved(article=obj.article, translated=languages, changed=changed)

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        if article is not None:
            services.article_saved(article=article)
