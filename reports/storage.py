"""Where report files live: one file per report, replaced atomically when a report is rendered again."""

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage


class ReportFileStorage(FileSystemStorage):
    """A second render of the same report replaces its file; it never leaves a second copy beside it.

    The new content is written to a hidden temporary file in the same folder and moved over the old one,
    so a reader never sees half a PDF and a worker killed mid-write leaves no "*.pdf" behind.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(partial, self.file_permissions_mode or 0o640)
            os.replace(partial, full_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
            raise
        return name.replace("\\", "/")


report_storage = ReportFileStorage()


def get_report_storage() -> ReportFileStorage:
    return report_storage
