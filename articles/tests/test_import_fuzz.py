"""Random text into `manage.py import_article`: an import or a CommandError, never a traceback or half an article."""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Section
from articles.tests.test_admin import SMALL_EN
from faq.models import FAQ

LINES = SMALL_EN.splitlines()

any_text = st.text(max_size=300)
# Mostly valid files with one line changed, inserted or dropped: they reach deeper into the importer.
mutated = st.builds(
    lambda index, line, action: "\n".join(
        LINES[:index] + ([line] if action != "drop" else []) + LINES[index + (action != "insert") :]
    ),
    st.integers(0, len(LINES) - 1),
    st.text(max_size=80),
    st.sampled_from(["replace", "insert", "drop"]),
)
raw_bytes = st.binary(max_size=300)


def counts() -> tuple[int, int, int]:
    return Article.objects.count(), Section.objects.count(), FAQ.objects.count()


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(any_text.map(str.encode), mutated.map(str.encode), raw_bytes))
def test_random_text_is_imported_whole_or_refused_with_a_message(content):
    before = counts()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_bytes(content)
        try:
            call_command("import_article", str(path), stdout=io.StringIO())
        except CommandError as error:
            assert str(error)
            assert counts() == before
            return
    articles, sections, faqs = counts()
    assert articles == before[0] + 1
    assert sections > before[1]
    assert faqs > before[2]
