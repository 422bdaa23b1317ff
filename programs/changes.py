"""Which programme's data changed: recorded by the database itself, the one record of change that the program
pages kept in the cache (programs.caching) and the report stamps (reports.datastamp) both read.

- Every table a program page or a report reads carries statement triggers (AFTER INSERT, UPDATE and DELETE with
  their transition tables, and AFTER TRUNCATE), installed by the migrations of the app that owns the table
  (`watch_table_sql`). They map the rows a statement wrote or removed to programme ids (directly, through a
  task group, an indicator, a round, an enrollment...) and give each of those programmes a new version, the
  next value of the sequence programs_data_version: never handed out twice, not even after a rollback. A
  TRUNCATE, whose rows are not at hand, renews every programme. Whoever writes (a service, the admin, a shell,
  plain SQL, a restore of rows) is recorded, and nobody has to remember to renew anything.
- A programme's version row (ProgramDataVersion) is written under its row lock, kept until the writer commits
  or rolls back, and the new value is taken once the lock is held: a programme's versions grow in commit order,
  and a version names one state of that programme's data. What was computed from the data as of a version stays
  right while that version is current, and a version a rolled-back transaction saw is never current again.
- One statement locks its programmes' rows in programme-id order. Transactions that write to several
  programmes in different orders over several statements can still deadlock: PostgreSQL then aborts one of them
  (an error its writer may retry). That is the price of exact versions: writers to the same programme wait for
  each other from the first write to the commit (the portal's writes are short; a long script writing to a
  programme makes the others wait for it), while writers to different programmes never meet.
- Versions compare only within one database lifetime: a database restored from a dump gets its sequence back as
  it was at the dump and hands the same numbers out again. `database_identity` (the cluster, the database and
  the version table, all new for a database created or restored anew) is part of every version read here.
- A version is read in one query before the data it stands for: a write committed in between makes what is
  computed newer than its version, never older.

Elsewhere than PostgreSQL (the embedded SQLite of `make run`) nothing is recorded: the functions return None.
"""

from django.db import connection
from django.db.models import CharField, QuerySet, Value
from django.db.models.expressions import RawSQL

VERSION_TABLE = "programs_programdataversion"
SEQUENCE = "programs_data_version"

_IDENTITY = f"""
concat_ws('.', (SELECT system_identifier FROM pg_control_system()),
               (SELECT oid FROM pg_database WHERE datname = current_database()),
               '{VERSION_TABLE}'::regclass::oid)
"""

_PROGRAM_SQL = f"SELECT {_IDENTITY}, (SELECT version FROM {VERSION_TABLE} WHERE program_id = %s)"

# The database's identity, whether every programme has a version, and the digest of every programme joined to
# its version: a programme added, removed or changed makes a new digest.
ALL_PROGRAMS_SQL = f"""
SELECT {_IDENTITY},
       bool_and(v.version IS NOT NULL),
       md5(coalesce(string_agg(p.id || ':' || v.version, ',' ORDER BY p.id), ''))
  FROM programs_program p LEFT JOIN {VERSION_TABLE} v ON v.program_id = p.id
"""


def supported() -> bool:
    return connection.vendor == "postgresql"


def program_data_version(program_id: int) -> str | None:
    """The current version of one programme's data; None where none is recorded."""
    if not supported():
        return None
    with connection.cursor() as cursor:
        cursor.execute(_PROGRAM_SQL, [program_id])
        identity, version = cursor.fetchone()
    return None if version is None else f"{identity}/{program_id}/{version}"


def with_data_version(programs: QuerySet) -> QuerySet:
    """Programme rows that carry their data version as `data_version`, read in the same query as the row (the
    same value as program_data_version; None where none is recorded)."""
    if not supported():
        return programs.annotate(data_version=Value(None, output_field=CharField()))
    table = programs.model._meta.db_table
    version = RawSQL(
        f"SELECT {_IDENTITY} || '/' || v.program_id || '/' || v.version FROM {VERSION_TABLE} v"
        f' WHERE v.program_id = "{table}"."id"',
        [],
        output_field=CharField(),
    )
    return programs.annotate(data_version=version)


def all_programs_data_version() -> str | None:
    """The current version of every programme's data at once; None where none is recorded."""
    if not supported():
        return None
    with connection.cursor() as cursor:
        cursor.execute(ALL_PROGRAMS_SQL)
        identity, complete, digest = cursor.fetchone()
    return None if complete is False else f"{identity}/*/{digest}"


def data_version(program_id: int | None) -> str | None:
    """One programme's version, or every programme's (None)."""
    return all_programs_data_version() if program_id is None else program_data_version(program_id)


# Installed by programs' migration 0005: renew the versions of these programmes (in id order), of every one.
FUNCTIONS_SQL = f"""
CREATE SEQUENCE {SEQUENCE};

CREATE FUNCTION programs_data_changed(program_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO {VERSION_TABLE} AS v (program_id, version)
    SELECT id, nextval('{SEQUENCE}')
      FROM (SELECT DISTINCT id FROM unnest(program_ids) AS id WHERE id IS NOT NULL ORDER BY id) AS ids
    ON CONFLICT (program_id) DO UPDATE SET version = nextval('{SEQUENCE}')
$$;

CREATE FUNCTION programs_every_data_changed() RETURNS void LANGUAGE sql AS $$
    SELECT programs_data_changed(ARRAY(SELECT id FROM programs_program UNION SELECT program_id FROM {VERSION_TABLE}))
$$;

SELECT programs_every_data_changed();
"""

FUNCTIONS_REMOVE_SQL = f"""
DROP FUNCTION IF EXISTS programs_every_data_changed();
DROP FUNCTION IF EXISTS programs_data_changed(bigint[]);
DROP SEQUENCE IF EXISTS {SEQUENCE};
"""

TRIGGER = "programs_data_changed"


def watch_table_sql(table: str, program_ids: str) -> tuple[str, str]:
    """SQL installing, and removing, the triggers that renew the programmes a write to `table` touches.

    `program_ids` selects programme ids from `{rows}`, the rows a statement wrote or removed, e.g.
    "SELECT r.program_id FROM {rows} r".
    """

    def ids(rows: str) -> str:
        return program_ids.format(rows=rows)

    function = f"{TRIGGER}_{table}"
    install = f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM programs_every_data_changed();
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM programs_data_changed(ARRAY({ids("new_rows")}));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM programs_data_changed(ARRAY({ids("new_rows")} UNION {ids("old_rows")}));
    ELSE
        PERFORM programs_data_changed(ARRAY({ids("old_rows")}));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER {TRIGGER}_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {TRIGGER}_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {TRIGGER}_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""
    remove = f"""
DROP TRIGGER IF EXISTS {TRIGGER}_insert ON {table};
DROP TRIGGER IF EXISTS {TRIGGER}_update ON {table};
DROP TRIGGER IF EXISTS {TRIGGER}_delete ON {table};
DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON {table};
DROP FUNCTION IF EXISTS {function}();
"""
    return install, remove


def postgresql_only(sql: str):
    """A migration step running `sql` on PostgreSQL only (nothing is recorded elsewhere)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run
