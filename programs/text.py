"""Text helpers shared by every app (programs is the ground floor)."""

import unicodedata


def fold_vietnamese(text: str) -> str:
    """Lower-case, accent-free form for search: "Nhựa Đồng Tiến" → "nhua dong tien".

    NFD splits the tone and vowel marks off their letters; đ/Đ is a letter of its own, not a marked d,
    so it is replaced explicitly. The result is stored in indexed columns, which makes search behave the
    same on PostgreSQL and on SQLite.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
