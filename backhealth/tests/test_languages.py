"""Paths in another language: worked out once per name, language and arguments, never stale."""

from django.urls import reverse, set_script_prefix
from django.utils import translation

from backhealth.languages import url_in


def test_url_in_gives_the_path_in_that_language():
    assert url_in("en", "articles:detail", slug="back-spasms") == "/en/articles/back-spasms/"
    assert url_in("es", "articles:detail", slug="back-spasms") == "/es/articulos/back-spasms/"
    assert url_in("en", "articles:detail", slug="back-spasms") == "/en/articles/back-spasms/"


def test_url_in_quotes_what_a_path_cannot_hold_as_reverse_does():
    with translation.override("ar"):
        expected = reverse("articles:detail", kwargs={"slug": "ظهر"})
    assert url_in("ar", "articles:detail", slug="ظهر") == expected
    assert expected.endswith("/%D8%B8%D9%87%D8%B1/")


def test_url_in_follows_the_script_prefix():
    try:
        set_script_prefix("/site/")
        assert url_in("en", "articles:home") == "/site/en/"
    finally:
        set_script_prefix("/")
    assert url_in("en", "articles:home") == "/en/"
