"""The working copy as it stood in a stored revision (django-reversion), for compares and segments."""

from articles.models import Article, Section, TriggerRow, TriggerTable
from articles.publishing.document import Part, WorkingCopy
from faq.models import FAQ


def _instance(version):
    """The stored object of a revision, unsaved (its many-to-many fields left out)."""
    model = version.content_type.model_class()
    names = {field.attname for field in model._meta.concrete_fields}
    return model(**{name: value for name, value in version.field_dict.items() if name in names})


def revision_copy(revision, article_id: str) -> WorkingCopy | None:
    """The working copy as it stood in a revision, read from its stored versions."""
    by_model = {}
    for version in revision.version_set.all():
        by_model.setdefault(version.content_type.model_class(), []).append(_instance(version))

    def children(model, parent: str, parent_id) -> list:
        found = [obj for obj in by_model.get(model, []) if str(getattr(obj, f"{parent}_id")) == str(parent_id)]
        return sorted(found, key=lambda obj: (getattr(obj, "order", 0), obj.pk))

    article = next((obj for obj in by_model.get(Article, []) if str(obj.pk) == str(article_id)), None)
    if article is None:
        return None
    parts = []
    for section in children(Section, "article", article.pk):
        tables = children(TriggerTable, "section", section.pk)
        table = tables[0] if tables else None
        parts.append(Part(section, table, children(TriggerRow, "table", table.pk) if table else []))
    return WorkingCopy(article, parts, children(FAQ, "article", article.pk))
