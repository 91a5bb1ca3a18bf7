"""The editorial admin: the article screen (`articles`), its parts (`inlines`), the list's
translation columns and filters (`filters`), its own screens (`views`), publishing (`publishing`),
the FAQ screen (`faqs`) and who may change what (`roles`)."""

from articles.admin import articles, faqs, roles  # noqa: F401 (registers the model admins)
