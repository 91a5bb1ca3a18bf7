"""The translator's screen: each English segment beside its translation in one language; the
segments whose English changed since the translation was saved show the old and the new English.

Saving writes the segments back as article text through the importer, so the text-format rules
are the same as everywhere, and only that language's text changes.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from articles import importing, services
from articles.admin import roles
from articles.admin.views import ArticleAdminView
from articles.models import SOURCE_LANGUAGE, Article
from articles.segments import article_segments, english_when_translated, translation_text

# Not in the article text format: the screen shows them, the edit screen changes them.
NOT_IN_TEXT = ("summary", "caption")
# A translation box grows with its English text: a line per this many characters, within bounds.
BOX_CHARACTERS_PER_LINE = 60
BOX_MIN_LINES = 2
BOX_MAX_LINES = 14


def box_lines(english: str, translation: str) -> int:
    """A translation box about as tall as the longer of its English and its translation, so a
    paragraph is read without scrolling."""
    longer = max(len(english), len(translation))
    return max(BOX_MIN_LINES, min(BOX_MAX_LINES, longer // BOX_CHARACTERS_PER_LINE + 1))


class TranslateView(ArticleAdminView):
    def setup_article(self, request, object_id, language):
        if language not in dict(settings.LANGUAGES) or language == SOURCE_LANGUAGE:
            raise Http404(gettext("Choose a language to translate into."))
        article = self.article(request, object_id)
        if not self.model_admin.has_change_permission(request, article):
            raise PermissionDenied
        roles.check_may_write(request.user, language)
        return Article.objects.with_structure().get(pk=article.pk)

    def get(self, request, object_id, language):
        article = self.setup_article(request, object_id, language)
        return self.render(request, article, language, {})

    def post(self, request, object_id, language):
        article = self.setup_article(request, object_id, language)
        segments = article_segments(article, language)
        texts = {segment.id: request.POST.get(f"segment-{segment.id}", "").strip() for segment in segments}
        empty = [s.id for s in segments if s.kind not in NOT_IN_TEXT and not texts[s.id]]
        if empty:
            messages.error(
                request, gettext("Translate every segment before saving; empty: %(ids)s") % {"ids": ", ".join(empty)}
            )
            return self.render(request, article, language, texts, status=400)
        text = translation_text(segments, texts)
        try:
            importing.import_as_revision(
                filename=gettext("the translator's screen"),
                text=text.text,
                language=language,
                article=article,
                user=request.user,
            )
        except services.ImportRefused as error:
            messages.error(request, str(error))
            return self.render(request, article, language, texts, status=400)
        messages.success(request, gettext("Translation saved."))
        return HttpResponseRedirect(reverse("admin:articles_article_translate", args=[article.pk, language]))

    def render(self, request, article, language, sent: dict, status=200):
        segments = article_segments(article, language)
        then = english_when_translated(article, language) if any(s.outdated for s in segments) else None
        rows = [
            {
                "segment": segment,
                "value": sent.get(segment.id, segment.target or ""),
                "old_english": then[segment.id].text if then and segment.outdated and segment.id in then else None,
                "editable": segment.kind not in NOT_IN_TEXT,
                "lines": box_lines(segment.source, sent.get(segment.id, segment.target or "")),
            }
            for segment in segments
        ]
        return TemplateResponse(
            request,
            "admin/articles/article/translate.html",
            self.context(
                request,
                title=gettext("Translate “%(title)s” into %(language)s")
                % {"title": article, "language": dict(settings.LANGUAGES)[language]},
                original=article,
                language=language,
                rows=rows,
                outdated_count=sum(segment.outdated for segment in segments),
                bidi=language in settings.LANGUAGES_BIDI,
            ),
            status=status,
        )
