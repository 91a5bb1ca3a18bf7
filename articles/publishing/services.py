"""Publish, schedule and unpublish: the only writes that change what readers see.

Each is one transaction: it closes the live publications, makes the new ones (one per language,
from one reading of the working copy), records the change events and tells the answer cache,
which acts once the transaction has committed.
"""

import datetime

from django.db import connection, transaction
from django.db.models import F, Min, Value
from django.utils import timezone

from articles.folding import fold
from articles.models import SOURCE_LANGUAGE, Article, language_codes
from articles.publishing.body import with_body
from articles.publishing.document import WorkingCopy, build, meta_description, search_text, served_language
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.vectors import weighted_vector
from articles.review.services import ReviewRefused, check_publishable
from backhealth import cache

# What every listing (home, lists, topics, search, sitemap, feeds, API lists, change feed) depends on.
LISTINGS = "listings"
# Topics take effect when saved: every answer that names one depends on them.
TOPICS = "topics"


class PublishRefused(ValueError):
    """A publish or unpublish that cannot be done; the message says why."""


class ReviewRequired(PublishRefused):
    """A publish refused because the working copy has no approval of its current version."""


def article_scope(article_id: int) -> str:
    """What an article's own answers (its pages, its API detail) depend on."""
    return f"article:{article_id}"


def article_link_scope(article_id: int) -> str:
    """What a link to an article on another article's page depends on: its address and title in
    each language, and its topics. Publishing it again with these unchanged leaves those pages be."""
    return f"article-link:{article_id}"


def _links(publications) -> set:
    """What links to an article show, from its publications (live or about to be)."""
    return {(p.language, p.served_language, p.slug, p.title) for p in publications}


def _live_links(article: Article, now) -> tuple[set, set]:
    live = list(
        Publication.objects.live(now).filter(article=article).only("language", "served_language", "slug", "title")
    )
    topics = set(Publication.topics.through.objects.filter(publication__in=live).values_list("topic_id", flat=True))
    return _links(live), topics


def new_publications(article: Article, *, live_from, first_published_at, user=None) -> list[Publication]:
    """One unsaved publication per site language, from one reading of the prefetched working copy."""
    copy = WorkingCopy.of(article)
    served = {language: served_language(article, language) for language in language_codes()}
    documents = {language: build(copy, language) for language in set(served.values())}
    alternates = {language: article.slug_in(language) for language in language_codes() if served[language] == language}
    # A language served in English shares the English search text: fold it once.
    summaries = {shown: getattr(article, f"summary_{shown}") or "" for shown in documents}
    texts = {shown: search_text(document, summaries[shown]) for shown, document in documents.items()}
    folded = {shown: fold(text) for shown, text in texts.items()}
    publications = []
    for language in language_codes():
        shown = served[language]
        document = documents[shown]
        publications.append(
            with_body(
                Publication(
                    article=article,
                    language=language,
                    served_language=shown,
                    slug=article.slug_in(shown) or "",
                    title=document["title"],
                    description=meta_description(document, summaries[shown]),
                    document=document,
                    search_text=texts[shown],
                    search_folded=folded[shown],
                    alternates=alternates,
                    last_reviewed=article.last_reviewed,
                    next_review_due=article.next_review_due,
                    reviewed_by=_user_name(article.reviewed_by),
                    first_published_at=first_published_at,
                    live_from=live_from,
                    source_version=article.version,
                    published_by=user,
                )
            )
        )
    return publications


def preview_publication(*, article: Article, language: str) -> Publication:
    """The publication `language` would get if the working copy were published now (not saved)."""
    now = timezone.now()
    [publication] = [
        publication
        for publication in new_publications(article, live_from=now, first_published_at=article.publish_at or now)
        if publication.language == language
    ]
    return publication


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _cancel_scheduled(article: Article, now: datetime.datetime) -> None:
    # Never seen by anyone, so nothing readers saw is lost; their events go with them.
    Publication.objects.filter(article=article, live_from__gt=now).delete()


@transaction.atomic
def article_publish(
    *,
    article: Article,
    at: datetime.datetime | None = None,
    user=None,
    skip_review: bool = False,
    reason: str = "",
) -> list[Publication]:
    """Publish the working copy now, or at `at`: one publication per site language.

    With `REVIEW_REQUIRED`, only a working copy whose current version is approved; `skip_review`
    (operators, the demo) publishes without, and the review history records it with `reason`.
    A scheduled publication keeps the live one until `at`; a later publish or unpublish cancels it.
    """
    locked = Article.objects.select_for_update().get(pk=article.pk)
    try:
        check_publishable(article=locked, user=user, skip_review=skip_review, reason=reason)
    except ReviewRefused as error:
        raise ReviewRequired(str(error)) from None
    return publish_working_copy(article=locked, at=at, user=user)


