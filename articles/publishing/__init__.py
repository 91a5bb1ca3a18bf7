"""Publishing: the working copy becomes one immutable publication per language.

`models` holds the publications and the change events, `document` builds what a publication
shows from the working copy (and decides the language each publication is served in), and
`services` publishes, schedules and unpublishes. Every public surface reads publications only.
"""
