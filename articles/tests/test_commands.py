import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Section, TriggerRow, TriggerTable
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import publication_at
from conftest import CONTENT, read_content
from faq.models import FAQ

SEED_FILE = CONTENT / "back-spasms.en.txt"


def live_languages(article) -> set[str]:
    return set(Publication.objects.live().filter(article=article).values_list("language", flat=True))


def public_state() -> list:
    """Everything readers can see, to show that a refused publish (or a save) changed nothing public."""
    return [
        list(Publication.objects.order_by("pk").values()),
        list(ChangeEvent.objects.order_by("pk").values()),
        list(Article.objects.order_by("pk").values("pk", "status", "publish_at", "published_version")),
    ]


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
    assert not Publication.objects.exists()


def test_import_with_publish_publishes_now(db):
    run("import_article", str(SEED_FILE), "--publish", "--skip-review")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert live_languages(article) == {"en", "es", "fr", "de", "ar"}
    assert publication_at(article=article, language="en").title == "What Causes Back Spasms? Find Relief"


def test_importing_over_a_published_article_changes_nothing_public(imported, tmp_path):
    article, _ = imported
    run("publish_article", "--skip-review", str(article.pk))
    before = public_state()
    changed = SEED_FILE.read_text(encoding="utf-8").replace("In conclusion,", "To sum up,", 1)
    run("import_article", str(write(tmp_path, changed)), "--article", str(article.pk))
    assert public_state() == before
    assert "To sum up," in run("export_article", str(article.pk))
    assert "To sum up," not in run("export_article", str(article.pk), "--published")


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


def public_text(article, language="en") -> str:
    return run("export_article", str(article.pk), "--lang", language, "--published")


def test_publish_article_publishes_every_language_and_names_those_in_english(imported):
    article, _ = imported
    run("import_article", str(CONTENT / "back-spasms.es.txt"), "--lang", "es", "--article", str(article.pk))
    output = run("publish_article", "--skip-review", str(article.pk))
    assert output == (f"published article {article.pk}: en, es, fr (in English), de (in English), ar (in English)\n")
    assert live_languages(article) == {"en", "es", "fr", "de", "ar"}
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert not article.has_unpublished_changes
    assert public_text(article) == SEED_FILE.read_text(encoding="utf-8") + "\n"


def test_publish_article_at_a_future_time_schedules_it(imported):
    article, _ = imported
    later = (timezone.localtime() + datetime.timedelta(days=2)).replace(microsecond=0)
    output = run("publish_article", "--skip-review", str(article.pk), "--at", later.strftime("%Y-%m-%dT%H:%M:%S"))
    assert output.startswith(f"scheduled article {article.pk} for {later.isoformat()}: en,")
    assert live_languages(article) == set()
    assert Publication.objects.live(later).filter(article=article).count() == 5
    assert "was not published in en now" in refused("export_article", str(article.pk), "--published")


def test_publishing_an_unknown_article_is_refused(db):
    assert "there is no article 999" in refused("publish_article", "999")


@pytest.fixture
def published(imported):
    """The seed article (English only) published, with the state readers see."""
    article, _ = imported
    run("publish_article", "--skip-review", str(article.pk))
    return article, public_state()


def test_publishing_at_a_time_that_has_passed_is_refused_and_changes_nothing(published):
    article, _ = published
    run("import_article", str(CONTENT / "back-spasms.es.txt"), "--lang", "es", "--article", str(article.pk))
    before = public_state()
    message = refused("publish_article", "--skip-review", str(article.pk), "--at", "2020-01-01T09:00")
    assert "has passed" in message
    assert public_state() == before


def test_publishing_at_a_time_that_cannot_be_read_is_refused_and_changes_nothing(published):
    article, before = published
    for unreadable in ("next tuesday", "2027-13-45T09:00", "2027-03-01"):
        message = refused("publish_article", "--skip-review", str(article.pk), "--at", unreadable)
        assert f"“{unreadable}” is not an ISO 8601 date-time" in message
    assert public_state() == before


def test_publishing_an_article_incomplete_in_english_names_what_is_missing_and_changes_nothing(published):
    article, before = published
    Article.objects.filter(pk=article.pk).update(conclusion_en="")
    Section.objects.filter(article=article, order=article.sections.first().order).update(heading_en="")
    message = refused("publish_article", "--skip-review", str(article.pk))
    assert f"article {article.pk} is not complete in English" in message
    assert "conclusion" in message
    assert "section 1 heading" in message
    assert public_state() == before


def test_unpublish_article_takes_every_language_off(published):
    article, _ = published
    output = run("unpublish_article", str(article.pk))
    prefix = f"unpublished article {article.pk}: "
    assert output.startswith(prefix)
    assert set(output.removeprefix(prefix).rstrip("\n").split(", ")) == {"en", "es", "fr", "de", "ar"}
    assert live_languages(article) == set()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert set(ChangeEvent.objects.filter(kind="removed").values_list("language", flat=True)) == {
        "en",
        "es",
        "fr",
        "de",
        "ar",
    }
    assert "was not published in en now" in refused("export_article", str(article.pk), "--published")
    # The working copy is kept.
    assert run("export_article", str(article.pk)) == SEED_FILE.read_text(encoding="utf-8") + "\n"


def test_unpublish_article_cancels_a_schedule(imported):
    article, _ = imported
    later = timezone.localtime() + datetime.timedelta(days=2)
    run("publish_article", "--skip-review", str(article.pk), "--at", later.strftime("%Y-%m-%dT%H:%M"))
    assert run("unpublish_article", str(article.pk)) == f"unpublished article {article.pk}: a scheduled publication\n"
    assert not Publication.objects.filter(article=article).exists()


def test_unpublishing_an_unpublished_or_unknown_article_is_refused(imported):
    article, _ = imported
    assert f"article {article.pk} is not published" in refused("unpublish_article", str(article.pk))
    assert "there is no article 999" in refused("unpublish_article", "999")
    assert not ChangeEvent.objects.exists()


def test_export_published_prints_what_readers_saw_then(published, tmp_path):
    article, _ = published
    first = SEED_FILE.read_text(encoding="utf-8") + "\n"
    long_ago = datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC)
    Publication.objects.filter(article=article).update(live_from=long_ago, first_published_at=long_ago)
    second = first.replace("In conclusion,", "To sum up,", 1)
    run("import_article", str(write(tmp_path, second)), "--article", str(article.pk))

    # Saved, not yet published: readers still see the first text.
    assert public_text(article) == first
    assert run("export_article", str(article.pk)) == second
    run("publish_article", "--skip-review", str(article.pk))

    assert public_text(article) == second
    assert run("export_article", str(article.pk), "--published", "--at", "2020-06-01") == first
    assert run("export_article", str(article.pk), "--published", "--at", "2020-06-01T12:00") == first
    assert run("export_article", str(article.pk), "--published", "--at", timezone.localdate().isoformat()) == second
    assert "was not published in en at 2019-12-31" in refused(
        "export_article", str(article.pk), "--published", "--at", "2019-12-31"
    )


def test_export_published_in_an_untranslated_language_prints_the_english_readers_see(published):
    article, _ = published
    assert public_text(article, "fr") == SEED_FILE.read_text(encoding="utf-8") + "\n"


def test_export_at_needs_published(published):
    article, _ = published
    assert "--at goes with --published" in refused("export_article", str(article.pk), "--at", "2020-06-01")