@transaction.atomic
def publish_working_copy(*, article: Article, at: datetime.datetime | None = None, user=None) -> list[Publication]:
    """The publish itself, with no review rule: article_publish after its check, and the data
    migration that kept public what was public before reviews existed."""
    now = timezone.now()
    if at is not None and at <= now:
        raise PublishRefused(f"the time {at.isoformat()} has passed; give a time in the future")
    article = Article.objects.with_structure().select_for_update().get(pk=article.pk)
    missing = article.missing_in(SOURCE_LANGUAGE)
    if missing:
        raise PublishRefused(f"article {article.pk} is not complete in English; missing: {', '.join(missing)}")
    live_from = at or now
    links_before = _live_links(article, now)
    _cancel_scheduled(article, now)
    Publication.objects.live(now).filter(article=article).update(live_until=live_from)
    earliest = Publication.objects.filter(article=article).aggregate(first=Min("first_published_at"))["first"]
    first_published_at = earliest or live_from

    publications = new_publications(article, live_from=live_from, first_published_at=first_published_at, user=user)
    topics = list(article.topics.all())
    save_publications(publications, {article.pk: topics}, at=live_from, user=user)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, publish_at=first_published_at, published_version=article.version
    )
    changed = [article_scope(article.pk), LISTINGS]
    if (_links(publications), {topic.pk for topic in topics}) != links_before:
        changed.append(article_link_scope(article.pk))
    cache.invalidate(*changed, at=live_from)
    return publications


def vector_of(publication: Publication):
    """The publication's weighted search vector (PostgreSQL; elsewhere None), made as it is
    inserted: a vector stored by an update afterwards would write every index of the row twice."""
    if connection.vendor != "postgresql":
        return None
    return weighted_vector(publication.served_language).replace_expressions(
        {F(name): Value(getattr(publication, name)) for name in ("title", "description", "search_text")}
    )


def save_publications(publications: list[Publication], topics: dict, *, at, user=None) -> None:
    """Store new publications (of one article or many) with their search vectors, their topics
    (`topics`: article id → topics) and their change events."""
    for publication in publications:
        publication.search_vector = vector_of(publication)
    Publication.objects.bulk_create(publications)
    Publication.topics.through.objects.bulk_create(
        [
            Publication.topics.through(publication=publication, topic=topic)
            for publication in publications
            for topic in topics[publication.article_id]
        ]
    )
    ChangeEvent.objects.bulk_create(
        [
            ChangeEvent(
                article_id=publication.article_id,
                language=publication.language,
                kind=ChangeEvent.Kind.PUBLISHED,
                at=at,
                publication=publication,
                by=user,
            )
            for publication in publications
        ]
    )


@transaction.atomic
def article_unpublish(*, article: Article, user=None) -> list[str]:
    """Take the article off every public surface at once; returns the languages removed."""
    now = timezone.now()
    had_schedule = Publication.objects.filter(article=article, live_from__gt=now).exists()
    _cancel_scheduled(article, now)
    removed = _remove_live(article.pk, now, user)
    if not (removed or had_schedule):
        raise PublishRefused(f"article {article.pk} is not published")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, published_version=None)
    cache.invalidate(article_scope(article.pk), article_link_scope(article.pk), LISTINGS)
    return removed


def _remove_live(article_id: int, now: datetime.datetime, user=None) -> list[str]:
    live = Publication.objects.live(now).filter(article_id=article_id).order_by("id")
    languages = list(live.values_list("language", flat=True))
    live.update(live_until=now)
    ChangeEvent.objects.bulk_create(
        [
            ChangeEvent(article_id=article_id, language=language, kind=ChangeEvent.Kind.REMOVED, at=now, by=user)
            for language in languages
        ]
    )
    return languages


def article_deleted(*, article: Article) -> None:
    """Before an article is deleted: its live languages become removal events, which outlive it."""
    if _remove_live(article.pk, timezone.now()):
        cache.invalidate(article_scope(article.pk), article_link_scope(article.pk), LISTINGS)


def publication_at(*, article: Article, language: str, at: datetime.datetime | None = None) -> Publication | None:
    """What readers of `language` saw at `at` (default: now), or None."""
    return Publication.objects.live(at).filter(article=article, language=language).first()
