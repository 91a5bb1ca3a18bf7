"""The editorial admin: the article screen (`articles`), its parts (`inlines`), the list's
translation columns and filters (`filters`), its own screens (`views`), publishing (`publishing`) and
the FAQ screen (`faqs`)."""

from articles.admin import articles, faqs  # noqa: F401 (registers the model admins)
