"""JSON columns written as UTF-8 text, not `\\u` escapes.

Django's JSONField encodes with `json.dumps` defaults, which escape every Chinese character as six ASCII
bytes: a 55 KB 申报书 became 106 KB of text on every save, which PostgreSQL then had to parse back
(the jsonb input of the escaped text cost about twice as much) and SQLite stored as is. The value read
back is identical either way."""

from __future__ import annotations

import json


class UnicodeJSONEncoder(json.JSONEncoder):
    """`json.JSONEncoder` that never escapes non-ASCII characters (for `JSONField(encoder=…)`)."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
