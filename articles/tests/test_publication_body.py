"""A publication's page body is rendered once, when it is published, and served as stored."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles import services
from articles.publishing.body import body_format, render_body
from articles.publishing.models import Publication
from articles.tests.factories import article_text, make_article, publish_now, translated
from backhealth.languages import url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return make_article("Lower back pain", languages=("es", "ar"))


def page(client, publication: Publication) -> str:
    return client.get(publication.get_absolute_url()).content.decode()


def test_publishing_stores_each_languages_body_in_that_language(published):
    bodies = {p.language: p for p in Publication.objects.live().filter(article=published)}
    assert "<h1>[es] Lower back pain</h1>" in bodies["es"].body_html
    assert "Preguntas y respuestas" in bodies["es"].body_html
    assert "<h1>Lower back pain</h1>" in bodies["fr"].body_html
    # French is not translated: its page shows the English body, marked as English.
    assert 'lang="en" dir="ltr"' in bodies["fr"].body_html
    assert all(p.body_format == body_format() for p in bodies.values())


def test_the_page_serves_the_stored_body_without_rendering_it(published, client):
    publication = Publication.objects.live().get(article=published, language="en")
    Publication.objects.filter(pk=publication.pk).update(body_html='<article class="article"><h1>Stored</h1></article>')
    assert "<h1>Stored</h1>" in page(client, publication)


def test_a_body_an_older_template_rendered_is_rendered_afresh(published, client):
    publication = Publication.objects.live().get(article=published, language="en")
    Publication.objects.filter(pk=publication.pk).update(body_html="<article>Old shape</article>", body_format="older")
    shown = page(client, publication)
    assert "Old shape" not in shown
    assert "<h1>Lower back pain</h1>" in shown


def test_render_publications_stores_fresh_bodies_for_what_readers_can_see(published):
    live = Publication.objects.live().filter(article=published)
    live.update(body_html="", body_format="older")
    publish_now(services.article_import(text=article_text("Lower back pain, again"), article=published))
    closed = Publication.objects.filter(article=published, live_until__isnull=False)
    closed.update(body_format="older")
    out = StringIO()
    call_command("render_publications", stdout=out)
    assert out.getvalue().strip() == "rendered 0 publication bodies"

    Publication.objects.live().filter(article=published).update(body_html="", body_format="older")
    call_command("render_publications", stdout=out)
    assert "rendered 5 publication bodies" in out.getvalue()
    for publication in Publication.objects.live().filter(article=published):
        assert publication.body_format == body_format()
        assert publication.body_html == render_body(publication)
    # What readers no longer see keeps what it had: history is not rewritten.
    assert set(
        Publication.objects.filter(article=published, live_until__isnull=False).values_list("body_format", flat=True)
    ) == {"older"}


def test_the_body_escapes_what_editors_wrote(client):
    text = article_text("Odd characters").replace("A second intro paragraph.", "Lifting <b>heavy</b> & more.")
    article = publish_now(services.article_import(text=text))
    publication = Publication.objects.live().get(article=article, language="en")
    assert "Lifting &lt;b&gt;heavy&lt;/b&gt; &amp; more." in publication.body_html
    assert "Lifting &lt;b&gt;heavy&lt;/b&gt; &amp; more." in page(client, publication)


def test_a_preview_renders_the_working_copy_body(published, client, django_user_model):
    changed = services.article_import(
        text=translated(article_text("Lower back pain"), "es").replace(
            "[es] Lower back pain", "[es] Dolor lumbar nuevo", 1
        ),
        language="es",
        article=published,
    )
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))
    shown = client.get(url_in("es", "articles:preview", pk=changed.pk)).content.decode()
    assert "<h1>[es] Dolor lumbar nuevo</h1>" in shown
