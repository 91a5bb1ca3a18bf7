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

from articles.publishing.services import article_publish
from backhealth import cache as answers

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


def get(view, path="/en/page/", scopes=("things",), **extra):
    """Each call is a request of its own, as the test client's are: numbers are read afresh."""
    answers._forget_numbers()
    request = RequestFactory().get(path, **extra)
    request.user = AnonymousUser()

    def depending(request):
        answers.depends_on(*scopes)
        return view(request)

    return answers.cached_for_anonymous(depending, parameters=("page",))(request)


def test_an_invalidated_scope_makes_the_next_answer_fresh(db):
    view = CountingView()
    get(view)
    answers.invalidate("things")
    assert get(view).content == b"answer 2 in en"


def test_another_scope_changing_keeps_the_answer(db):
    view = CountingView()
    get(view, scopes=("article:1",))
    answers.invalidate("article:2", "unrelated")
    assert get(view, scopes=("article:1",)).content == b"answer 1 in en"


def test_an_answer_that_names_no_scope_is_not_stored(db):
    view = CountingView()
    get(view, scopes=())
    assert get(view, scopes=()).content == b"answer 2 in en"


def test_a_scheduled_change_takes_effect_at_its_moment_with_no_job(db, monkeypatch):
    view = CountingView()
    get(view)
    moment = timezone.now() + datetime.timedelta(minutes=5)
    answers.invalidate("things", at=moment)
    assert get(view).content == b"answer 1 in en"
    later = moment + datetime.timedelta(seconds=1)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert get(view).content == b"answer 2 in en"
    assert get(view).content == b"answer 2 in en"


def test_tracking_and_unknown_parameters_share_the_plain_urls_entry(db):
    view = CountingView()
    get(view, "/en/page/")
    get(view, "/en/page/?utm_source=mail&fbclid=1&whatever=2")
    assert view.calls == 1
    get(view, "/en/page/?page=2")
    assert view.calls == 2


def test_each_host_and_scheme_has_its_own_entry(db):
    view = CountingView()
    get(view)
    get(view, HTTP_HOST="localhost")
    get(view, secure=True)
    assert view.calls == 3


def test_an_oversized_answer_is_not_stored(db):
    class Large(CountingView):
        def __call__(self, request):
            response = super().__call__(request)
            response.content = b"x" * (answers.MAX_ANSWER_BYTES + 1)
            return response

    view = Large()
    get(view)
    get(view)
    assert view.calls == 2


def test_an_anonymous_answer_is_served_from_the_cache(db):
    view = CountingView()
    get(view)
    assert get(view).content == b"answer 1 in en"
    assert view.calls == 1


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


def test_another_process_never_serves_an_answer_older_than_the_last_publish(db, monkeypatch):
    view = CountingView()
    other_process = LocMemCache("other-process", {})
    monkeypatch.setattr(answers, "cache", other_process)
    get(view)
    monkeypatch.undo()
    answers.invalidate("things")  # in this process; the other process keeps its own memory cache
    monkeypatch.setattr(answers, "cache", other_process)
    assert get(view).content == b"answer 2 in en"


def test_with_redis_the_numbers_are_shared_and_change_after_the_commit(
    db, settings, django_capture_on_commit_callbacks
):
    settings.REDIS_URL = REDIS["default"]["LOCATION"]
    settings.CACHES = REDIS
    cache.clear()
    view = CountingView()
    get(view)
    assert get(view).content == b"answer 1 in en"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answers.invalidate("things")
    # Until the commit, Redis still holds the old number (readers see the old content too).
    assert get(view).content == b"answer 1 in en"
    for callback in callbacks:
        callback()
    assert get(view).content == b"answer 2 in en"
    cache.clear()


def test_a_scheduled_publication_reaches_cached_pages_without_a_save(client, draft_article, monkeypatch):
    go_live = timezone.now() + datetime.timedelta(minutes=10)
    article_publish(article=draft_article, at=go_live, skip_review=True)
    url = reverse("articles:list")
    assert draft_article.title_en not in client.get(url).content.decode()
    later = go_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert draft_article.title_en in client.get(url).content.decode()


def test_a_scheduled_publication_reaches_the_cached_api_list(client, draft_article, monkeypatch):
    go_live = timezone.now() + datetime.timedelta(minutes=10)
    article_publish(article=draft_article, at=go_live, skip_review=True)
    assert client.get("/api/v1/articles/").json()["count"] == 0
    later = go_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert client.get("/api/v1/articles/").json()["count"] == 1


def test_the_local_cache_takes_the_project_s_keys_without_checking_them_for_memcached(recwarn):
    from backhealth.cache_backends import LocalMemoryCache

    local = LocalMemoryCache("keys", {})
    key = "scope:article-link:1 " * 20  # longer than memcached's 250 characters, with spaces
    local.set(key, 1)
    assert local.get(key) == 1
    assert not recwarn.list
