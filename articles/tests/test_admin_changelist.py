"""The article list: a status column and a filter per language, title search in any language, overdue reviews."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.test_admin import edit, signed_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def listed_titles(response) -> list[str]:
    return re.findall(r'<th class="field-title"><a href="[^"]*">([^<]*)</a>', response.content.decode())


def row_of(response, title: str) -> str:
    rows = response.content.decode().split("<tr")
    return next(row for row in rows if 'class="field-title"' in row and f">{title}</a>" in row)


def test_each_language_has_a_status_column(client, article, draft_article):
    response = signed_in(client, "Editor").get(CHANGELIST)
    assert re.findall(
        r'class="field-status_es"><span class="translation-([a-z]+)"', row_of(response, str(article))
    ) == ["complete"]
    assert re.findall(
        r'class="field-status_es"><span class="translation-([a-z]+)"', row_of(response, str(draft_article))
    ) == ["incomplete"]


def test_an_article_whose_english_changed_is_outdated_in_the_other_languages(client, article):
    editor = signed_in(client, "Editor")
    edit(editor, article, conclusion_en="Back spasms pass; keep moving gently and see a doctor when they return.")
    response = editor.get(CHANGELIST)
    assert re.findall(
        r'class="field-status_fr"><span class="translation-([a-z]+)"', row_of(response, str(article))
    ) == ["outdated"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("complete", ["What Causes Back Spasms? Find Relief"]),
        ("incomplete", ["Sciatica: Symptoms, Causes and When to Get Help"]),
        ("outdated", []),
    ],
)
def test_the_list_filters_by_translation_status(client, article, draft_article, status, expected):
    response = signed_in(client, "Editor").get(CHANGELIST, {"translation_de": status})
    assert listed_titles(response) == expected


def test_the_outdated_filter_finds_an_article_whose_english_changed(client, article, draft_article):
    editor = signed_in(client, "Editor")
    edit(editor, article, conclusion_en="Back spasms pass; keep moving gently and see a doctor when they return.")
    assert listed_titles(editor.get(CHANGELIST, {"translation_de": "outdated"})) == [str(article)]
    assert listed_titles(editor.get(CHANGELIST, {"translation_de": "complete"})) == []


def test_search_finds_an_article_by_its_arabic_title(client, article, draft_article):
    response = signed_in(client, "Editor").get(CHANGELIST, {"q": article.title_ar.split()[0]})
    assert listed_titles(response) == [str(article)]


def test_search_finds_an_article_by_its_german_title(client, article, draft_article):
    response = signed_in(client, "Editor").get(CHANGELIST, {"q": article.title_de})
    assert listed_titles(response) == [str(article)]


def test_the_list_counts_the_articles_overdue_for_review(client, article, draft_article):
    Article.objects.filter(pk=article.pk).update(next_review_due=timezone.localdate() - datetime.timedelta(days=1))
    response = signed_in(client, "Editor").get(CHANGELIST)
    assert "1 article is overdue for review." in response.content.decode()


def test_the_review_overdue_filter_lists_only_overdue_articles(client, article, draft_article):
    Article.objects.filter(pk=article.pk).update(next_review_due=timezone.localdate() - datetime.timedelta(days=1))
    Article.objects.filter(pk=draft_article.pk).update(next_review_due=timezone.localdate())
    response = signed_in(client, "Editor").get(CHANGELIST, {"review": "overdue"})
    assert listed_titles(response) == [str(article)]


def test_the_list_makes_the_same_number_of_queries_for_more_articles(client, demo, django_assert_num_queries):
    editor = signed_in(client, "Editor")
    editor.get(CHANGELIST)
    with django_assert_num_queries(QUERIES_CHANGELIST):
        editor.get(CHANGELIST)
    Article.objects.exclude(pk=Article.objects.order_by("pk").first().pk).delete()
    with django_assert_num_queries(QUERIES_CHANGELIST):
        editor.get(CHANGELIST)


QUERIES_CHANGELIST = 15


def publication_cell(response, title: str) -> str:
    return re.search(r'<td class="field-publication">([^<]*)</td>', row_of(response, title)).group(1)


def test_the_list_says_which_articles_have_unpublished_changes(client, article, draft_article):
    editor = signed_in(client, "Editor")
    response = editor.get(CHANGELIST)
    assert publication_cell(response, str(article)) == "Published"
    assert publication_cell(response, str(draft_article)) == "Draft"
    edit(editor, article, conclusion_en="Back spasms pass; keep moving gently and see a doctor when they return.")
    assert publication_cell(editor.get(CHANGELIST), str(article)) == "Published, with unpublished changes"
