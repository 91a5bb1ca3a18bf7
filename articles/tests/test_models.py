import datetime

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.publishing.document import WorkingCopy, build, meta_description, search_text
from articles.publishing.models import Publication
from articles.publishing.services import article_publish, article_unpublish
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


def live_article_ids():
    return set(Publication.objects.live().values_list("article_id", flat=True))


def test_draft_is_not_published(draft_article):
    assert not Publication.objects.exists()
    assert live_article_ids() == set()
    assert draft_article.status == Article.Status.DRAFT


def test_published_article_is_published(article):
    assert live_article_ids() == {article.pk}
    assert set(Publication.objects.live().values_list("language", flat=True)) == set(LANGUAGES)
    assert article.status == Article.Status.PUBLISHED


def test_scheduled_article_goes_live_at_its_time_without_a_job(draft_article):
    soon = timezone.now() + datetime.timedelta(hours=1)
    article_publish(article=draft_article, at=soon, skip_review=True)
    assert live_article_ids() == set()
    assert not Publication.objects.live(soon - datetime.timedelta(seconds=1)).exists()
    assert Publication.objects.live(soon).filter(article=draft_article).count() == len(LANGUAGES)
    Publication.objects.filter(article=draft_article).update(live_from=timezone.now() - datetime.timedelta(seconds=1))
    assert live_article_ids() == {draft_article.pk}


def test_unpublished_article_is_not_published(article):
    article_unpublish(article=article)
    assert live_article_ids() == set()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_a_save_is_not_public_until_published(article):
    Article.objects.filter(pk=article.pk).update(title_en="A new title")
    services.article_saved(article=Article.objects.get(pk=article.pk))
    live = Publication.objects.live().get(article=article, language="en")
    assert live.title == "What Causes Back Spasms? Find Relief"
    article_publish(article=article, skip_review=True)
    assert Publication.objects.live().get(article=article, language="en").title == "A new title"


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


def english_document(article):
    return build(WorkingCopy.of(reloaded(article)), "en")


def test_meta_description_is_the_summary_when_there_is_one(article):
    assert meta_description(english_document(article), "Short summary.") == "Short summary."


def test_meta_description_falls_back_to_the_intro_first_sentence(article):
    assert meta_description(english_document(article), "") == (
        "Back spasms are a common and often debilitating condition that can affect anyone, "
        "regardless of age or physical condition."
    )


def test_meta_description_is_cut_at_a_word_within_160_characters(article):
    document = english_document(article)
    document["intro"] = ["word " * 60 + "end."]
    description = meta_description(document, "")
    assert len(description) <= 160
    assert description.endswith("word…")


def test_a_publication_carries_the_meta_description_of_its_language(article):
    Article.objects.filter(pk=article.pk).update(summary_es="Resumen breve.")
    article_publish(article=article, skip_review=True)
    live = Publication.objects.live().filter(article=article)
    assert live.get(language="es").description == "Resumen breve."
    assert live.get(language="en").description == meta_description(english_document(article), "")


def test_search_text_holds_table_rows_and_faqs_in_each_language(article):
    article = reloaded(article)
    copy = WorkingCopy.of(article)
    english = search_text(build(copy, "en"), article.summary_en)
    spanish = search_text(build(copy, "es"), article.summary_es)
    assert "Unnecessary strain on the back muscles due to poor posture" in english
    assert "How can I prevent back spasms?" in english
    assert article.sections.get(order=1).table.rows.first().trigger_es in spanish
    assert "How can I prevent back spasms?" not in spanish
    assert Publication.objects.live().get(article=article, language="es").search_text == spanish


def test_every_save_raises_the_version(article):
    version = article.version
    saved = services.article_saved(article=article)
    assert saved.version == version + 1
