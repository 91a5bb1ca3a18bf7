"""Two people saving the same article: a three-way merge per form field.

Every field of the article's forms carries the value its editor started from (Django's hidden
initial). At save time each field compares three values: that start, what the editor sends, and
what the database holds now. A field only the other person changed keeps their text; a field only
this editor changed takes theirs; a field both changed to different texts is a conflict, which
names who saved it and when and shows their text beside the editor's own.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from reversion.models import Version

from articles import textformat

NOT_SENT = object()


def started_from(form, name: str):
    """The raw value the editor's form started from, or NOT_SENT where the form did not carry it."""
    bound = form[name]
    if bound.html_initial_name not in form.data:
        return NOT_SENT
    return form._widget_data_value(form.fields[name].hidden_widget(), bound.html_initial_name)


def _differs(form, name: str, stored, sent) -> bool:
    """Whether `sent` (raw form data) differs from `stored` (a value of the model instance)."""
    field = form.fields[name]
    if name.rsplit("_", 1)[0] in getattr(form, "multiline", ()):
        return textformat.normal_lines(str(stored or "")) != textformat.normal_lines(str(sent or ""))
    return field.has_changed(stored, sent)


def last_save(instance) -> tuple[str, str]:
    """Who saved `instance` last and when, from its newest revision."""
    version = Version.objects.get_for_object(instance).select_related("revision__user").first()
    if version is None:
        return gettext("someone"), gettext("a moment ago")
    user = version.revision.user
    name = (user.get_full_name() or user.get_username()) if user else gettext("someone")
    return name, date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")


def merge(form, cleaned: dict) -> list[str]:
    """Keep the other person's changes in `cleaned` and report conflicts as field errors.

    Returns the names of the fields in conflict. Either way the form's data is moved onto what the
    database holds now, so the page shows the merged text and saving again after a conflict is a
    deliberate choice of the editor's own text.
    """
    if form.instance.pk is None:
        return []
    conflicts = []
    data = None
    for name in list(form.fields):
        if form.fields[name].disabled or name not in cleaned:
            continue
        start = started_from(form, name)
        if start is NOT_SENT:
            continue
        bound = form[name]
        current = bound.initial
        if not _differs(form, name, current, start):
            continue
        if data is None:
            data = form.data = form.data.copy()
        shown = form.fields[name].hidden_widget().format_value(current)
        if name not in form.changed_data:
            # Only the other person changed it: their text stays and shows.
            del cleaned[name]
            _set(data, bound.html_name, current)
        elif _differs(form, name, current, bound.data):
            conflicts.append(name)
            who, when = last_save(form.instance)
            form.add_error(
                name,
                gettext(
                    "%(user)s changed this field too and saved on %(date)s. Their text: “%(theirs)s”. "
                    "Yours is below: save again to keep yours, or copy theirs in."
                )
                % {"user": who, "date": when, "theirs": shown if shown is not None else ""},
            )
        _set(data, bound.html_initial_name, current)
    return conflicts


def _set(data, key: str, value) -> None:
    if isinstance(value, list | tuple):
        data.setlist(key, [str(getattr(item, "pk", item)) for item in value])
    else:
        data[key] = "" if value is None else str(value)
