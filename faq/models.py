from django.db import models
from django.utils.translation import gettext_lazy as _

# Site-wide FAQs take effect when saved: every answer that shows them depends on this cache scope.
SITE_FAQS = "site-faqs"


class FAQQuerySet(models.QuerySet):
    def site_wide(self):
        return self.filter(article__isnull=True)


class FAQ(models.Model):
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("One paragraph per line."))
    # An article's FAQs are part of its working copy and reach readers through its publications.
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
