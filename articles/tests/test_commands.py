from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Section, TriggerRow, TriggerTable
from conftest import CONTENT, read_content
from faq.models import FAQ

SEED_FILE = CONTENT / "back-spasms.en.txt"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def database_state() -> list:
    """Everything the importer writes, to show that a refused import changed nothing."""
    return [list(model.objects.order_by("pk").values()) for model in (Article, Section, TriggerTable, TriggerRow, FAQ)]


def write(tmp_path: Path, text: str, name="article.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def imported(db):
    output = run("import_article", str(SEED_FILE))
    return Article.objects.get(), output


def test_import_prints_id_language_and_slug(imported):
    article, output = imported
    assert output == f"imported article {article.pk} (en): what-causes-back-spasms-find-relief\n"


def test_import_creates_the_seed_structure(imported):
    article, _ = imported
    assert article.title_en == "What Causes Back Spasms? Find Relief"
    sections = list(article.sections.all())
    assert len(sections) == 4
    assert sum(line.startswith("- ") for line in sections[1].body_en.split("\n")) == 4
    assert (sections[1].table.trigger_heading_en, sections[1].table.description_heading_en) == (
        "Trigger",
        "Description",
    )
    assert sections[1].table.rows.count() == 3
    assert sum(line.startswith("- ") for line in sections[3].body_en.split("\n")) == 3
    assert article.faqs.count() == 3
    assert article.conclusion_en.startswith("In conclusion,")


def test_import_without_publish_makes_a_draft(imported):
    article, _ = imported
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_import_with_publish_publishes_now(db):
    run("import_article", str(SEED_FILE), "--publish")
    assert Article.objects.published().count() == 1


def test_export_equals_the_normal_form_of_the_seed_byte_for_byte(imported):
    article, _ = imported
    assert run("export_article", str(article.pk), "--lang", "en") == SEED_FILE.read_text(encoding="utf-8") + "\n"


@pytest.mark.parametrize("language", ["es", "fr", "de", "ar"])
def test_translation_import_and_export_round_trip(imported, language):
    article, _ = imported
    path = CONTENT / f"back-spasms.{language}.txt"
    output = run("import_article", str(path), "--lang", language, "--article", str(article.pk))
    article.refresh_from_db()
    assert output == f"imported article {article.pk} ({language}): {getattr(article, f'slug_{language}')}\n"
    assert run("export_article", str(article.pk), "--lang", language) == path.read_text(encoding="utf-8")


def test_arabic_and_accented_slugs_keep_their_letters(imported):
    article, _ = imported
    for language in ("es", "ar"):
        run(
            "import_article",
            str(CONTENT / f"back-spasms.{language}.txt"),
            "--lang",
            language,
            "--article",
            str(article.pk),
        )
    article.refresh_from_db()
    assert article.slug_es == "qué-causa-los-espasmos-de-espalda-cómo-encontrar-alivio"
    assert article.slug_ar == "ما-أسباب-تشنجات-الظهر-وكيف-يمكن-تخفيفها"


def test_importing_a_translation_again_replaces_it(imported, tmp_path):
    article, _ = imported
    spanish = read_content("back-spasms.es.txt")
    first_heading = spanish.split("\n")[2]
    changed = spanish.replace(first_heading, "Por qué aparecen los espasmos de espalda", 1)
    run("import_article", str(write(tmp_path, spanish)), "--lang", "es", "--article", str(article.pk))
    run("import_article", str(write(tmp_path, changed)), "--lang", "es", "--article", str(article.pk))
    assert article.sections.first().heading_es == "Por qué aparecen los espasmos de espalda"


def refused(*args) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


def test_a_refused_file_names_the_line_and_saves_nothing(db, tmp_path):
    broken = read_content("back-spasms.en.txt").replace("---|---|", "|---|---|")
    message = refused("import_article", str(write(tmp_path, broken)))
    assert "line 12" in message
    assert "separator" in message
    assert database_state() == [[], [], [], [], []]


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(read_content("back-spasms.en.txt").encode("utf-8") + "\nCaf\xe9.".encode("latin-1"))
    assert "not UTF-8" in refused("import_article", str(path))
    assert not Article.objects.exists()


def test_a_missing_file_is_refused(db, tmp_path):
    assert "cannot read" in refused("import_article", str(tmp_path / "missing.txt"))


def test_a_new_article_whose_slug_is_taken_is_refused_naming_the_other(imported):
    article, _ = imported
    before = database_state()
    message = refused("import_article", str(SEED_FILE))
    assert f"article {article.pk}" in message
    assert "what-causes-back-spasms-find-relief" in message
    assert database_state() == before


def test_a_translation_with_other_line_kinds_is_refused_and_saves_nothing(imported, tmp_path):
    article, _ = imported
    before = database_state()
    lines = read_content("back-spasms.es.txt").split("\n")
    del lines[7]  # one bullet fewer than the English text
    message = refused(
        "import_article", str(write(tmp_path, "\n".join(lines))), "--lang", "es", "--article", str(article.pk)
    )
    assert "line 10: expected a bullet line as in the English text, found a table header line" in message
    assert database_state() == before


def test_a_translation_whose_slug_another_article_uses_is_refused(imported, tmp_path):
    article, _ = imported
    other = run("import_article", str(CONTENT / "sciatica.en.txt"))
    other_id = other.split()[2]
    run("import_article", str(CONTENT / "back-spasms.es.txt"), "--lang", "es", "--article", str(article.pk))
    before = database_state()
    sciatica_spanish = read_content("sciatica.es.txt").split("\n")
    sciatica_spanish[0] = read_content("back-spasms.es.txt").split("\n")[0]
    message = refused(
        "import_article", str(write(tmp_path, "\n".join(sciatica_spanish))), "--lang", "es", "--article", other_id
    )
    assert f"article {article.pk}" in message
    assert database_state() == before


def test_a_new_article_in_another_language_is_refused(db):
    assert "--article" in refused("import_article", str(CONTENT / "back-spasms.es.txt"), "--lang", "es")
    assert not Article.objects.exists()


def test_translating_an_unknown_article_is_refused(db):
    assert "no article 999" in refused("import_article", str(SEED_FILE), "--lang", "es", "--article", "999")


def test_an_unknown_topic_is_refused(db):
    assert "no topic" in refused("import_article", str(SEED_FILE), "--topic", "nowhere")
    assert not Article.objects.exists()


def test_export_of_an_unknown_article_is_refused(db):
    assert "no article 42" in refused("export_article", "42")


def test_export_of_an_incomplete_translation_is_refused(imported):
    article, _ = imported
    assert "not complete in fr" in refused("export_article", str(article.pk), "--lang", "fr")
