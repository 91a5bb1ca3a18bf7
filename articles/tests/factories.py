"""Test data shared by every app's tests: generated article texts and articles made through the
importer, published through the publishing service like everything readers see."""

from articles import services
from articles.models import Article
from articles.publishing.models import Publication
from articles.publishing.services import article_publish


def article_text(title: str, *, sections: int = 2, tables: int = 1, faqs: int = 1) -> str:
    lines = [title, f"An introduction to {title.lower()}.", "A second intro paragraph."]
    for number in range(sections):
        lines += [
            f"Section {number} of {title}",
            f"The first paragraph of section {number}.",
            f"- Term {number}: what the term means.",
            "- A bullet without a term.",
            f"The last paragraph of section {number}.",
        ]
        if number < tables:
            lines += [
                "Trigger | Description |",
                "---|---|",
                f"Lifting {number} | Strain |",
                f"Sitting {number} | Stiffness |",
            ]
    for number in range(faqs):
        lines += [f"Question {number} about {title.lower()}?", f"+The answer {number}.", "+A second answer line."]
    lines.append(f"The conclusion of {title.lower()}.")
    return "\n".join(lines) + "\n"


def translated(text: str, language: str) -> str:
    """The same text with every line marked as another language's (same line kinds)."""
    result = []
    for line in text.splitlines():
        if line.startswith("- ") or line.startswith("+"):
            result.append(
                f"{line[:2]}[{language}] {line[2:]}" if line.startswith("- ") else f"+[{language}] {line[1:]}"
            )
        elif line.endswith("|") or line == "---|---|":
            result.append(
                line if line == "---|---|" else " | ".join(f"[{language}] {cell}" for cell in line.split(" | "))
            )
        else:
            result.append(f"[{language}] {line}")
    return "\n".join(result) + "\n"


def make_article(title: str, *, publish: bool = True, languages: tuple[str, ...] = (), **size) -> Article:
    """An article of the given size, translated into `languages`, then published (unless not)."""
    text = article_text(title, **size)
    article = services.article_import(text=text)
    for language in languages:
        article = services.article_import(text=translated(text, language), language=language, article=article)
    return publish_now(article) if publish else article


def publish_now(article: Article) -> Article:
    """Publish the working copy as it is, without a clinical review (test data), and give the
    article back as it is stored."""
    article_publish(article=article, skip_review=True, reason="test data")
    return Article.objects.get(pk=article.pk)


def reviewer(username: str = "reviewer"):
    """A staff member of the Clinical reviewer group (made as its migration does where a live-server
    test emptied the database)."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group, User

    if not Group.objects.filter(name="Clinical reviewer").exists():
        import_module("articles.migrations.0005_review").create_reviewer_group(apps, None)
    user, _created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Clinical reviewer"))
    return user


def approve(article: Article, *, by=None) -> Article:
    """Submit the working copy as it is and have a clinical reviewer approve it."""
    from articles.review.services import article_approve, article_submit

    by = by or reviewer()
    article_submit(article=article, user=None)
    article_approve(article=article, user=by, version=Article.objects.get(pk=article.pk).version)
    return Article.objects.get(pk=article.pk)


def crowd_of_unmatched_spanish(article, count: int = 2_000) -> None:
    """Many Spanish publications that match no search, copies of `article`'s: enough that reading
    every Spanish one costs more than the language's full-text index would."""
    spanish = Publication.objects.get(article=article, language="es")
    others = []
    for number in range(count):
        other = Publication.objects.get(pk=spanish.pk)
        other.pk, other.slug, other.search_text = None, f"other-{number}", f"Texto número {number}."
        others.append(other)
    Publication.objects.bulk_create(others)
