"""Texts of notices and e-mails, worded when they are sent, in each recipient's language.

A caller of `notify` does not word its notice: it hands over the translatable message and its data, and
`notify` words it once per language among the recipients (under `translation.override`). Data (enterprise
names, reasons typed by officers) is put in as entered; whatever the platform words itself (states, tiers,
dates) is worded in the recipient's language too:

    Text(_("%(application)s：培育期 %(start)s 至 %(end)s。"), application=app, start=Day(d1), end=Day(d2))

A parameter may be plain data (put in as `str()` gives it at the moment of wording: a model instance whose
`__str__` names a tier names it in the recipient's language), a lazy translation, another Text, a Day, or a
callable (called at the moment of wording, e.g. `lambda: gettext(state_label(app, state))`).
"""

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy


def language_of(user) -> str:
    """The language a user's notices and mails are worded in: English if they chose it, else Chinese."""
    chosen = getattr(user, "language", "") or ""
    return "en" if chosen.startswith("en") else settings.LANGUAGE_CODE


def english() -> bool:
    return (translation.get_language() or "").startswith("en")


def word(value) -> str:
    """The text of a value in the active language."""
    if value is None:
        return ""
    if isinstance(value, (Text, Lines, Day)):
        return value.word()
    if callable(value):
        return word(value())
    return str(value)


class Text:
    def __init__(self, message, **params):
        self.message, self.params = message, params

    def word(self) -> str:
        if not self.params:
            return str(self.message)
        # `message % params` directly: an ngettext_lazy picks its plural form from the params.
        # Numbers stay numbers, for the plural form's sake.
        return str(self.message % {key: value if isinstance(value, int) else word(value)
                                   for key, value in self.params.items()})

    def __str__(self) -> str:
        return self.word()

    def __repr__(self) -> str:
        return f"Text({self.message!r})"


class Lines:
    """Texts one under another; empty ones are left out (e.g. a reason line when there is no reason)."""

    def __init__(self, *parts):
        self.parts = parts

    def word(self) -> str:
        return "\n".join(text for text in (word(p) for p in self.parts) if text)

    def __str__(self) -> str:
        return self.word()


class Day:
    """A date as the recipient reads it: 2025-07-01 (long: 2025年07月01日) in Chinese, 1 Jul 2025 (long:
    1 July 2025) in English."""

    def __init__(self, date: dt.date, long: bool = False):
        self.date, self.long = date, long

    def word(self) -> str:
        if english():
            return date_format(self.date, "j F Y" if self.long else "j M Y")
        return self.date.strftime("%Y年%m月%d日" if self.long else "%Y-%m-%d")

    def __str__(self) -> str:
        return self.word()


def application_text(application) -> Text:
    """An application as notices name it: its enterprise (data) and its tier (worded): 某某公司·领航级."""
    return Text(gettext_lazy("%(enterprise)s·%(tier)s"), enterprise=application.enterprise.name,
                tier=application.get_tier_display)
