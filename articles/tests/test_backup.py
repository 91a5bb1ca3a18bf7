"""Backup and restore: everything editors made, and nothing of users."""

import filecmp
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from articles.folding import fold
from articles.models import Article, Topic
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import article_unpublish
from articles.search import search_articles
from articles.tests.factories import make_article
from faq.models import FAQ

pytestmark = pytest.mark.usefixtures("demo")


def same_tree(left, right) -> bool:
    comparison = filecmp.dircmp(left, right)
    pending = [comparison]
    while pending:
        current = pending.pop()
        _match, mismatch, errors = filecmp.cmpfiles(current.left, current.right, current.common_files, shallow=False)
        if mismatch or errors or current.left_only or current.right_only:
            return False
        pending += current.subdirs.values()
    return True


def public_answers() -> dict[str, bytes]:
    client, api = APIClient(), APIClient()
    answers = {}
    for publication in Publication.objects.live():
        answers[publication.get_absolute_url()] = client.get(publication.get_absolute_url()).content
        url = f"/api/v1/articles/{publication.article_id}/?lang={publication.language}"
        answers[url] = api.get(url).content
    for url in ("/en/", "/sitemap.xml", "/api/v1/changes/", "/api/v1/faqs/?page_size=100", "/es/faq/"):
        answers[url] = client.get(url).content
    return answers


def empty_the_database():
    Article.objects.all().delete()
    FAQ.objects.all().delete()
    Topic.objects.all().delete()
    ChangeEvent.objects.all().delete()


def test_a_restore_gives_the_same_content_pages_and_a_second_export_is_identical(tmp_path, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-password-to-leave-behind")
    article_unpublish(article=make_article("Once published", languages=("es",)), user=editor)
    make_article("Only a draft", publish=False)
    before = public_answers()
    call_command("export_content", str(tmp_path / "first"))
    empty_the_database()
    call_command("import_content", str(tmp_path / "first"))
    call_command("export_content", str(tmp_path / "second"))
    assert same_tree(tmp_path / "first", tmp_path / "second")
    assert public_answers() == before


def test_the_backup_holds_no_users_passwords_or_sessions(tmp_path, django_user_model):
    django_user_model.objects.create_user("somebody", password="a-password-to-leave-behind")
    call_command("export_content", str(tmp_path / "backup"))
    text = "".join(path.read_text() for path in (tmp_path / "backup").rglob("*") if path.is_file())
    assert "somebody" not in text and "pbkdf2" not in text and "session" not in text.lower()


def test_each_complete_language_is_also_a_text_file(tmp_path):
    call_command("export_content", str(tmp_path / "backup"))
    posture = Article.objects.get(slug_en__startswith="good-posture")
    names = sorted(path.name for path in (tmp_path / "backup" / "articles" / str(posture.pk)).glob("*.txt"))
    assert names == ["ar.txt", "de.txt", "en.txt", "es.txt"]


def test_a_restore_into_a_database_with_content_is_refused(tmp_path):
    call_command("export_content", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="already holds content"):
        call_command("import_content", str(tmp_path / "backup"))


def test_a_broken_backup_restores_nothing(tmp_path):
    call_command("export_content", str(tmp_path / "backup"))
    empty_the_database()
    first = sorted((tmp_path / "backup" / "articles").iterdir())[-1]
    (first / "publications.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_content", str(tmp_path / "backup"))
    assert not Article.objects.exists() and not Topic.objects.exists()


def test_new_content_after_a_restore_gets_new_ids(tmp_path):
    call_command("export_content", str(tmp_path / "backup"))
    highest = Article.objects.order_by("-pk").first().pk
    empty_the_database()
    call_command("import_content", str(tmp_path / "backup"))
    assert make_article("After the restore").pk > highest
    assert User.objects.count() == 0


def test_a_backup_made_before_folded_search_text_restores_searchable(tmp_path):
    call_command("export_content", str(tmp_path / "backup"))
    for path in (tmp_path / "backup" / "articles").glob("*/publications.json"):
        rows = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps([{k: v for k, v in row.items() if k != "search_folded"} for row in rows]))
    empty_the_database()
    call_command("import_content", str(tmp_path / "backup"))

    assert all(publication.search_folded == fold(publication.search_text) for publication in Publication.objects.all())
    assert [result.publication.language for result in search_articles("ciatica", "es")][:1] == ["es"]
