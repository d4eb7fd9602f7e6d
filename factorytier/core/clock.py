"""One clock for the whole platform.

Every deadline decision asks `now()`, never `timezone.now()` directly, so tests can set the
clock to an exact second (`frozen_at(...)`) and prove behaviour at 23:59:59 and 00:00:00.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else timezone.now()


def set_now(moment: datetime | None) -> None:
    """Freeze the clock at `moment` (aware), or unfreeze it with None."""
    global _frozen
    if moment is not None and timezone.is_naive(moment):
        raise ValueError("the platform clock only takes aware datetimes")
    _frozen = moment


@contextlib.contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    previous = _frozen
    set_now(moment)
    try:
        yield
    finally:
        set_now(previous)


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def is_before_deadline(deadline: datetime | None, moment: datetime | None = None) -> bool:
    """A stage is open up to and including the deadline's second.

    Deadlines are stored to the second (e.g. 2025-07-11 23:59:59 Asia/Shanghai), so the
    sub-second part of the current instant is dropped before comparing: 23:59:59.999 is still
    on time, 00:00:00.000 of the next day is not.
    """
    if deadline is None:
        return True
    moment = moment or now()
    return moment.replace(microsecond=0) <= deadline
