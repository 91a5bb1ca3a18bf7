from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from backhealth.languages import SOURCE_LANGUAGE, language_codes

# The translated fields an article needs in a language before it is shown in that language
# (DESIGN.md "Content model": every starred field except the summary and the table caption).
REQUIRED_TRANSLATED_FIELDS = {
    "article": ("title", "slug", "intro", "conclusion"),
    "section": ("heading", "body"),
    "table": ("trigger_heading", "description_heading"),
    "row": ("trigger", "description"),
    "faq": ("question", "answer"),
}


def missing_in(language: str, fields) -> Q:
    """Rows where any of `fields` is empty in `language` (modeltranslation stores NULL or "")."""
    condition = Q()
    for name in fields:
        column = f"{name}_{language}"
        condition |= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
    return condition


def filled_in(instance, language: str, fields) -> bool:
    return all(getattr(instance, f"{name}_{language}") for name in fields)


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, null=True, blank=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def complete_in(self, language: str):
        from faq.models import FAQ

        required = REQUIRED_TRANSLATED_FIELDS
        incomplete_section = Section.objects.filter(article=OuterRef("pk")).filter(
            missing_in(language, required["section"])
        )
        incomplete_table = TriggerTable.objects.filter(section__article=OuterRef("pk")).filter(
            missing_in(language, required["table"])
        )
        incomplete_row = TriggerRow.objects.filter(table__section__article=OuterRef("pk")).filter(
            missing_in(language, required["row"])
        )
        incomplete_faq = FAQ.objects.filter(article=OuterRef("pk")).filter(missing_in(language, required["faq"]))
        return self.exclude(missing_in(language, required["article"])).exclude(
            Exists(incomplete_section) | Exists(incomplete_table) | Exists(incomplete_row) | Exists(incomplete_faq)
        )

    def review_overdue(self):
        return self.filter(next_review_due__lt=timezone.localdate())

    def with_structure(self):
        """Everything a full article needs, in a fixed number of queries however large it is."""
        return self.prefetch_related(
            "topics",
            models.Prefetch("sections", queryset=Section.objects.select_related("table")),
            "sections__table__rows",
            "faqs",
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        allow_unicode=True,
        help_text=_("The last part of the article's address; letters, digits and hyphens."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=160,
        blank=True,
        help_text=_("Shown to search engines. When empty, the intro's first sentence is used."),
    )
    intro = models.TextField(_("intro"))
    conclusion = models.TextField(_("conclusion"))
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles", verbose_name=_("topics"))
    # Kept by articles.publishing.services: published while a publication is live or scheduled.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    publish_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # For each language, a fingerprint of the English text when that translation was last saved:
    # a translation is outdated when the English text no longer has that fingerprint.
    translation_sources = models.JSONField(_("translation sources"), default=dict, blank=True, editable=False)
    # Raised on every save; a form that carries an older number was edited over (optimistic locking).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # The version the live or scheduled publications were made from (None: not published).
    published_version = models.PositiveIntegerField(_("published version"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-id"]
        permissions = [
            ("publish_article", _("Can publish and unpublish articles")),
            ("approve_article", _("Can approve or return articles in clinical review")),
        ]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title_en or self.title or f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug_in(translation.get_language())})

    def slug_in(self, language: str) -> str:
        """This language's slug, or the English one where the translation has none."""
        return getattr(self, f"slug_{language}", None) or self.slug_en

    @property
    def has_unpublished_changes(self) -> bool:
        return self.published_version != self.version

    def missing_in(self, language: str) -> list[str]:
        """What the article lacks in `language` before it is complete in it, on prefetched objects
        (no queries); the same rule as ArticleQuerySet.complete_in."""
        required = REQUIRED_TRANSLATED_FIELDS
        missing = [name for name in required["article"] if not getattr(self, f"{name}_{language}")]
        for number, section in enumerate(self.sections.all(), 1):
            missing += [
                f"section {number} {name}" for name in required["section"] if not getattr(section, f"{name}_{language}")
            ]
            table = getattr(section, "table", None)
            if table is not None:
                missing += [
                    f"section {number} table {name.replace('_', ' ')}"
                    for name in required["table"]
                    if not getattr(table, f"{name}_{language}")
                ]
                for row_number, row in enumerate(table.rows.all(), 1):
                    missing += [
                        f"section {number} table row {row_number} {name}"
                        for name in required["row"]
                        if not getattr(row, f"{name}_{language}")
                    ]
        for number, faq in enumerate(self.faqs.all(), 1):
            missing += [f"FAQ {number} {name}" for name in required["faq"] if not getattr(faq, f"{name}_{language}")]
        return missing

    def is_complete_in(self, language: str) -> bool:
        return not self.missing_in(language)

    def complete_languages(self) -> list[str]:
        return [language for language in language_codes() if self.is_complete_in(language)]

    def is_translation_outdated(self, language: str, english_fingerprint: str) -> bool:
        if language == SOURCE_LANGUAGE:
            return False
        source = self.translation_sources.get(language)
        return source is not None and source != english_fingerprint


class Section(models.Model):
    class Aspect(models.TextChoices):
        OVERVIEW = "overview", _("Overview")
        CAUSES = "causes", _("Causes")
        SYMPTOMS = "symptoms", _("Symptoms")
        SELF_CARE = "self-care", _("Self-care")
        TREATMENT = "treatment", _("Treatment")
        PREVENTION = "prevention", _("Prevention")
        GET_HELP = "get-help", _("When to get help")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections", verbose_name=_("article"))
    order = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=120)
    body = models.TextField(
        _("body"),
        help_text=_("One paragraph per line. A bullet is a line “- Term: text” or “- text”."),
    )
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "id"]

    def __str__(self):
        return self.heading


class TriggerTable(models.Model):
    section = models.OneToOneField(Section, on_delete=models.CASCADE, related_name="table", verbose_name=_("section"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    trigger_heading = models.CharField(_("first column heading"), max_length=100)
    description_heading = models.CharField(_("second column heading"), max_length=100)

    class Meta:
        verbose_name = _("trigger table")
        verbose_name_plural = _("trigger tables")

    def __str__(self):
        return self.caption or f"{self.trigger_heading} | {self.description_heading}"


class TriggerRow(models.Model):
    table = models.ForeignKey(TriggerTable, on_delete=models.CASCADE, related_name="rows", verbose_name=_("table"))
    order = models.PositiveIntegerField(_("order"), default=0)
    trigger = models.CharField(_("trigger"), max_length=200)
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        verbose_name = _("table row")
        verbose_name_plural = _("table rows")
        ordering = ["order", "id"]

    def __str__(self):
        return self.trigger
