"""A copy of every row of the test database, put back in one transaction in well under a second.

The journeys need the demo data that `seed_demo` makes, which takes many seconds; a journey changes it. So the
session seeds once and keeps a copy of each table in a schema of its own, then puts back the rows the tables had
before (whatever the tests before left); each journey starts by getting the demo rows back. Deleting and
inserting a few thousand rows is much quicker than Django's row-by-row test deserialization (what
`serialized_rollback` does).

PostgreSQL only: foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY DEFERRED), generated
columns are left out of the copy, and the sequences are moved past the restored ids.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from programs.models import ProgramDataVersion


class TableSnapshot:
    def __init__(self, name: str):
        self.name = f"journeys_{name}"
        self.schema = connection.ops.quote_name(self.name)
        self.columns: dict[str, str] = {}

    def left_behind(self) -> bool:
        """Load a copy an earlier session took and did not drop (it stopped half-way, so its journey's rows may
        still be in the tables); False if there is none."""
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s "
                "ORDER BY table_name, ordinal_position",
                [self.name],
            )
            columns: dict[str, list[str]] = {}
            for table, column in cursor.fetchall():
                columns.setdefault(table, []).append(qn(column))
        columns.pop(ProgramDataVersion._meta.db_table, None)  # as in take()
        self.columns = {table: ", ".join(names) for table, names in columns.items()}
        return bool(self.columns)

    def take(self) -> "TableSnapshot":
        qn = connection.ops.quote_name
        tables = sorted(
            set(connection.introspection.django_table_names(only_existing=True, include_views=False))
            # Left out: the triggers of the rows deleted and put back renew every programme's version themselves.
            - {ProgramDataVersion._meta.db_table}
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY ordinal_position"
            )
            columns: dict[str, list[str]] = {}
            for table, column in cursor.fetchall():
                columns.setdefault(table, []).append(qn(column))
            self.columns = {table: ", ".join(columns[table]) for table in tables}
            for table, names in self.columns.items():
                cursor.execute(f"CREATE TABLE {self.schema}.{qn(table)} AS SELECT {names} FROM {qn(table)}")
        return self

    def restore(self) -> None:
        qn = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in self.columns:
                cursor.execute(f"DELETE FROM {qn(table)}")
            for table, names in self.columns.items():
                cursor.execute(f"INSERT INTO {qn(table)} ({names}) SELECT {names} FROM {self.schema}.{qn(table)}")
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(sql)

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
