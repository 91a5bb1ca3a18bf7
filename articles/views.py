"""Public pages: each reads publications only (never the working copy) and says what it depends on."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import pages
from articles.models import SOURCE_LANGUAGE, Article, Topic, language_codes
from articles.publishing import reads
from articles.publishing.body import body_of
from articles.publishing.models import Publication
from articles.publishing.services import (
    LISTINGS,
    TOPICS,
    article_link_scope,
    article_scope,
    preview_publication,
)
from articles.search import RESULTS_PER_PAGE, Found, search_site
from backhealth.cache import cached_for_anonymous, depends_on
from backhealth.languages import alternates, same_page_in_every_language, url_in
from backhealth.structured_data import site_organization
from faq.models import FAQ, SITE_FAQS

LATEST_ON_HOME = 6
ARTICLES_PER_PAGE = 10
RELATED_ARTICLES = 4
SITE_FAQS_ON_HOME = 3
# Search takes a few words; the rest of a pasted page is not worth carrying around.
QUERY_MAX_LENGTH = 200


@cached_for_anonymous
def home(request):
    depends_on(LISTINGS, TOPICS, SITE_FAQS)
    language = get_language()
    return render(
        request,
        "articles/home.html",
        {
            "topics": Topic.objects.exclude(slug_en__isnull=True).exclude(slug_en=""),
            "latest": pages.article_links(pages.live_in(language)[:LATEST_ON_HOME]),
            "site_faqs": FAQ.objects.site_wide()[:SITE_FAQS_ON_HOME],
            "alternates": alternates(same_page_in_every_language("articles:home")),
        },
    )


def other_word(request, name: str, slug: str | None = None):
    """An address with another language's URL word: the same page with this language's (301)."""
    return redirect(reverse(name, kwargs={"slug": slug} if slug else {}), permanent=True)


def page_of(request, items, per_page: int):
    """A page of `items` from ?page=, or 404 with a message for a page that does not exist."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("There is no such page.")) from None


@cached_for_anonymous(parameters=("page",))
def article_list(request):
    depends_on(LISTINGS)
    page = page_of(request, pages.live_in(get_language()), ARTICLES_PER_PAGE)
    return render(
        request,
        "articles/article_list.html",
        {
            "page": page,
            "articles": pages.article_links(page.object_list),
            "alternates": alternates(same_page_in_every_language("articles:list")),
        },
    )


@cached_for_anonymous(parameters=("page",))
def topic_detail(request, slug):
    depends_on(LISTINGS, TOPICS)
    language = get_language()
    topic = pages.by_any_slug(Topic.objects.all(), slug, language) or pages.by_any_slug(
        Topic.objects.all(), slug.lower(), language
    )
    if topic is None:
        raise Http404(_("There is no such topic."))
    if slug != pages.topic_slug(topic, language):
        return redirect(topic.get_absolute_url(), permanent=True)
    page = page_of(request, pages.live_in(language).filter(topics=topic), ARTICLES_PER_PAGE)
    return render(
        request,
        "articles/topic_detail.html",
        {
            "topic": topic,
            "page": page,
            "articles": pages.article_links(page.object_list),
            "alternates": alternates(
                {code: url_in(code, "articles:topic", slug=pages.topic_slug(topic, code)) for code in language_codes()}
            ),
        },
    )


def language_and_day(request) -> str:
    """Article pages are kept per language and day: a page whose review falls due says so from
    that day on, with nothing published."""
    return f"{get_language()}.{timezone.localdate().isoformat()}"


@cached_for_anonymous(variant=language_and_day)
def article_detail(request, slug):
    language = get_language()
    article_id, published = pages.article_with_slug(slug, language)
    if article_id is None and slug != slug.lower():
        # Slugs are lower case; an address typed or linked in capitals leads (301) to the page.
        article_id, published = pages.article_with_slug(slug.lower(), language)
    if article_id is None:
        raise Http404(_("There is no such article."))
    # Named before the publication is read: a publish in between then shows as a newer number.
    depends_on(article_scope(article_id), TOPICS)
    publication = reads.live_publication(article_id, language)
    if publication is None:
        raise Http404(_("There is no such article."))
    if slug != publication.slug:
        return redirect(publication.get_absolute_url(), permanent=published)
    return render_article(request, publication, publication.topic_list)


def article_preview(request, pk):
    """Any article's working copy, as it would be published; for staff only, and never cached."""
    if not request.user.is_staff:
        raise Http404(_("There is no such article."))
    article = get_object_or_404(Article.objects.with_structure(), pk=pk)
    return render_preview(request, article, get_language())


def render_preview(request, article: Article, language: str):
    publication = preview_publication(article=article, language=language)
    response = render_article(request, publication, list(article.topics.all()), preview=True)
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    return response


def render_article(request, publication: Publication, topics: list[Topic], preview: bool = False):
    language = publication.language
    complete = not publication.is_fallback
    urls = pages.article_urls(publication)
    # A preview may show an article that has no English address yet; it then points at itself.
    english_url = urls.get(SOURCE_LANGUAGE, request.path)
    canonical = request.build_absolute_uri(urls[language] if complete and language in urls else english_url)
    topics = [topic for topic in topics if topic.slug_en]
    related = []
    if topics:
        others = reads.live_related(language, [topic.pk for topic in topics], publication.article_id, RELATED_ARTICLES)
        # Only what the links show: publishing one of them again unchanged keeps this page.
        depends_on(*(article_link_scope(other.article_id) for other in others))
        related = pages.article_links(others)
    # A preview's language switcher stays in the preview.
    switcher = urls
    if preview:
        switcher = {code: url_in(code, "articles:preview", pk=publication.article_id) for code in urls}
    return render(
        request,
        "articles/article_detail.html",
        {
            "publication": publication,
            "body": body_of(publication),
            "complete": complete,
            "preview": preview,
            "noindex": preview or not complete,
            "review_overdue": publication.review_overdue(),
            "canonical": canonical,
            "alternates": alternates(switcher),
            "topics": topics,
            "related": related,
            "structured_data": pages.article_structured_data(
                publication, topics, canonical, publisher=site_organization(request)
            ),
        },
    )


@cached_for_anonymous(parameters=("q", "page"))
def search(request):
    depends_on(LISTINGS, SITE_FAQS)
    language = get_language()
    query = " ".join(request.GET.get("q", "")[:QUERY_MAX_LENGTH].split())
    found = search_site(query, language) if query else Found()
    page = page_of(request, found.articles, RESULTS_PER_PAGE)
    # The language switcher searches the same words in the other language.
    urls = same_page_in_every_language("articles:search")
    if query:
        urls = {code: f"{url}?{urlencode({'q': query})}" for code, url in urls.items()}
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "corrected": found.corrected,
            "answers": found.answers,
            "page": page,
            # Snippets for the results shown only.
            "results": [
                {
                    "url": result.publication.get_absolute_url(),
                    "title": result.publication.title,
                    "snippet": result.snippet,
                }
                for result in found.results(page.object_list)
            ],
            "noindex": True,
            "alternates": alternates(urls),
        },
    )
