"""Has any data a report reads changed since then? A cheap and exact answer, on PostgreSQL.

A report's content is named by its fingerprint, a hash of everything it shows; computing it means reading that
data again (thousands of enrollments at city scale). Most requests come when nothing changed, so this check
answers them first, and the fingerprint decides only when it cannot:

- Triggers on every table the report data is read from (migration 0004) note the id of each transaction that
  writes to them in DataChange, once per transaction. Whoever writes (the portal, the admin, a shell, plain
  SQL) is noted; writers share no lock, as each inserts its own row.
- A report keeps the stamp taken before its data was read: the database snapshot of that moment, the id of the
  transaction that took it if it had one, and the cluster's identifier.
- The data is unchanged since a stamp when no transaction noted in DataChange that can be seen now was unseen
  in the snapshot. The taking transaction's own writes count as changes: they may have come after it.
  A stamp of another cluster (a database restored elsewhere) or older than KEPT_TRANSACTIONS is never trusted.

Elsewhere than PostgreSQL (the embedded SQLite of `make run`) there are no stamps and the fingerprint decides.
"""

from django.db import connection

# DataChange rows older than this many transactions are removed; stamps as old are not trusted any more.
KEPT_TRANSACTIONS = 10_000_000

_STAMP_SQL = """
SELECT (SELECT system_identifier FROM pg_control_system())::text,
       coalesce(pg_current_xact_id_if_assigned()::text, ''),
       pg_current_snapshot()::text
"""

_UNCHANGED_SQL = """
SELECT (SELECT system_identifier FROM pg_control_system())::text = %(cluster)s
   AND pg_snapshot_xmin(%(snapshot)s::pg_snapshot)::text::bigint
       >= pg_snapshot_xmax(pg_current_snapshot())::text::bigint - %(kept)s
   AND NOT EXISTS (
       SELECT 1 FROM reports_datachange
        WHERE txid >= pg_snapshot_xmin(%(snapshot)s::pg_snapshot)::text::bigint
          AND (NOT pg_visible_in_snapshot(txid::text::xid8, %(snapshot)s::pg_snapshot) OR txid = %(taker)s)
   )
"""

_PRUNE_SQL = """
DELETE FROM reports_datachange
 WHERE txid < pg_snapshot_xmax(pg_current_snapshot())::text::bigint - %(kept)s
"""


def _supported() -> bool:
    return connection.vendor == "postgresql"


def current_data_stamp() -> str:
    """The stamp to keep with data about to be read; empty where stamps are not supported."""
    if not _supported():
        return ""
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        cluster, taker, snapshot = cursor.fetchone()
    return f"{cluster}/{taker}/{snapshot}"


def data_unchanged_since(stamp: str) -> bool:
    """True only when no data a report reads can have changed since the stamp was taken."""
    if not (stamp and _supported()):
        return False
    cluster, taker, snapshot = stamp.split("/")
    with connection.cursor() as cursor:
        cursor.execute(
            _UNCHANGED_SQL,
            {
                "cluster": cluster,
                "snapshot": snapshot,
                "taker": int(taker) if taker else None,
                "kept": KEPT_TRANSACTIONS,
            },
        )
        return bool(cursor.fetchone()[0])


def data_changes_prune() -> int:
    """Remove the notes no trusted stamp can need any more. Returns how many were removed."""
    if not _supported():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_PRUNE_SQL, {"kept": KEPT_TRANSACTIONS})
        return cursor.rowcount
