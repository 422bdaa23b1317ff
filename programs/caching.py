"""Rendered program pages kept in the cache, under the data versions that make them stale.

A program dashboard recomputes task-group roll-ups, indicator attainment, registry counts and charts, and
renders them: by far the dearest part of the page, and it changes only when data behind it is written. So
that part is rendered once and kept under a key that names everything it depends on: the page, the program,
the viewer's right to edit (the only thing about the viewer it shows), the language, the day (overdue tasks)
and the program's data version (programs.changes), read in one query before the page is computed. The pages
about every program (the overview) take the version of every program.

Nothing renews anything: the database renews a program's version on every write to its data, whoever writes,
and a page kept under an old version is never asked for again (it expires after TTL_SECONDS). A write to one
program leaves the others' pages as they are. On a miss, one process computes the page while the others wait
for it (core.cache).

Only a cache shared by every worker process may hold them (settings.PROGRAM_PAGES_CACHED, on with Redis: a
local-memory cache is one per process), and only where versions are recorded (PostgreSQL). The cache only
saves work: when it fails, pages are computed as if nothing had been cached.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from core.cache import cached_value
from programs.changes import all_programs_data_version, program_data_version

# Only a bound on what the cache keeps: a page is stale as soon as its version is not current any more.
TTL_SECONDS = 60 * 60


def cached_html(page: str, parts: tuple, version: Callable[[], str | None], render: Callable[[], str]) -> SafeString:
    """`render()` (HTML rendered by the portal's own templates), or its copy kept under the current `version()`.

    `parts` must name everything the HTML depends on besides the data version, the language and the day.
    """
    current = version() if settings.PROGRAM_PAGES_CACHED else None
    if current is None:
        return mark_safe(str(render()))
    key = ":".join(
        ["programs:page", page, *map(str, parts), translation.get_language() or "", timezone.localdate().isoformat()]
    )
    # Our own templates rendered it, autoescaping what came from the data.
    return mark_safe(cached_value(f"{key}:{current}", lambda: str(render()), timeout=TTL_SECONDS))


def program_html(page: str, program, parts: tuple, render: Callable[[], str]) -> SafeString:
    """A page part about one program: stale once the program's data change.

    A program row read with programs.changes.with_data_version brings its version along; any other costs a query.
    """
    version = getattr(program, "data_version", None)
    return cached_html(page, (program.id, *parts), lambda: version or program_data_version(program.id), render)


def all_programs_html(page: str, parts: tuple, render: Callable[[], str]) -> SafeString:
    """A page part about every program: stale once any program's data change."""
    return cached_html(page, parts, all_programs_data_version, render)
