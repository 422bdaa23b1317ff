"""A throwaway PostgreSQL database on the server of DATABASE_URL, dropped when the run ends (also on failure)."""

import os
import uuid
from urllib.parse import quote

from django.core.management.base import CommandError
from django.db import connections

ALIAS = "default"


class ThrowawayDatabase:
    """Creates `bench_<random>` beside the configured database and points the default connection at it."""

    def __init__(self, name: str | None = None):
        self.name = name or f"bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self._original_name: str | None = None

    @property
    def connection(self):
        return connections[ALIAS]

    def __enter__(self) -> "ThrowawayDatabase":
        if self.connection.vendor != "postgresql":
            raise CommandError(
                "manage.py bench cần PostgreSQL: hãy đặt DATABASE_URL=postgres://… (SQLite không dùng để đo hiệu năng)."
            )
        self._execute(f'CREATE DATABASE "{self.name}"')
        connections.close_all()
        self._original_name = self.connection.settings_dict["NAME"]
        self.connection.settings_dict["NAME"] = self.name
        return self

    def __exit__(self, *exc_info) -> None:
        connections.close_all()
        self.connection.settings_dict["NAME"] = self._original_name
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _execute(self, sql: str) -> None:
        # CREATE/DROP DATABASE cannot run in a transaction: Django's maintenance connection is autocommit.
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(sql)

    def url(self) -> str:
        """DATABASE_URL of the throwaway database, for the processes the bench starts."""
        s = self.connection.settings_dict
        credentials = quote(s.get("USER") or "", safe="")
        if s.get("PASSWORD"):
            credentials += ":" + quote(s["PASSWORD"], safe="")
        host = s.get("HOST") or "127.0.0.1"
        port = f":{s['PORT']}" if s.get("PORT") else ""
        return f"postgres://{credentials}@{host}{port}/{self.name}"
