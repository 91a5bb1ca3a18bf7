"""Back up and restore everything editors made: `export_content DIR` and `import_content DIR`.

The tree holds each article's working copy (every field of every part, in every language, as
JSON; and, to read and diff, its text in each complete language), its publications, change
events and review history, and the topics and site-wide FAQs. No users, passwords or sessions:
who saved or published something is left out, and restored as unknown. Values are written
exactly (date-times to the microsecond, documents in their own key order) and in a fixed order,
so exporting the same content twice gives the same bytes, and a restore into an empty database
gives back the same ids, pages and API answers.
"""

import datetime
import json
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, models, transaction

from articles import services
from articles.folding import fold
from articles.models import Article, Section, Topic, TriggerRow, TriggerTable, language_codes
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import LISTINGS, TOPICS, article_link_scope, article_scope
from articles.publishing.vectors import store_search_vectors
from articles.review.models import ReviewEvent
from backhealth import cache
from faq.models import FAQ, SITE_FAQS

FORMAT = 1
# Working-copy parts in the order they are restored (each refers only to those before it).
PARTS = (("sections", Section, "article"), ("tables", TriggerTable, "section"), ("rows", TriggerRow, "table"))


class RestoreRefused(ValueError):
    """A backup that cannot be restored here; nothing was written."""


def _value(field, value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


# Made by the database from the text a backup holds (articles.publishing.vectors).
DERIVED_BY_THE_DATABASE = ("search_vector",)


def _row(instance) -> dict:
    """Every stored field by its column name; links to users are left out (no users in a backup)."""
    row = {}
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model._meta.label == "auth.User":
            continue
        if field.attname in DERIVED_BY_THE_DATABASE:
            continue
        row[field.attname] = _value(field, getattr(instance, field.attname))
    for field in instance._meta.many_to_many:
        row[field.name] = sorted(instance.serializable_value(field.name).values_list("pk", flat=True))
    return row


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def content_export(*, directory: Path) -> int:
    """Write the whole content under `directory`; returns the number of articles."""
    directory = Path(directory)
    _write(
        directory / "manifest.json",
        {
            "format": FORMAT,
            "topics": [_row(topic) for topic in Topic.objects.order_by("pk")],
            "site_faqs": [_row(faq) for faq in FAQ.objects.site_wide().order_by("pk")],
            "changes": [_row(event) for event in ChangeEvent.objects.order_by("pk")],
        },
    )
    articles = Article.objects.with_structure().order_by("pk")
    for article in articles:
        folder = directory / "articles" / str(article.pk)
        sections = list(article.sections.all())
        tables = [section.table for section in sections if getattr(section, "table", None)]
        _write(
            folder / "working-copy.json",
            {
                "article": _row(article),
                "sections": [_row(section) for section in sections],
                "tables": [_row(table) for table in tables],
                "rows": [_row(row) for table in tables for row in table.rows.all()],
                "faqs": [_row(faq) for faq in article.faqs.all()],
            },
        )
        _write(folder / "publications.json", [_row(publication) for publication in article.publications.order_by("pk")])
        _write(folder / "reviews.json", [_row(event) for event in article.review_events.order_by("pk")])
        for language in language_codes():
            if article.is_complete_in(language):
                text = services.article_export(article=article, language=language)
                (folder / f"{language}.txt").write_text(text, encoding="utf-8")
    return len(articles)


def _instance(model, row: dict):
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname not in row:
            continue
        value = row[field.attname]
        if value is not None and isinstance(field, models.DateTimeField):
            value = datetime.datetime.fromisoformat(value)
        elif value is not None and isinstance(field, models.DateField):
            value = datetime.date.fromisoformat(value)
        values[field.attname] = value
    return model(**values)


def _restore(model, rows: list[dict]) -> None:
    """Rows as they were, with their ids, links and timestamps."""
    instances = [_instance(model, row) for row in rows]
    # Creating stamps auto_now and auto_now_add fields with the present (on the instances too);
    # an update afterwards puts back the stored moments.
    stamped = [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    moments = [{name: getattr(instance, name) for name in stamped} for instance in instances]
    model.objects.bulk_create(instances)
    for instance, values in zip(instances, moments, strict=True) if stamped else ():
        model.objects.filter(pk=instance.pk).update(**values)
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [through(**{f"{source}_id": row["id"], f"{target}_id": pk}) for row in rows for pk in row[field.name]]
        )


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RestoreRefused(f"{path}: cannot be read: {error}") from None


@transaction.atomic
def content_import(*, directory: Path) -> int:
    """Restore a tree written by `content_export` into a database with no content yet. All or nothing."""
    directory = Path(directory)
    manifest = _read(directory / "manifest.json")
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(f"{directory / 'manifest.json'}: not a backup of format {FORMAT}")
    if Article.objects.exists() or Topic.objects.exists() or FAQ.objects.exists():
        raise RestoreRefused("the database already holds content; restore into an empty one")
    _restore(Topic, manifest["topics"])
    folders = (
        sorted((directory / "articles").glob("*/"), key=lambda path: int(path.name))
        if (directory / "articles").exists()
        else []
    )
    copies = [_read(folder / "working-copy.json") for folder in folders]
    _restore(Article, [copy["article"] for copy in copies])
    for name, model, _parent in PARTS:
        _restore(model, [row for copy in copies for row in copy[name]])
    _restore(FAQ, [*manifest["site_faqs"], *(row for copy in copies for row in copy["faqs"])])
    publications = [row for folder in folders for row in _read(folder / "publications.json")]
    for row in publications:
        # A backup made before publications kept their search text folded.
        row.setdefault("search_folded", fold(row.get("search_text") or ""))
    _restore(Publication, publications)
    # Made again from the restored text: a vector is the database's own, not part of the content.
    store_search_vectors(Publication.objects.all())
    _restore(ChangeEvent, manifest["changes"])
    _restore(ReviewEvent, [row for folder in folders for row in _read(folder / "reviews.json")])
    # New rows take ids after the restored ones (PostgreSQL keeps a sequence per table).
    restored = [Topic, Article, Section, TriggerTable, TriggerRow, FAQ, Publication, ChangeEvent, ReviewEvent]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(statement)
    cache.invalidate(
        LISTINGS,
        TOPICS,
        SITE_FAQS,
        *(article_scope(copy["article"]["id"]) for copy in copies),
        *(article_link_scope(copy["article"]["id"]) for copy in copies),
    )
    return len(copies)
