"""Test data shared by every app's tests: generated article texts and articles made through the
importer, published through the publishing service like everything readers see."""

from articles import services
from articles.models import Article
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
    """Publish the working copy as it is and give the article back as it is stored."""
    article_publish(article=article)
    return Article.objects.get(pk=article.pk)
