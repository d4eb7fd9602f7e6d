"""The session store: Django's database sessions, with the one read every request makes done by a fixed
statement (see `core.rows`) instead of an ORM query built anew each time, and a new key not looked up
before it is inserted. Rotating the key on log-in
draws the new key without writing it at once: the session is inserted once, with the logged-in data, when the
response is made. Everything else — saving, flushing on log-out, expiry — is Django's."""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        if not key:
            return None
        using = router.db_for_read(self.model)
        connection = connections[using]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "session_data" FROM {table} WHERE "session_key" = %s AND "expire_date" > %s',
                           [key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an unknown or expired key starts a new session
            return None
        return self.model(session_key=key, session_data=row[0])

    def _get_new_session_key(self):
        # Django asks the database whether a random 32-character key is taken before inserting it; the
        # insert itself (`save(must_create=True)`) refuses a taken key and `create` then draws another, so the
        # question is one more statement on every log-in for nothing.
        return get_random_string(32, VALID_KEY_CHARS)

    def cycle_key(self):
        # Django's rotation inserts the new key at once (with the old data) and the middleware then updates
        # that row with the logged-in user: two writes and two transactions on every log-in. Here the key is
        # dropped and `save` (called by the middleware before it sets the cookie) inserts a fresh one, with
        # the final data. The old key is deleted now, as Django does: a fixated key never becomes logged-in.
        data = self._session
        key = self.session_key
        self._session_key = None
        self._session_cache = data
        self.modified = True
        if key:
            self.delete(key)
