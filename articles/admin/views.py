"""The article admin's own screens: import a text file, download a language, compare revisions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views import View
from reversion.models import Version

from articles import forms, importing, services
from articles.admin.roles import refusal
from articles.diffs import text_diff
from articles.models import Article
from articles.publishing.document import build, render_text
from articles.publishing.services import publication_at
from articles.revisions import revision_copy
from articles.roles import may_write
from articles.views import render_preview


class ArticleAdminView(View):
    model_admin = None

    def article(self, request, object_id) -> Article:
        article = self.model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("There is no article with this id."))
        return article

    def change_url(self, article: Article) -> str:
        return reverse("admin:articles_article_change", args=[quote(article.pk)])

    def context(self, request, **extra):
        return {**self.model_admin.admin_site.each_context(request), "opts": Article._meta, **extra}

    @staticmethod
    def chosen_language(request) -> str:
        """The language asked for with ?language=, else the site's default."""
        language = request.GET.get("language", settings.LANGUAGE_CODE)
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @staticmethod
    def live_against_working_copy(article: Article, language: str) -> dict:
        """What readers of `language` see now against the working copy, line by line (for a template)."""
        live = publication_at(article=article, language=language)
        live_text = render_text(live.document) if live else ""
        working = (
            services.article_export(article=article, language=language) if article.is_complete_in(language) else ""
        )
        return {"live": live, "lines": text_diff(live_text, working), "same": live_text == working}


class ImportView(ArticleAdminView):
    """A new article from an English file, or this article's translation from a file in its language."""

    def dispatch(self, request, object_id=None):
        self.target = None
        if object_id is None:
            if not self.model_admin.has_add_permission(request):
                raise PermissionDenied
        else:
            self.target = self.article(request, object_id)
            if not self.model_admin.has_change_permission(request, self.target):
                raise PermissionDenied
        return super().dispatch(request)

    def form(self, request, data=None, files=None):
        return forms.ImportForm(
            data,
            files,
            article=self.target,
            can_publish=self.model_admin.has_publish_permission(request),
        )

    def get(self, request):
        return self.render(request, self.form(request))

    def post(self, request):
        form = self.form(request, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                language = importing.import_language(filename=data["filename"], chosen=data["language"] or None)
                if not may_write(request.user, language):
                    raise services.ImportRefused(refusal(request.user, language))
                if "preview" in request.POST:
                    before, after = importing.import_preview(text=data["file"], language=language, article=self.target)
                    return self.render(request, form, preview=text_diff(before, after), language=language)
                article = importing.import_as_revision(
                    filename=data["filename"] or "?",
                    text=data["file"],
                    language=language,
                    article=self.target,
                    publish=data.get("publish", False),
                    user=request.user,
                )
            except services.ImportRefused as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    gettext("Imported “%(title)s” (%(language)s).") % {"title": article, "language": language},
                )
                return HttpResponseRedirect(self.change_url(article))
        return self.render(request, form)

    def render(self, request, form, preview=None, language=None):
        title = (
            gettext("Import a translation of “%(title)s”") % {"title": self.target}
            if self.target
            else gettext("Import an article")
        )
        return TemplateResponse(
            request,
            "admin/articles/article/import.html",
            self.context(
                request,
                title=title,
                form=form,
                original=self.target,
                preview=preview,
                preview_language=language,
                text=form.cleaned_data.get("file") if preview is not None else None,
            ),
        )


class ExportView(ArticleAdminView):
    """The article in one language as a text file, exactly as `manage.py export_article` prints it."""

    def get(self, request, object_id, language):
        if language not in dict(settings.LANGUAGES):
            raise Http404(gettext("Unknown language."))
        article = self.article(request, object_id)
        if not article.is_complete_in(language):
            messages.error(
                request,
                gettext("The article is not complete in %(language)s, so it cannot be exported in it yet.")
                % {"language": dict(settings.LANGUAGES)[language]},
            )
            return HttpResponseRedirect(self.change_url(article))
        response = HttpResponse(
            services.article_export(article=article, language=language), content_type="text/plain; charset=utf-8"
        )
        filename = f"{article.slug_en or article.pk}.{language}.txt"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class PreviewView(ArticleAdminView):
    """The public page as the edit screen's unsaved text would make it: saved, rendered, rolled back."""

    http_method_names = ["post"]

    def post(self, request, object_id, language):
        admin = self.model_admin
        article = self.article(request, object_id)
        if language not in dict(settings.LANGUAGES):
            raise Http404(gettext("Unknown language."))
        if not admin.has_change_permission(request, article):
            raise PermissionDenied
        form = admin.get_form(request, article, change=True)(request.POST, request.FILES, instance=article)
        formsets, _inlines = admin._create_formsets(request, form.instance, change=True)
        form_valid = form.is_valid()
        if not (all_valid(formsets) and form_valid):
            return TemplateResponse(
                request,
                "admin/articles/article/preview_refused.html",
                self.context(request, original=article, errors=form_errors(form, formsets)),
                status=400,
            )
        with transaction.atomic():
            savepoint = transaction.savepoint()
            try:
                admin.save_model(request, admin.save_form(request, form, change=True), form, change=True)
                admin.save_related(request, form, formsets, change=True)
                shown = Article.objects.with_structure().get(pk=article.pk)
                with translation.override(language):
                    response = render_preview(request, shown, language)
            finally:
                transaction.savepoint_rollback(savepoint)
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response


def form_errors(form, formsets) -> list[str]:
    """Every message of the form and its inline forms, nested ones included, as plain sentences."""
    messages_found = [message for errors in form.errors.values() for message in errors]
    pending = list(formsets)
    while pending:
        formset = pending.pop(0)
        messages_found += formset.non_form_errors()
        for inline_form in formset.forms:
            messages_found += [message for errors in inline_form.errors.values() for message in errors]
            pending += getattr(inline_form, "nested_formsets", [])
    return messages_found


def revision_text(revision, article_id: str, language: str) -> str:
    """The article text of one language as it stood in a revision."""
    copy = revision_copy(revision, article_id)
    return render_text(build(copy, language)) if copy else ""


class CompareView(ArticleAdminView):
    """Two revisions of the article side by side, as text, in one language."""

    def get(self, request, object_id):
        article = self.article(request, object_id)
        versions = list(
            Version.objects.get_for_object(article).select_related("revision", "revision__user").order_by("-pk")
        )
        language = self.chosen_language(request)
        chosen = {version.pk: version for version in versions}
        old, new = self.choose(request, "old", chosen, versions, 1), self.choose(request, "new", chosen, versions, 0)
        lines = []
        if old and new:
            lines = text_diff(
                revision_text(old.revision, str(article.pk), language),
                revision_text(new.revision, str(article.pk), language),
            )
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            self.context(
                request,
                title=gettext("Compare revisions of “%(title)s”") % {"title": article},
                original=article,
                versions=versions,
                old=old,
                new=new,
                language=language,
                languages=settings.LANGUAGES,
                lines=lines,
            ),
        )

    def choose(self, request, name, chosen, versions, default_index):
        try:
            return chosen[int(request.GET[name])]
        except (KeyError, ValueError):
            return versions[default_index] if len(versions) > default_index else None
