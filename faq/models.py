from django.db import models
from django.utils.translation import gettext_lazy as _


class FAQQuerySet(models.QuerySet):
    def site_wide(self):
        return self.filter(article__isnull=True)

    def published(self):
        """Site-wide FAQs and those of published articles: a draft's FAQs stay private too."""
        from articles.models import Article

        return self.filter(models.Q(article__isnull=True) | models.Q(article__in=Article.objects.published()))


class FAQ(models.Model):
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("One paragraph per line."))
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="faqs",
        verbose_name=_("article"),
        help_text=_("Leave empty for a site-wide question."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = FAQQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQs")
        ordering = ["order", "id"]

    def __str__(self):
        return self.question
