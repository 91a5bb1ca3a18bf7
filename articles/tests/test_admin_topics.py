"""A topic's names and descriptions are refused with a form error when they hold characters no
text may hold, as an article's are; nothing is saved."""

import pytest
from django.urls import reverse

from articles.models import Topic
from articles.tests.test_admin import signed_in

pytestmark = pytest.mark.django_db


def topic_form(**fields) -> dict:
    data = {f"{name}_{code}": "" for name in ("name", "slug", "description") for code in ("en", "es", "fr", "de", "ar")}
    data.update(name_en="Nerve pain", slug_en="nerve-pain", description_en="Sciatica and trapped nerves.")
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_en", "Nerve\x00pain", "Null characters are not allowed"),
        ("name_en", "Nerve\x1bpain", "control character (U+001B)"),
        ("description_es", "Ciática\x07 y nervios.", "control character (U+0007)"),
        ("name_ar", "ألم\u202eالأعصاب", "bidirectional control character (U+202E)"),
    ],
)
def test_a_topic_with_a_forbidden_character_is_refused(client, field, value, message):
    editor = signed_in(client, "Editor")
    response = editor.post(reverse("admin:articles_topic_add"), topic_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Topic.objects.filter(slug_en="nerve-pain").exists()


def test_a_plain_topic_is_saved(client):
    editor = signed_in(client, "Editor")
    response = editor.post(reverse("admin:articles_topic_add"), topic_form(name_es="Dolor de nervios"))
    assert response.status_code == 302
    assert Topic.objects.get(slug_en="nerve-pain").name_es == "Dolor de nervios"
