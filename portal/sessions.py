"""Sessions kept in the database and read through the cache (Redis), like Django's cached_db engine, with two
differences:

- Redis away is not an error: sessions are then read from and written to the database alone, so that staff can
  still sign in and work (tests/reliability/test_redis_outage.py). Django's engine raises on some of those paths
  (creating a session key, signing out, filling the cache after a database read).
- A session stays in the cache for at most CACHE_SECONDS, then is read again from the database. A sign-out while
  Redis is away deletes the session from the database but cannot delete its copy in the cache: that copy then
  outlives the sign-out by at most this bound.

Every logged-in page saves one database query this way (the session row).
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

from core.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

CACHE_SECONDS = 5 * 60


class SessionStore(CachedDBStore):
    def _cache_set(self, data: dict, age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, min(age, CACHE_SECONDS))
        except CACHE_ERRORS as error:
            logger.warning("Cache unreachable, session kept in the database only: %s", error)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # as Django's engine: an unreachable cache, or a key it refuses
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_set(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key):
        if session_key:
            try:
                if (self.cache_key_prefix + session_key) in self._cache:
                    return True
            except CACHE_ERRORS:
                pass
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._cache_set(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except CACHE_ERRORS as error:
            logger.warning(
                "Cache unreachable, a deleted session stays cached for at most %ss: %s", CACHE_SECONDS, error
            )
