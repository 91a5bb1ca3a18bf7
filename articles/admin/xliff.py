"""XLIFF in the admin: download an article's file per language, a zip for a selection, and an
upload that shows the changes it would make before it writes them."""

import base64
import binascii

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import exchange, xliff
from articles.admin.roles import refusal
from articles.admin.views import ArticleAdminView
from articles.roles import may_write


def attachment(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def version_asked(request) -> str:
    return request.GET.get("xliff") if request.GET.get("xliff") in xliff.VERSIONS else "1.2"


def language_choices():
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in exchange.translation_languages()]


class XliffExportView(ArticleAdminView):
    """The article's segments for translating it into one language, as `manage.py export_xliff`."""

    def get(self, request, object_id, language):
        if language not in exchange.translation_languages():
            raise Http404(gettext("Unknown language."))
        article = self.article(request, object_id)
        if not self.model_admin.has_view_or_change_permission(request, article):
            raise PermissionDenied
        version = version_asked(request)
        data = exchange.xliff_export(article=article, language=language, version=version)
        return attachment(data, xliff.filename(article, language, version), "application/xliff+xml")


class XliffZipForm(forms.Form):
    version = forms.ChoiceField(
        label=_("XLIFF version"),
        choices=[("1.2", _("XLIFF 1.2 (read by every translation tool)")), ("2.0", _("XLIFF 2.0"))],
        initial="1.2",
        widget=forms.RadioSelect,
    )
    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()
        self.fields["languages"].initial = exchange.translation_languages()


@admin.action(description=_("Download XLIFF files for translation (zip)"), permissions=["view"])
def download_xliff(model_admin, request, queryset):
    """First a page to choose the XLIFF version and the languages, then the zip."""
    articles = queryset.order_by("pk")
    form = XliffZipForm(request.POST if "download" in request.POST else None)
    if form.is_valid():
        data = exchange.xliff_zip(
            articles=articles, version=form.cleaned_data["version"], languages=form.cleaned_data["languages"]
        )
        return attachment(data, "backhealth-xliff.zip", "application/zip")
    return TemplateResponse(
        request,
        "admin/articles/article/xliff_zip.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": gettext("Download XLIFF files for translation"),
            "form": form,
            "articles": articles,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
        status=400 if form.is_bound else 200,
    )


class XliffUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLIFF file"),
        help_text=_("An XLIFF 1.2 or 2.0 file of this article; a name like back-spasms.es.xlf says its language."),
    )
    language = forms.ChoiceField(
        label=_("Language of the file"),
        required=False,
        help_text=_("The file says its language; a choice here must match it."),
    )
    accept_stale = forms.BooleanField(
        label=_("Accept stale units"),
        required=False,
        help_text=_("Import units whose English changed since the export; they stay marked outdated."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("From the file")), *language_choices()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = xliff.size_problem(upload.size)
        if problem:
            raise ValidationError(problem)
        self.upload_name = upload.name
        return upload.read()


class XliffConfirmForm(forms.Form):
    """The previewed file again, carried by the preview page, so the write checks it once more."""

    content = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)
    language = forms.CharField(widget=forms.HiddenInput, required=False)
    accept_stale = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_content(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except binascii.Error:
            raise ValidationError(gettext("The previewed file was lost; upload it again.")) from None


class XliffImportView(ArticleAdminView):
    """Upload a translated file: first a preview of the changes, then, when confirmed, the write."""

    def dispatch(self, request, object_id):
        self.target = self.article(request, object_id)
        if not self.model_admin.has_change_permission(request, self.target):
            raise PermissionDenied
        return super().dispatch(request)

    def get(self, request):
        return self.render(request, XliffUploadForm())

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = XliffUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form)
        choices = {
            "filename": form.upload_name,
            "language": form.cleaned_data["language"],
            "accept_stale": form.cleaned_data["accept_stale"],
        }
        try:
            preview = self.run(request, form.cleaned_data["file"], dry_run=True, **choices)
        except xliff.XliffRefused as error:
            return self.render(request, form, problems=error.problems)
        confirm = XliffConfirmForm(initial={"content": base64.b64encode(form.cleaned_data["file"]).decode(), **choices})
        return self.render(request, form, preview=preview, confirm=confirm)

    def confirm(self, request):
        form = XliffConfirmForm(request.POST)
        if not form.is_valid():
            return self.render(request, XliffUploadForm(), problems=[m for e in form.errors.values() for m in e])
        data = form.cleaned_data
        try:
            imported = self.run(
                request,
                data["content"],
                filename=data["filename"],
                language=data["language"],
                accept_stale=data["accept_stale"],
            )
        except xliff.XliffRefused as error:
            return self.render(request, XliffUploadForm(), problems=error.problems)
        messages.success(
            request,
            gettext("Imported the %(language)s translation; segments changed: %(count)s. Nothing was published.")
            % {"language": dict(settings.LANGUAGES)[imported.language], "count": len(imported.changes)},
        )
        return HttpResponseRedirect(self.change_url(self.target))

    def run(self, request, data: bytes, *, filename: str, language: str, accept_stale: bool, dry_run: bool = False):
        translated = xliff.read(data).language
        if not may_write(request.user, translated):
            raise xliff.XliffRefused([refusal(request.user, translated)])
        return exchange.xliff_import(
            data=data,
            article=self.target,
            language=language or None,
            filename=filename,
            accept_stale=accept_stale,
            user=request.user,
            dry_run=dry_run,
        )

    def render(self, request, form, problems=(), preview=None, confirm=None):
        language = dict(settings.LANGUAGES).get(preview.language) if preview else None
        return TemplateResponse(
            request,
            "admin/articles/article/xliff_import.html",
            self.context(
                request,
                title=gettext("Import an XLIFF translation of “%(title)s”") % {"title": self.target},
                original=self.target,
                form=form,
                problems=problems,
                preview=preview,
                preview_language=language,
                confirm=confirm,
            ),
            status=400 if problems or form.errors else 200,
        )
