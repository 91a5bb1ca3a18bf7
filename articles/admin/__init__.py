"""The editorial admin: the article screen (`articles`), its parts (`inlines`), the list's
translation columns and filters (`filters`), its own screens (`views`) and publishing (`publishing`)."""

from articles.admin import articles  # noqa: F401 (registers the model admins)
