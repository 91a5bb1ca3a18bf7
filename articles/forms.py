"""Admin forms: the text-format rules on every translated field, optimistic locking, imports.

Whatever an editor saves must export and import again unchanged (DESIGN.md "The article text
format"), so each field is checked line by line with the rules of `articles.textformat`.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import merge, services, textformat
from articles.models import SOURCE_LANGUAGE, Article, Section, TriggerRow, TriggerTable
from faq.models import FAQ


def normal_text(value: str) -> str:
    """The text as the format stores it: no blank lines, no spaces at line ends, `\\n` only."""
    return textformat.normal_lines(value)


# Fields whose text is shown as a name of the article or its parts, where reordering characters
# could make it read as something else, and the fields that hold long text.
BIDI_REFUSED = ("title", "slug", "heading", "trigger_heading", "description_heading", "name")
LONG_TEXT = ("intro", "conclusion", "body", "answer")


def character_errors(name: str, value: str) -> list[str]:
    """Why `value`, the text of field `name` (without its language), cannot be stored, if it cannot."""
    errors = []
    for number, line in enumerate(value.split("\n"), 1):
        character = textformat.control_character(line)
        if character is not None:
            errors.append(
                gettext(
                    "Line %(number)s contains a control character (U+%(code)04X); "
                    "only tabs and line breaks are allowed."
                )
                % {"number": number, "code": ord(character)}
            )
            break
    if name in BIDI_REFUSED and (character := textformat.bidi_control(value)) is not None:
        errors.append(
            gettext(
                "This text contains a bidirectional control character (U+%(code)04X), which could make it read "
                "differently from what it says; remove it."
            )
            % {"code": ord(character)}
        )
    if name in LONG_TEXT and len(normal_text(value)) > textformat.TEXT_MAX:
        errors.append(
            gettext("This text has %(length)s characters; at most %(limit)s are allowed.")
            % {"length": len(normal_text(value)), "limit": textformat.TEXT_MAX}
        )
    return errors


def field_base_name(name: str) -> str:
    """`title_es` -> `title`: the model field a translated form field belongs to."""
    base, _separator, language = name.rpartition("_")
    return base if base and language in dict(settings.LANGUAGES) else name


def _marker_error(line: str, number: int | None, bullets_allowed: bool) -> str | None:
    """Why a line would read back as an answer, a bullet or a table row, or None."""
    if line.startswith(textformat.ANSWER_PREFIX):
        if number:
            return gettext("Line %(number)s starts with “+”, which marks a FAQ answer.") % {"number": number}
        return gettext("This text starts with “+”, which marks a FAQ answer.")
    if line.startswith(textformat.BULLET_PREFIX):
        if bullets_allowed:
            return None
        if number:
            return gettext(
                "Line %(number)s starts with “- ”, which marks a bullet; bullets belong in a section's text."
            ) % {"number": number}
        return gettext("This text starts with “- ”, which marks a bullet.")
    if textformat.is_table_line(line):
        if number:
            return gettext("Line %(number)s starts or ends with “|”, which marks a table row.") % {"number": number}
        return gettext("This text starts or ends with “|”, which marks a table row.")
    return None


def check_paragraphs(value: str, bullets_allowed: bool = False) -> None:
    """Every line must read back as a paragraph (or a bullet, in a section's text)."""
    errors = []
    for number, line in enumerate(normal_text(value).split("\n") if value else [], 1):
        error = _marker_error(line, number, bullets_allowed)
        if error is None and not line.startswith(textformat.BULLET_PREFIX) and textformat.is_heading_shaped(line):
            error = gettext(
                "Line %(number)s “%(line)s” would read as a heading: end it with a full stop "
                "or other closing punctuation."
            ) % {"number": number, "line": line}
        if error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)


def check_heading(value: str) -> None:
    error = _marker_error(value, None, bullets_allowed=False)
    if error:
        raise ValidationError(error)
    if not textformat.is_heading_shaped(value):
        raise ValidationError(
            gettext(
                "This heading would read as a paragraph: remove the closing punctuation "
                "(a question mark is fine up to %(limit)s characters)."
            )
            % {"limit": textformat.QUESTION_HEADING_MAX}
        )


