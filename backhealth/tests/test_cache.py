import datetime
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from articles import services
from backhealth import cache as answers
from faq.models import FAQ

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/9"}}


class CountingView:
    def __init__(self, **headers):
        self.calls = 0
        self.headers = headers

    def __call__(self, request):
        self.calls += 1
        response = HttpResponse(f"answer {self.calls} in {translation.get_language()}")
        for name, value in self.headers.items():
            response[name] = value
        return response


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def get(view, path="/en/page/", **extra):
    request = RequestFactory().get(path, **extra)
    request.user = AnonymousUser()
    return answers.cached_for_anonymous(view)(request)


@pytest.fixture
def faq(db):
    return FAQ.objects.create(question_en="Is rest good?", answer_en="Keep active.")


def test_every_content_save_raises_the_version(faq):
    before = answers.content_version()
    faq.answer_en = "Keep gently active."
    faq.save()
    assert answers.content_version() == before + 1


def test_a_delete_raises_the_version(faq):
    before = answers.content_version()
    faq.delete()
    assert answers.content_version() == before + 1


def test_a_topic_added_to_an_article_raises_the_version(article):
    from articles.models import Topic

    topic = Topic.objects.create(name_en="Back pain", slug_en="back-pain")
    before = answers.content_version()
    article.topics.add(topic)
    assert answers.content_version() > before


def test_an_anonymous_answer_is_served_from_the_cache(db):
    view = CountingView()
    get(view)
    assert get(view).content == b"answer 1 in en"
    assert view.calls == 1


def test_a_save_makes_the_next_answer_fresh(faq):
    view = CountingView()
    get(view)
    faq.save()
    assert get(view).content == b"answer 2 in en"


def test_each_language_has_its_own_answer(db):
    view = CountingView()
    with translation.override("fr"):
        get(view, "/page/")
    with translation.override("de"):
        assert get(view, "/page/").content == b"answer 2 in de"


def test_query_strings_are_separate_answers(db):
    view = CountingView()
    get(view, "/en/page/?page=1")
    assert get(view, "/en/page/?page=2").content == b"answer 2 in en"


def test_a_request_with_a_session_is_never_cached(db):
    view = CountingView()
    get(view, HTTP_COOKIE="sessionid=abc")
    get(view, HTTP_COOKIE="sessionid=abc")
    get(view)
    assert view.calls == 3


def test_a_logged_in_user_is_never_served_from_the_cache(admin_user):
    view = CountingView()
    get(view)
    request = RequestFactory().get("/en/page/")
    request.user = admin_user
    assert answers.cached_for_anonymous(view)(request).content == b"answer 2 in en"


def test_a_private_answer_is_never_stored(db):
    view = CountingView(**{"Cache-Control": "private"})
    get(view)
    get(view)
    assert view.calls == 2


def test_another_process_never_serves_an_answer_older_than_the_last_save(faq, monkeypatch):
    view = CountingView()
    other_process = LocMemCache("other-process", {})
    monkeypatch.setattr(answers, "cache", other_process)
    get(view)
    monkeypatch.undo()
    faq.save()  # saved in this process; the other process keeps its own memory cache
    monkeypatch.setattr(answers, "cache", other_process)
    assert get(view).content == b"answer 2 in en"


def test_with_redis_the_version_is_shared_and_raised_on_save(faq, settings):
    settings.REDIS_URL = REDIS["default"]["LOCATION"]
    settings.CACHES = REDIS
    cache.clear()
    view = CountingView()
    get(view)
    assert get(view).content == b"answer 1 in en"
    faq.save()
    assert get(view).content == b"answer 2 in en"
    cache.clear()


def test_a_scheduled_publication_reaches_cached_pages_without_a_save(client, draft_article, monkeypatch):
    go_live = timezone.now() + datetime.timedelta(minutes=10)
    services.article_publish(article=draft_article, at=go_live)
    url = reverse("articles:list")
    assert draft_article.title_en not in client.get(url).content.decode()
    later = go_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert draft_article.title_en in client.get(url).content.decode()


def test_a_scheduled_publication_reaches_the_cached_api_list(client, draft_article, monkeypatch):
    go_live = timezone.now() + datetime.timedelta(minutes=10)
    services.article_publish(article=draft_article, at=go_live)
    assert client.get("/api/v1/articles/").json()["count"] == 0
    later = go_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert client.get("/api/v1/articles/").json()["count"] == 1
