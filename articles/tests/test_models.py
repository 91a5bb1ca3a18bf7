import datetime

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from conftest import read_content
from faq.models import FAQ

LANGUAGES = ["en", "es", "fr", "de", "ar"]


def complete_ids(language):
    return set(Article.objects.complete_in(language).values_list("pk", flat=True))


def reloaded(article):
    return Article.objects.with_structure().get(pk=article.pk)


def test_an_article_imported_from_complete_files_is_complete_everywhere(article):
    assert reloaded(article).complete_languages() == LANGUAGES
    assert all(complete_ids(language) == {article.pk} for language in LANGUAGES)


def test_an_english_only_article_is_complete_only_in_english(draft_article):
    assert reloaded(draft_article).complete_languages() == ["en"]
    assert complete_ids("en") == {draft_article.pk}
    assert complete_ids("es") == set()


@pytest.mark.parametrize(
    "blank",
    [
        lambda article: article.sections.filter(order=1).update(body_es=""),
        lambda article: article.sections.filter(order=2).update(heading_es=None),
        lambda article: article.sections.get(order=1).table.rows.filter(order=2).update(description_es=""),
        lambda article: type(article.sections.get(order=1).table).objects.update(trigger_heading_es=""),
        lambda article: article.faqs.filter(order=2).update(answer_es=""),
        lambda article: Article.objects.filter(pk=article.pk).update(conclusion_es=""),
    ],
    ids=["section body", "section heading", "table row", "column heading", "faq answer", "conclusion"],
)
def test_one_missing_part_makes_the_translation_incomplete_in_both_rules(article, blank):
    blank(article)
    assert "es" not in reloaded(article).complete_languages()
    assert complete_ids("es") == set()
    assert complete_ids("fr") == {article.pk}


def test_optional_summary_and_caption_do_not_count(article):
    assert not article.summary_es
    assert not article.sections.get(order=1).table.caption_es
    assert reloaded(article).is_complete_in("es")


def test_a_site_wide_faq_does_not_affect_completeness(article):
    FAQ.objects.create(question_en="Only English?", answer_en="Yes.")
    assert complete_ids("es") == {article.pk}


def test_completeness_query_is_one_query(article, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(Article.objects.complete_in("ar"))


def test_completeness_of_a_prefetched_article_makes_no_queries(article, django_assert_num_queries):
    article = reloaded(article)
    with django_assert_num_queries(0):
        article.complete_languages()


def test_draft_is_not_published(draft_article):
    assert not Article.objects.published().exists()
    assert not draft_article.is_public


def test_published_article_is_published(article):
    assert list(Article.objects.published()) == [article]


def test_scheduled_article_goes_live_at_publish_at_without_a_job(draft_article):
    soon = timezone.now() + datetime.timedelta(hours=1)
    services.article_publish(article=draft_article, at=soon)
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=draft_article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Article.objects.published().count() == 1


def test_unpublished_article_is_not_published(article):
    services.article_unpublish(article=article)
    assert not Article.objects.published().exists()


def test_review_overdue(article):
    Article.objects.filter(pk=article.pk).update(next_review_due=timezone.localdate() - datetime.timedelta(days=1))
    assert list(Article.objects.review_overdue()) == [article]
    Article.objects.filter(pk=article.pk).update(next_review_due=timezone.localdate())
    assert not Article.objects.review_overdue().exists()


def test_translation_is_outdated_when_the_english_text_changes(article):
    assert services.translation_status(reloaded(article), "es") == "complete"
    english = read_content("back-spasms.en.txt").replace("Back spasms are a common", "Back spasms are a frequent", 1)
    services.article_import(text=english, language="en", article=article)
    assert services.translation_status(reloaded(article), "es") == "outdated"
    assert services.translation_status(reloaded(article), "en") == "complete"


def test_saving_the_translation_again_makes_it_current(article):
    english = read_content("back-spasms.en.txt").replace("Back spasms are a common", "Back spasms are a frequent", 1)
    services.article_import(text=english, language="en", article=article)
    services.article_import(text=read_content("back-spasms.es.txt"), language="es", article=article)
    assert services.translation_status(reloaded(article), "es") == "complete"
    assert services.translation_status(reloaded(article), "fr") == "outdated"


def test_incomplete_translation_status(draft_article):
    assert services.translation_status(reloaded(draft_article), "de") == "incomplete"


def test_empty_translated_slugs_do_not_collide(draft_article):
    services.article_import(text=read_content("herniated-disc.en.txt"))
    assert Article.objects.filter(slug_es__isnull=True).count() == 2


def test_meta_description_is_the_summary_when_there_is_one(article):
    article.summary_en = "Short summary."
    assert article.meta_description("en") == "Short summary."


def test_meta_description_falls_back_to_the_intro_first_sentence(article):
    assert article.meta_description("en") == (
        "Back spasms are a common and often debilitating condition that can affect anyone, "
        "regardless of age or physical condition."
    )


def test_meta_description_is_cut_at_a_word_within_160_characters(article):
    article.intro_en = "word " * 60 + "end."
    description = article.meta_description("en")
    assert len(description) <= 160
    assert description.endswith("word…")


def test_search_text_holds_table_rows_and_faqs_in_each_language(article):
    article = reloaded(article)
    assert "Unnecessary strain on the back muscles due to poor posture" in article.search_text_en
    assert "How can I prevent back spasms?" in article.search_text_en
    assert article.sections.get(order=1).table.rows.first().trigger_es in article.search_text_es


def test_every_save_raises_the_version(article):
    version = article.version
    saved = services.article_saved(article=article)
    assert saved.version == version + 1