def check_line(value: str) -> None:
    """A title or a question: one line that is not a bullet, answer or table line."""
    error = _marker_error(value, None, bullets_allowed=False)
    if error:
        raise ValidationError(error)


def check_cell(value: str) -> None:
    if "|" in value:
        raise ValidationError(gettext("A table cell cannot contain “|”, which separates the cells."))


def check_first_cell(value: str) -> None:
    """The first cell starts its table line, so it cannot start like an answer or a bullet."""
    check_cell(value)
    if textformat.line_kind(textformat.join_cells((value, "x")), None) != "table":
        raise ValidationError(
            gettext("A table's first cell cannot start with “+” or “- ”, which mark answers and bullets.")
        )


def refuse_characters(form: forms.Form, cleaned: dict) -> None:
    """A form error on each text field holding characters no text may hold (character_errors)."""
    for field, value in list(cleaned.items()):
        if isinstance(value, str) and (errors := character_errors(field_base_name(field), value)):
            form.add_error(field, errors)


class TopicForm(forms.ModelForm):
    """A topic's names, slugs and descriptions take the same characters as an article's text."""

    def clean(self):
        cleaned = super().clean()
        refuse_characters(self, cleaned)
        return cleaned


class TextFormatForm(forms.ModelForm):
    """Applies `rules` (field name -> check) to that field in every language, and normalises text."""

    rules: dict = {}
    multiline = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each field carries the value the editor started from, for the merge of two saves.
        for name, field in self.fields.items():
            if name != "expected_version":
                field.show_hidden_initial = True

    @cached_property
    def changed_data(self):
        # Browsers send CRLF line ends and trailing spaces; a text that normalises to the stored
        # one is unchanged, or every save would count as a new translation in every language.
        return [name for name in super().changed_data if not self.same_text(name)]

    def same_text(self, name: str) -> bool:
        if name.rsplit("_", 1)[0] not in self.multiline:
            return False
        field = self[name]
        start = merge.started_from(self, name)
        start = field.initial if start is merge.NOT_SENT else start
        return normal_text(str(start or "")) == normal_text(str(field.data or ""))

    def clean(self):
        cleaned = super().clean()
        refuse_characters(self, cleaned)
        for name in {*self.rules, *self.multiline}:
            check = self.rules.get(name)
            for language in dict(settings.LANGUAGES):
                field = f"{name}_{language}"
                value = cleaned.get(field)
                if not value:
                    continue
                if name in self.multiline:
                    value = cleaned[field] = normal_text(value)
                if check is None:
                    continue
                try:
                    check(value)
                except ValidationError as error:
                    self.add_error(field, error)
        self.conflicts = merge.merge(self, cleaned)
        return cleaned

    @property
    def can_merge(self) -> bool:
        """Whether the editor's form said what each field started from (every admin page does)."""
        return any(merge.started_from(self, name) is not merge.NOT_SENT for name in self.fields)


class ArticleForm(TextFormatForm):
    rules = {"title": check_line, "intro": check_paragraphs, "conclusion": check_paragraphs}
    multiline = ("intro", "conclusion")

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the admin while a revision is shown: the version in the database before the revert.
    version_floor: int | None = None

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "intro",
            "conclusion",
            "topics",
            "last_reviewed",
            "next_review_due",
            "reviewed_by",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.current_version()

    def current_version(self) -> int:
        if self.version_floor is not None:
            return self.version_floor
        return self.instance.version if self.instance.pk else 0

    def clean(self):
        cleaned = super().clean()
        for language in dict(settings.LANGUAGES):
            title, slug = cleaned.get(f"title_{language}"), f"slug_{language}"
            if title and not cleaned.get(slug) and slug not in self.errors:
                cleaned[slug] = services.article_slug(title) or None
        if self.instance.pk:
            self.check_version(cleaned.get("expected_version"))
        return cleaned

    def check_version(self, expected: int | None) -> None:
        if self.version_floor is None:
            # Lock the row until the save commits, so two saves cannot both pass this check.
            current = Article.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True)
            current = current.first() or 0
        else:
            current = self.version_floor
        if expected == current:
            return
        if self.version_floor is None and self.can_merge:
            # Someone saved since: their fields were kept field by field (merge.merge) and only
            # a field both changed stops the save.
            return
        # The editor's text stays in the form; saving again now replaces the other editor's save on purpose.
        self.data = self.data.copy()
        self.data[self.add_prefix("expected_version")] = current
        raise ValidationError(
            gettext(
                "Someone else saved this article while you were editing it. Nothing of yours was saved "
                "and your text is still below: open the article in another tab to compare, then save "
                "again to replace their changes with yours."
            ),
            code="stale",
        )


