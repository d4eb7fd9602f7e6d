"""Numbers typed into the 申报书 (总投资, the 附表's KPIs): one parser, bounded before it converts anything.

Full-width digits, points, commas and signs are accepted and stored normalised; NaN, infinity, exponents,
booleans, other scripts' digits and more digits than the bounds allow are refused with a message naming
the field, in the interface language."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Numbers: at most this many digits before and after the decimal point (a 万元 amount up to 10^12).
MAX_INTEGER_DIGITS = 12
MAX_DECIMAL_PLACES = 4
# A typed number longer than this is refused before it is looked at any further.
MAX_NUMBER_TEXT = 40


def normalise_number_text(value: str) -> str:
    """Full-width digits, points, commas and signs (１２，３４５．６, the minus sign −) as ASCII, spaces and thousands
    separators removed: what is stored is the normalised text, never the text as typed."""
    text = unicodedata.normalize("NFKC", value)
    return re.sub(r"[\s,，]", "", text).replace("。", ".").replace("\u2212", "-")  # U+2212 minus sign


def parse_number(value, label: str, *, integer_digits: int = MAX_INTEGER_DIGITS,
                 decimal_places: int = MAX_DECIMAL_PLACES, minimum: Decimal | int | None = None,
                 maximum: Decimal | int | None = None, unit: str = "") -> tuple[Decimal | None, str | None]:
    """(the number, None) for a decimal within its bounds, else (None, a message naming the field).

    Accepts a JSON number or a text (full-width digits too); refuses NaN, infinity, exponents, booleans
    and anything with more digits than the bounds allow — before converting it."""
    unit_hint = _("（单位：%(unit)s）") % {"unit": unit} if unit else ""
    said = {"label": label, "unit": unit_hint, "digits": integer_digits, "places": decimal_places}
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None, _("%(label)s：请填写数字%(unit)s") % said
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, _("%(label)s：请填写有效的数字%(unit)s") % said
        text = repr(value)
    elif isinstance(value, int):
        if abs(value) >= 10 ** integer_digits:
            return None, _("%(label)s：数字过大，整数部分最多 %(digits)s 位") % said
        text = str(value)
    else:
        if len(value) > MAX_NUMBER_TEXT * 2:
            return None, _("%(label)s：数字过长，整数部分最多 %(digits)s 位、小数最多 %(places)s 位") % said
        text = normalise_number_text(value)
    m = re.fullmatch(r"([+-]?)([0-9]+)(?:\.([0-9]+))?", text)
    if not m:
        return None, _("%(label)s：请填写数字%(unit)s，如 12345.67") % said
    whole, fraction = m.group(2).lstrip("0"), (m.group(3) or "").rstrip("0")
    if len(whole) > integer_digits:
        return None, _("%(label)s：数字过大，整数部分最多 %(digits)s 位") % said
    if len(fraction) > decimal_places:
        return None, _("%(label)s：小数最多 %(places)s 位") % said
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("%(label)s：请填写数字%(unit)s") % said
    if minimum is not None and number < minimum:
        return None, _("%(label)s：不能小于 %(minimum)s") % {"label": label, "minimum": minimum}
    if maximum is not None and number > maximum:
        return None, _("%(label)s：不能大于 %(maximum)s") % {"label": label, "maximum": maximum}
    return number, None


def parse_decimal(value) -> Decimal | None:
    """The number in `value`, or None when it is empty or not a number within the bounds (no message)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_number(value, "")[0]
