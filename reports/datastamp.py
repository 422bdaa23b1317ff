"""Has any data a report reads changed since then? A cheap and exact answer, on PostgreSQL.

A report's content is named by its fingerprint, a hash of everything it shows; computing it means reading that
data again (thousands of enrollments at city scale). Most requests come when nothing changed, so this check
answers them first, and the fingerprint decides only when it cannot:

- A report keeps as its stamp the data version of its programme (of every programme for a summary), read
  before its data (programs.changes): the database's triggers renew it on every write to that programme's data,
  whoever writes (the portal, the admin, a shell, plain SQL). A write to another programme leaves it as it is.
- The data is unchanged since a stamp while the stamp is still the current version. A write by the transaction
  that took the stamp, after it, renews the version too. A stamp of another database (one restored elsewhere, or
  anew) never matches: the database's identity is part of it.

Elsewhere than PostgreSQL (the embedded SQLite of `make run`) there are no stamps and the fingerprint decides.
"""

from programs.changes import data_version


def current_data_stamp(program_id: int | None) -> str:
    """The stamp to keep with a report's data about to be read (None: every programme); empty where stamps are
    not supported."""
    return data_version(program_id) or ""


def data_unchanged_since(stamp: str) -> bool:
    """True only when no data a report with this stamp reads can have changed since the stamp was taken."""
    _identity, _, rest = stamp.partition("/")
    program, _, _version = rest.partition("/")
    if not (program == "*" or program.isdigit()):
        return False  # no stamp, or one of an earlier kind
    return data_version(None if program == "*" else int(program)) == stamp
