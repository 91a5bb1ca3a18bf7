"""XLIFF in the admin: download an article's file per language, a zip for a selection, and an
upload that shows the changes it would make before it writes them."""

import base64
import binascii

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import exchange, xliff
from articles.admin.views import ArticleAdminView


def attachment(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def version_asked(request) -> str:
    return request.GET.get("xliff") if request.GET.get("xliff") in xliff.VERSIONS else "1.2"


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


@admin.action(description=_("Download XLIFF files for translation (zip)"), permissions=["view"])
def download_xliff(model_admin, request, queryset):
    data = exchange.xliff_zip(articles=queryset.order_by("pk"), version=version_asked(request))
    return attachment(data, "backhealth-xliff.zip", "application/zip")


class XliffUploadForm(forms.Form):
    file = forms.FileField(label=_("XLIFF file"), help_text=_("An XLIFF 1.2 or 2.0 file exported from this article."))
    accept_stale = forms.BooleanField(
        label=_("Accept stale units"),
        required=False,
        help_text=_("Import units whose English changed since the export; they stay marked outdated."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > xliff.MAX_BYTES:
            raise ValidationError(
                gettext("The file has %(size)s bytes; an XLIFF file of an article has at most %(limit)s.")
                % {"size": upload.size, "limit": xliff.MAX_BYTES}
            )
        return upload.read()


class XliffConfirmForm(forms.Form):
    """The previewed file again, carried by the preview page, so the write checks it once more."""

    content = forms.CharField(widget=forms.HiddenInput)
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
        accept_stale = form.cleaned_data["accept_stale"]
        try:
            preview = self.run(request, form.cleaned_data["file"], accept_stale, dry_run=True)
        except xliff.XliffRefused as error:
            return self.render(request, form, problems=error.problems)
        confirm = XliffConfirmForm(
            initial={"content": base64.b64encode(form.cleaned_data["file"]).decode(), "accept_stale": accept_stale}
        )
        return self.render(request, form, preview=preview, confirm=confirm)

    def confirm(self, request):
        form = XliffConfirmForm(request.POST)
        if not form.is_valid():
            return self.render(request, XliffUploadForm(), problems=[m for e in form.errors.values() for m in e])
        try:
            imported = self.run(request, form.cleaned_data["content"], form.cleaned_data["accept_stale"])
        except xliff.XliffRefused as error:
            return self.render(request, XliffUploadForm(), problems=error.problems)
        messages.success(
            request,
            gettext("Imported the %(language)s translation; segments changed: %(count)s. Nothing was published.")
            % {"language": dict(settings.LANGUAGES)[imported.language], "count": len(imported.changes)},
        )
        return HttpResponseRedirect(self.change_url(self.target))

    def run(self, request, data: bytes, accept_stale: bool, dry_run: bool = False):
        return exchange.xliff_import(
            data=data, article=self.target, accept_stale=accept_stale, user=request.user, dry_run=dry_run
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
            status=400 if problems else 200,
        )
