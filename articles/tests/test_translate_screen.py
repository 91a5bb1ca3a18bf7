"""The translator's screen: English beside the translation, segment by segment, with exactly the
segments whose English changed marked, old and new English shown; saving changes only that language."""

import re

import pytest
from django.urls import reverse

from articles import services
from articles.admin.filters import translation_statuses
from articles.models import Article, TriggerTable
from articles.review.services import review_state
from articles.tests.factories import approve
from articles.tests.test_admin import edit, signed_in

pytestmark = pytest.mark.django_db
NEW_CONCLUSION = "Most back spasms ease within days; keep moving gently."


def translate_url(article, language="es"):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


def textareas(page: str) -> dict[str, str]:
    return dict(re.findall(r'<textarea name="segment-([^"]+)"[^>]*>([^<]*)</textarea>', page))


@pytest.fixture
def english_changed(client, article):
    """The seed article saved once in the admin, then its English conclusion changed."""
    editor = signed_in(client, "Editor")
    edit(editor, article)
    edit(editor, article, conclusion_en=NEW_CONCLUSION)
    client.logout()
    return Article.objects.with_structure().get(pk=article.pk)


def test_the_screen_shows_each_english_segment_beside_its_translation(client, article):
    page = signed_in(client, "Translator").get(translate_url(article)).content.decode()
    fields = textareas(page)
    assert fields["title"] == article.title_es
    assert "s1.heading" in fields and "faq1.q" in fields
    assert article.title_en in page


def test_only_the_segments_whose_english_changed_are_marked_with_old_and_new_english(client, english_changed):
    old_conclusion = services.article_document(english_changed, "es").conclusion
    page = signed_in(client, "Translator").get(translate_url(english_changed)).content.decode()
    outdated = re.findall(r'<tr id="segment-([^"]+)" class="segment-outdated">', page)
    assert outdated == ["conclusion.1"]
    row = page.split('id="segment-conclusion.1"')[1].split("</tr>")[0]
    assert f'<div class="added" title="English now">{NEW_CONCLUSION}</div>' in row
    assert '<div class="removed"' in row
    assert old_conclusion[0] in row
    assert "1 segment changed in English" in page


def test_saving_the_changed_segment_updates_only_that_language(client, english_changed):
    translator = signed_in(client, "Translator")
    fields = textareas(translator.get(translate_url(english_changed)).content.decode())
    fields["conclusion.1"] = "La mayoría de los espasmos pasan en días; muévase con suavidad."
    english_before = services.article_export(article=english_changed, language="en")
    response = translator.post(translate_url(english_changed), {f"segment-{k}": v for k, v in fields.items()})
    assert response.status_code == 302
    article = Article.objects.with_structure().get(pk=english_changed.pk)
    assert article.conclusion_es == "La mayoría de los espasmos pasan en días; muévase con suavidad."
    assert services.article_export(article=article, language="en") == english_before
    assert translation_statuses(article)["es"] == "complete"
    assert translation_statuses(article)["fr"] == "outdated"


def test_a_segment_that_breaks_the_text_format_is_refused_and_nothing_is_saved(client, article):
    translator = signed_in(client, "Translator")
    fields = textareas(translator.get(translate_url(article)).content.decode())
    fields["intro.1"] = "- Una viñeta donde va un párrafo."
    response = translator.post(translate_url(article), {f"segment-{k}": v for k, v in fields.items()})
    assert response.status_code == 400
    assert Article.objects.get(pk=article.pk).intro_es == article.intro_es


def test_english_is_not_a_target_and_a_reviewer_cannot_translate(client, article):
    assert signed_in(client, "Translator").get(translate_url(article, "en")).status_code == 404
    client.logout()
    assert signed_in(client, "Clinical reviewer").get(translate_url(article)).status_code == 403


def test_saving_the_screen_unchanged_keeps_the_clinical_approval(client, article):
    approve(article)
    translator = signed_in(client, "Translator")
    fields = textareas(translator.get(translate_url(article)).content.decode())
    response = translator.post(translate_url(article), {f"segment-{k}": v for k, v in fields.items()})
    assert response.status_code == 302
    assert review_state(article) == "approved"


@pytest.fixture
def with_summary_and_caption(article):
    """The seed article with a meta description and a table caption in English and Spanish."""
    Article.objects.filter(pk=article.pk).update(
        summary_en="Why back spasms happen and how to ease them.", summary_es="Por qué ocurren y cómo aliviarlos."
    )
    TriggerTable.objects.filter(section__article=article).update(caption_en="Common triggers", caption_es="Causas")
    return Article.objects.with_structure().get(pk=article.pk)


def segment_row(page: str, segment_id: str) -> str:
    return page.split(f'id="segment-{segment_id}"')[1].split("</tr>")[0]


def test_the_screen_shows_the_summary_and_the_table_caption(client, with_summary_and_caption):
    page = signed_in(client, "Translator").get(translate_url(with_summary_and_caption)).content.decode()
    summary = segment_row(page, "summary")
    assert "Why back spasms happen and how to ease them." in summary
    assert "Por qué ocurren y cómo aliviarlos." in summary
    [caption_id] = re.findall(r'id="segment-(s\d+\.table\.caption)"', page)
    assert "Common triggers" in segment_row(page, caption_id)
    assert "Causas" in segment_row(page, caption_id)


def test_saving_the_screen_keeps_the_summary_and_the_caption(client, with_summary_and_caption):
    translator = signed_in(client, "Translator")
    fields = textareas(translator.get(translate_url(with_summary_and_caption)).content.decode())
    fields["title"] = "Espasmos de espalda: causas y alivio"
    translator.post(translate_url(with_summary_and_caption), {f"segment-{k}": v for k, v in fields.items()})
    article = Article.objects.get(pk=with_summary_and_caption.pk)
    assert article.title_es == "Espasmos de espalda: causas y alivio"
    assert article.summary_es == "Por qué ocurren y cómo aliviarlos."
    assert TriggerTable.objects.get(section__article=article).caption_es == "Causas"


def test_a_translation_box_is_about_as_tall_as_its_english(client, article):
    page = signed_in(client, "Translator").get(translate_url(article)).content.decode()
    rows = dict(re.findall(r'<textarea name="segment-([^"]+)" rows="(\d+)"', page))
    assert rows["title"] == "2"
    # The first intro paragraph has about 530 characters: nine lines of about sixty.
    assert 8 <= int(rows["intro.1"]) <= 14
