from http import HTTPStatus

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import pages
from articles.models import SOURCE_LANGUAGE, Article, Topic
from articles.search import search_articles
from backhealth.cache import cached_for_anonymous, remembered
from faq.models import FAQ

LATEST_ON_HOME = 6
ARTICLES_PER_PAGE = 10
RELATED_ARTICLES = 4
SITE_FAQS_ON_HOME = 3
# Search takes a few words; the rest of a pasted page is not worth carrying around.
QUERY_MAX_LENGTH = 200


@cached_for_anonymous
def home(request):
    language = get_language()
    latest = pages.with_completeness(Article.objects.published(), language)[:LATEST_ON_HOME]
    return render(
        request,
        "articles/home.html",
        {
            "topics": Topic.objects.exclude(slug_en__isnull=True).exclude(slug_en=""),
            "latest": pages.article_links(latest, language),
            "site_faqs": FAQ.objects.site_wide()[:SITE_FAQS_ON_HOME],
            "alternates": pages.alternates(pages.same_page_in_every_language("articles:home")),
        },
    )


def page_of(request, items, per_page: int):
    """A page of `items` from ?page=, or 404 with a message for a page that does not exist."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("There is no such page.")) from None


@cached_for_anonymous
def article_list(request):
    language = get_language()
    page = page_of(request, pages.with_completeness(Article.objects.published(), language), ARTICLES_PER_PAGE)
    return render(
        request,
        "articles/article_list.html",
        {
            "page": page,
            "articles": pages.article_links(page.object_list, language),
            "alternates": pages.alternates(pages.same_page_in_every_language("articles:list")),
        },
    )


@cached_for_anonymous
def topic_detail(request, slug):
    language = get_language()
    topic = pages.by_any_slug(Topic.objects.all(), slug, language)
    if topic is None:
        raise Http404(_("There is no such topic."))
    if slug != pages.topic_slug(topic, language):
        return redirect(topic.get_absolute_url(), permanent=True)
    articles = pages.with_completeness(Article.objects.published().filter(topics=topic), language)
    return render(
        request,
        "articles/topic_detail.html",
        {
            "topic": topic,
            "articles": pages.article_links(articles, language),
            "alternates": pages.alternates(
                {
                    code: pages.url_in(code, "articles:topic", slug=pages.topic_slug(topic, code))
                    for code in pages.language_codes()
                }
            ),
        },
    )


@cached_for_anonymous
def article_detail(request, slug):
    # The public page is the same for every reader, so beyond the per-URL cache it is also kept per
    # slug, language and host: a reader with a session or a tracking parameter still gets it at once.
    language = get_language()
    status, body = remembered(
        ("article-page", language, request.get_host(), request.is_secure(), slug),
        lambda: article_answer(request, slug, language),
    )
    if status == HTTPStatus.MOVED_PERMANENTLY:
        return HttpResponsePermanentRedirect(body)
    if status == HTTPStatus.NOT_FOUND:
        raise Http404(_("There is no such article."))
    return HttpResponse(body)


def article_answer(request, slug, language) -> tuple[int, str]:
    article = pages.by_any_slug(Article.objects.published().with_structure(), slug, language)
    if article is None:
        return HTTPStatus.NOT_FOUND, ""
    complete = article.is_complete_in(language)
    if slug != pages.article_slug(article, language, complete):
        return HTTPStatus.MOVED_PERMANENTLY, pages.article_url(article, language, complete)
    return HTTPStatus.OK, render_article(request, article, language, complete).content.decode()


def article_preview(request, pk):
    """Any article, draft or scheduled, as it will look; for staff only, and never cached."""
    if not request.user.is_staff:
        raise Http404(_("There is no such article."))
    language = get_language()
    article = get_object_or_404(Article.objects.with_structure(), pk=pk)
    response = render_article(request, article, language, article.is_complete_in(language), preview=True)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def render_article(request, article, language, complete, preview=False):
    content = pages.article_content(article, language if complete else SOURCE_LANGUAGE)
    complete_languages = article.complete_languages()
    urls = {code: pages.article_url(article, code, True) for code in complete_languages}
    # A preview may show an article that has no English address yet; it then points at itself.
    english_url = urls.get(SOURCE_LANGUAGE, request.path)
    canonical = request.build_absolute_uri(urls[language] if complete else english_url)
    topics = [topic for topic in article.topics.all() if topic.slug_en]
    related = []
    if topics:
        others = (
            Article.objects.published()
            .filter(topics__in=topics)
            .exclude(pk=article.pk)
            .distinct()
            .order_by("-publish_at", "-id")
        )
        related = pages.article_links(pages.with_completeness(others, language)[:RELATED_ARTICLES], language)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "content": content,
            "complete": complete,
            "preview": preview,
            "noindex": preview or not complete,
            "canonical": canonical,
            # A preview's language switcher stays in the preview.
            "alternates": pages.alternates(
                {code: pages.url_in(code, "articles:preview", pk=article.pk) for code in urls} if preview else urls
            ),
            "topics": topics,
            "related": related,
            "structured_data": pages.article_structured_data(article, content, canonical),
        },
    )


@cached_for_anonymous
def search(request):
    language = get_language()
    query = " ".join(request.GET.get("q", "")[:QUERY_MAX_LENGTH].split())
    results = search_articles(query, language) if query else []
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "results": [
                {
                    "url": pages.article_url(result.article, language, True),
                    "title": getattr(result.article, f"title_{language}"),
                    "snippet": result.snippet,
                }
                for result in results
            ],
            "noindex": True,
            "alternates": pages.alternates(pages.same_page_in_every_language("articles:search")),
        },
    )
