"""`import_article` with several files: each English file an article, its translations into it,
all in one transaction."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.publishing.models import Publication
from articles.tests.factories import article_text, translated

pytestmark = pytest.mark.django_db


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_article", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    sciatica, posture = article_text("Sciatica at night"), article_text("Posture at the desk")
    return [
        # A translation named before its English file: the English one is imported first.
        write(tmp_path, "sciatica.es.txt", translated(sciatica, "es")),
        write(tmp_path, "sciatica.txt", sciatica),
        write(tmp_path, "sciatica.de.txt", translated(sciatica, "de")),
        write(tmp_path, "posture.en.txt", posture),
        write(tmp_path, "posture.fr.txt", translated(posture, "fr")),
    ]


def test_each_english_file_is_an_article_with_its_translations(files):
    output = run(*files)
    assert output.endswith("imported 5 files into 2 articles\n")
    sciatica = Article.objects.get(slug_en="sciatica-at-night")
    assert sciatica.title_es == "[es] Sciatica at night" and sciatica.title_de == "[de] Sciatica at night"
    posture = Article.objects.get(slug_en="posture-at-the-desk")
    assert posture.title_fr == "[fr] Posture at the desk" and posture.title_es in ("", None)
    assert not Publication.objects.exists()


def test_publish_publishes_each_article_once_with_its_translations(files):
    run(*files, "--publish", "--skip-review")
    sciatica = Article.objects.get(slug_en="sciatica-at-night")
    live = Publication.objects.live().filter(article=sciatica)
    assert {p.language: p.served_language for p in live} == {"en": "en", "es": "es", "fr": "en", "de": "de", "ar": "en"}
    assert Publication.objects.filter(article=sciatica).count() == 5


def test_a_refused_file_leaves_nothing_of_the_import(files, tmp_path):
    broken = write(tmp_path, "broken.txt", "A title\nAn intro.\nTrigger | Description |\n")
    with pytest.raises(CommandError, match=r"broken\.txt: .*line"):
        run(*files, broken)
    assert not Article.objects.exists()


def test_a_translation_needs_its_english_file_in_the_import(files, tmp_path):
    orphan = write(tmp_path, "orphan.fr.txt", translated(article_text("Orphan"), "fr"))
    with pytest.raises(CommandError, match=r"orphan\.fr\.txt: no English file orphan\.txt"):
        run(*files, orphan)
    assert not Article.objects.exists()


def test_one_file_options_are_refused_with_several(files):
    for option in ("--preview", "--lang=es", "--article=1"):
        with pytest.raises(CommandError, match="take one file"):
            run(*files, option)