class SectionForm(TextFormatForm):
    rules = {"heading": check_heading, "body": lambda value: check_paragraphs(value, bullets_allowed=True)}
    multiline = ("body",)

    class Meta:
        model = Section
        widgets = {"order": forms.HiddenInput}
        fields = ["heading", "body", "aspect", "order"]


class TriggerTableForm(TextFormatForm):
    rules = {"trigger_heading": check_first_cell, "description_heading": check_cell}

    class Meta:
        model = TriggerTable
        fields = ["caption", "trigger_heading", "description_heading"]


class TriggerRowForm(TextFormatForm):
    rules = {"trigger": check_first_cell, "description": check_cell}

    class Meta:
        model = TriggerRow
        widgets = {"order": forms.HiddenInput}
        fields = ["trigger", "description", "order"]

    def clean(self):
        cleaned = super().clean()
        # A translated row needs both cells wherever the English row has text: a half-translated
        # row cannot be exported as a table row.
        for language in dict(settings.LANGUAGES):
            if language == SOURCE_LANGUAGE:
                continue
            cells = [f"trigger_{language}", f"description_{language}"]
            if not any(cleaned.get(cell) for cell in cells):
                continue
            for cell in cells:
                english = cleaned.get(cell.rsplit("_", 1)[0] + f"_{SOURCE_LANGUAGE}")
                if english and not cleaned.get(cell) and cell not in self.errors:
                    self.add_error(
                        cell,
                        gettext("This cell is empty but the English row has text: translate it too."),
                    )
        return cleaned


class FAQForm(TextFormatForm):
    # Answer lines get a `+` in front when exported, so any text reads back; they are only normalised.
    rules = {"question": check_line}
    multiline = ("answer",)

    class Meta:
        model = FAQ
        widgets = {"order": forms.HiddenInput}
        fields = ["question", "answer", "order"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Article text file"),
        required=False,
        help_text=_("A UTF-8 text file in the article format; a name like back-spasms.es.txt says its language."),
    )
    language = forms.ChoiceField(label=_("Language of the file"), required=False)
    publish = forms.BooleanField(label=_("Publish now"), required=False)
    # After a preview: the text shown, so that what is imported is what was previewed.
    content = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, article=None, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        if article is None:
            self.fields["language"].choices = [(SOURCE_LANGUAGE, dict(settings.LANGUAGES)[SOURCE_LANGUAGE])]
            self.fields["language"].initial = SOURCE_LANGUAGE
        else:
            self.fields["language"].choices = [("", _("From the file name")), *settings.LANGUAGES]
        # With clinical review on, a new import is a change no reviewer has approved yet.
        if article is not None or not can_publish or settings.REVIEW_REQUIRED:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        self.upload_name = upload.name
        try:
            return textformat.decode(upload.read())
        except textformat.TextFormatError as error:
            raise ValidationError(str(error)) from None

    def clean_filename(self):
        # A file sent now names itself (clean_file); a confirmed preview carries the name it had.
        return getattr(self, "upload_name", None) or self.cleaned_data.get("filename", "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") is None:
            if not cleaned.get("content"):
                if "file" not in self.errors:
                    self.add_error("file", gettext("Choose a text file to import."))
                return cleaned
            cleaned["file"] = cleaned["content"]
        return cleaned
