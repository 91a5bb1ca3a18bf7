from io import StringIO

import pytest
from django.core.management import call_command

from articles import importing, segments, services
from articles.models import Article, Section, Topic, TriggerRow
from articles.publishing.models import ChangeEvent, Publication
from faq.models import FAQ


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def content_state() -> list:
    models = (Topic, Article, Section, TriggerRow, FAQ, Publication, ChangeEvent)
    return [list(model.objects.order_by("pk").values()) for model in models]


@pytest.fixture
def loaded(db):
    load_demo()


def test_demo_has_four_published_articles_and_three_translated_topics(loaded):
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 4
    assert not any(article.has_unpublished_changes for article in Article.objects.all())
    for language in ("en", "es", "fr", "de", "ar"):
        assert Publication.objects.live().in_language(language).count() == 4
    assert Topic.objects.count() == 3
    assert not Topic.objects.filter(name_ar__isnull=True).exists()


def test_every_demo_article_has_a_table_and_at_least_three_faqs(loaded):
    for article in Article.objects.all():
        assert Section.objects.filter(article=article, table__isnull=False).exists()
        assert article.faqs.count() >= 3


@pytest.mark.parametrize("language", ["en", "es", "de", "ar"])
def test_every_demo_article_is_complete_in(loaded, language):
    assert Article.objects.complete_in(language).count() == 4


def test_one_demo_article_has_no_french_translation(loaded):
    missing = Article.objects.exclude(pk__in=Article.objects.complete_in("fr"))
    assert [article.slug_en for article in missing] == ["good-posture-for-a-healthy-back-desk-phone-and-sleep"]
    # French readers of it see the English text.
    fallback = Publication.objects.live().in_language("fr").exclude(served_language="fr")
    assert [publication.slug for publication in fallback] == ["good-posture-for-a-healthy-back-desk-phone-and-sleep"]


def test_demo_has_translated_site_wide_faqs(loaded):
    faqs = FAQ.objects.site_wide()
    assert faqs.count() == 4
    assert all(faq.question_ar and faq.answer_de for faq in faqs)


def test_demo_sets_section_aspects_and_review_dates(loaded):
    assert not Section.objects.filter(aspect="").exists()
    assert not Article.objects.filter(last_reviewed__isnull=True).exists()
    assert Article.objects.review_overdue().count() == 1


def test_load_demo_twice_changes_nothing(loaded):
    before = content_state()
    output = load_demo()
    assert content_state() == before
    assert "kept article" in output


def test_load_demo_keeps_an_editors_change(loaded):
    Article.objects.filter(slug_en="sciatica-symptoms-causes-and-when-to-get-help").update(title_en="Edited title")
    load_demo()
    assert Article.objects.filter(title_en="Edited title").count() == 1
    assert Article.objects.count() == 4
    # Loading again publishes nothing: the edit stays in the working copy.
    assert not Publication.objects.live().filter(title="Edited title").exists()


def test_an_english_change_to_a_demo_article_outdates_only_the_changed_segment(loaded):
    article = Article.objects.get(slug_en="what-causes-back-spasms-find-relief")
    text = services.article_export(article=article, language="en")
    changed = text.replace("Muscle strain is a common cause", "Muscle strain is the most common cause", 1)
    assert changed != text
    importing.import_as_revision(filename="back-spasms.en.txt", text=changed, language="en", article=article)
    article = Article.objects.with_structure().get(pk=article.pk)
    for language in ("es", "fr", "de", "ar"):
        outdated = [segment.id for segment in segments.article_segments(article, language) if segment.outdated]
        assert outdated == ["s1.body.1"], language
