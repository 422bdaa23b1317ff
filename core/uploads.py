"""Checks for files that users upload (task evidence, dossier documents).

The kind of a file is decided by its first bytes, not by its name: a name can say ".pdf" for anything.
The name is still checked, so that it agrees with the content and cannot smuggle a second extension
(".pdf.exe") or a path ("../../etc/passwd") into storage or a download header.
"""

import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbers import format_number


@dataclass(frozen=True)
class DetectedKind:
    kind: str
    extension: str
    content_type: str
    label: str


PDF = DetectedKind("pdf", "pdf", "application/pdf", "PDF")
DOCX = DetectedKind("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = DetectedKind("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
JPEG = DetectedKind("jpeg", "jpg", "image/jpeg", "JPG")
PNG = DetectedKind("png", "png", "image/png", "PNG")

KINDS = {k.kind: k for k in (PDF, DOCX, XLSX, JPEG, PNG)}
# Every kind evidence of a task may take.
EVIDENCE_KINDS = ("pdf", "docx", "xlsx", "jpeg", "png")

_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "jpg": "jpeg", "jpeg": "jpeg", "png": "png"}
# Extensions that must not hide inside a name before the real one ("bao-cao.exe.pdf", "anh.php.png").
_RISKY_INNER_EXTENSIONS = {
    "exe", "com", "bat", "cmd", "scr", "msi", "dll", "js", "vbs", "ps1", "sh", "php", "jsp", "asp", "aspx",
    "html", "htm", "svg", "xml", "jar", "hta", "pdf", "docx", "xlsx", "doc", "xls", "jpg", "jpeg", "png", "zip",
}  # fmt: skip
_SNIFF_BYTES = 2048
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MARKUP = re.compile(rb"^\s*<(\?xml|!doctype|html|svg|script|body|head|!--)", re.IGNORECASE)


def _check_name(name: str) -> str:
    """The extension of a safe, plain file name; ValidationError otherwise."""
    if not name or "/" in name or "\\" in name or "\x00" in name or name.startswith(".") or ".." in name:
        raise ValidationError(_("Tên tệp không hợp lệ."), code="bad_name")
    if any(ord(ch) < 32 for ch in name):
        raise ValidationError(_("Tên tệp không hợp lệ."), code="bad_name")
    parts = name.lower().split(".")
    if len(parts) < 2 or not parts[-1]:
        raise ValidationError(_("Tệp phải có phần mở rộng (ví dụ .pdf)."), code="no_extension")
    if any(part.strip() in _RISKY_INNER_EXTENSIONS for part in parts[1:-1]):
        raise ValidationError(_("Tên tệp có hai phần mở rộng, không được chấp nhận."), code="double_extension")
    return parts[-1]


def _zip_kind(file) -> DetectedKind | None:
    """DOCX and XLSX are zip packages; their part names tell which one it is."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff_kind(file) -> DetectedKind | None:
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return None


def _looks_like_markup(file) -> bool:
    file.seek(0)
    head = file.read(_SNIFF_BYTES).lstrip(b"\xef\xbb\xbf")
    return bool(_MARKUP.match(head))


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{format_number((Decimal(size) / (1024 * 1024)).quantize(Decimal('0.1')))} MB"
    return f"{format_number((Decimal(size) / 1024).quantize(Decimal('0.1')))} KB"


def _allowed_labels(allowed_kinds) -> str:
    return ", ".join(KINDS[k].label for k in allowed_kinds)


def validate_upload(file, allowed_kinds=EVIDENCE_KINDS) -> DetectedKind:
    """The detected kind of an uploaded file, or ValidationError with a message for the user.

    Rejects empty and oversize files, unsafe names, names whose extension is not allowed or disagrees
    with the content, and content that is none of the allowed kinds (HTML or SVG dressed as a PDF...).
    """
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError(_("Tệp rỗng, vui lòng chọn tệp khác."), code="empty")
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(_("Tệp quá lớn: tối đa %(size)s.") % {"size": _human_size(limit)}, code="too_large")
    extension = _check_name(getattr(file, "name", "") or "")
    claimed = _EXTENSIONS.get(extension)
    if claimed is None or claimed not in allowed_kinds:
        raise ValidationError(
            _("Định dạng tệp không được chấp nhận. Chỉ nhận: %(kinds)s.") % {"kinds": _allowed_labels(allowed_kinds)},
            code="extension",
        )
    try:
        if _looks_like_markup(file):
            raise ValidationError(_("Tệp chứa nội dung HTML/SVG, không được chấp nhận."), code="markup")
        detected = sniff_kind(file)
    finally:
        file.seek(0)
    if detected is None or detected.kind not in allowed_kinds:
        raise ValidationError(
            _("Nội dung tệp không phải là %(kinds)s hợp lệ.") % {"kinds": _allowed_labels(allowed_kinds)},
            code="content",
        )
    if detected.kind != claimed:
        raise ValidationError(
            _("Phần mở rộng .%(ext)s không khớp với nội dung tệp (%(kind)s).")
            % {"ext": extension, "kind": detected.label},
            code="mismatch",
        )
    return detected


def safe_display_name(name: str) -> str:
    """A validated file name trimmed to fit its column, keeping the extension."""
    stem, extension = name.rsplit(".", 1)
    return f"{stem.strip()[:200] or 'minh-chung'}.{extension.lower()}"


def storage_error_message() -> str:
    """What the user reads when the disk is full or the storage fails while a file is being written."""
    return _(
        "Không lưu được tệp do lỗi kho lưu trữ (hết dung lượng hoặc lỗi ổ đĩa). Chưa có gì được ghi; "
        "vui lòng thử lại sau hoặc báo quản trị viên."
    )


def save_file(field_file, name: str, content) -> None:
    """Write an upload to storage; a storage failure (OSError: disk full, I/O error) becomes a ValidationError
    that the caller raises inside its transaction, so no row is left pointing at a missing file."""
    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        raise ValidationError(storage_error_message(), code="storage") from error


_UNSAFE_IN_DOWNLOAD_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def download_name(name: str, fallback: str) -> str:
    """The name a stored file is offered under: no path, quotes or control characters, whatever the row holds."""
    cleaned = _UNSAFE_IN_DOWNLOAD_NAME.sub("_", name or "").strip(" ._")
    return cleaned[:200] or fallback
