"""Every public page in every language: no English interface text on the non-English ones."""

import re
from html.parser import HTMLParser

import pytest
from django.utils.translation import trans_real

from articles.models import Article, Topic
from articles.pages import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]

TRANSLATED = ("es", "fr", "de", "ar")
# Attributes that a reader sees or hears.
SPOKEN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|<[^>]+>")


VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}


class Texts(HTMLParser):
    """The text a reader meets in the page's language: text nodes and spoken attributes.

    Scripts are left out, and so is text marked as another language (`lang="en"` on a language's
    own name in the switcher, or on an article not yet translated).
    """

    def __init__(self, html, language):
        super().__init__()
        self.language, self.texts, self._open = language, [], []
        self.feed(html)

    def _outside(self) -> bool:
        return not any(skipped for _tag, skipped in self._open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        foreign = tag in ("script", "style") or attrs.get("lang", self.language) != self.language
        if tag == "html":
            foreign = False
        if tag not in VOID:
            self._open.append((tag, foreign))
        if self._outside() and not foreign:
            self.texts += [attrs[name].strip() for name in SPOKEN_ATTRIBUTES if attrs.get(name)]
            if tag == "meta" and attrs.get("name") == "description":
                self.texts.append(attrs["content"])

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._outside() and data.strip():
            self.texts.append(" ".join(data.split()))


def english_interface_strings(language: str) -> list[str]:
    """Our English msgids whose translation differs, reduced to the fixed text around placeholders."""
    catalog = trans_real.translation(language)._catalog
    strings = set()
    for msgid, translated in catalog.items():
        if isinstance(msgid, tuple):
            msgid = msgid[0]
        if not isinstance(msgid, str) or not msgid or msgid == translated or "\x04" in msgid:
            continue
        for piece in PLACEHOLDER.split(msgid):
            piece = piece.strip(" “”.")
            if len(piece) >= 4:
                strings.add(piece)
    return sorted(strings)


def public_pages(language: str) -> list[str]:
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    topic = Topic.objects.get(slug_en="nerve-pain")
    return [
        url_in(language, "articles:home"),
        url_in(language, "articles:list"),
        url_in(language, "articles:detail", slug=getattr(sciatica, f"slug_{language}")),
        url_in(language, "articles:topic", slug=getattr(topic, f"slug_{language}")),
        url_in(language, "faq:list"),
        url_in(language, "articles:search") + "?q=xylophone",
        url_in(language, "articles:search") + "?q=" + sciatica.title_en.split()[0][:-1],
        f"/{language}/no-such-page/",
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_interface_text_on_any_page(client, db, language):
    english = english_interface_strings(language)
    assert len(english) > 50  # the catalog is really there
    for url in public_pages(language):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        texts = Texts(response.content.decode(), language).texts
        leftovers = [
            string for string in english for text in texts if string == text or (len(string) > 15 and string in text)
        ]
        assert leftovers == [], f"{url}: {leftovers}"


@pytest.mark.parametrize("language", ["en", *TRANSLATED])
def test_every_page_answers_in_its_language(client, db, language):
    for url in public_pages(language):
        response = client.get(url)
        assert f'<html lang="{language}"' in response.content.decode(), url


@pytest.mark.parametrize(
    ("language", "word"), [("en", "/articles/"), ("es", "/articulos/"), ("fr", "/articles/"), ("de", "/artikel/")]
)
def test_url_words_are_translated(db, language, word):
    assert url_in(language, "articles:list") == f"/{language}{word}"


def test_arabic_url_words_are_arabic_and_resolve(client, db):
    url = url_in("ar", "articles:list")
    assert url == "/ar/%D9%85%D9%82%D8%A7%D9%84%D8%A7%D8%AA/"  # /ar/مقالات/
    assert client.get(url).status_code == 200


def test_english_url_word_under_another_language_redirects_to_its_own(client, db):
    response = client.get("/de/articles/")
    assert (response.status_code, response["Location"]) == (301, "/de/artikel/")
