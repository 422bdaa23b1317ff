"""Text helpers shared by every app: Vietnamese folding and word search.

Every search box of the portal works the same way, on PostgreSQL and on SQLite:

- The query and the searched text are folded (`fold_vietnamese`) and cut into words (`search_words`), so
  "NHỰA" and "nhua" are the same word, and "ống nhựa" is the two words "ong" and "nhua".
- A row matches when every word of the query is one of its words; the last word typed may be the start of a
  word ("nhu" finds "nhựa"), the others must be whole words ("nhua" is not "nhuận").
- A row's words sit in a stored document (`search_document`) of three sections: its names, the other text
  that describes it, and where it is (district, tax code). The last word typed is never a prefix of a place
  word: "nhua" does not find an enterprise of Phú Nhuận, "phu nhuan" does.
- Rows are ranked (`search_rank`): whole words of the name first, then whole words elsewhere, then the start
  of a word; rows of equal rank keep their list's order.

The conditions are LIKE patterns on the document, a folded lower-case column: a trigram index
(pg_trgm, `gin_trgm_ops`) answers them on PostgreSQL; SQLite scans. `document_matches` applies the same
patterns in Python, for the few lists (tasks) that fold their rows when they are searched.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.db.models import Case, F, IntegerField, Lookup, Q, QuerySet, Value, When

# The separators of the document's sections; a word is [a-z0-9]+, so they never occur inside one.
NAME_END = "|"
PLACE_START = "#"
# A query is cut to this many words of this length: more cannot narrow a list further in practice, and every
# input has a bound.
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40
_WORD = re.compile(r"[a-z0-9]+")


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


def search_words(text: str) -> list[str]:
    """The folded words of a text: "Ống nhựa uPVC Ø90-PN10" → ["ong", "nhua", "upvc", "o90", "pn10"]."""
    return _WORD.findall(fold_vietnamese(str(text or "")))


def query_words(query: str) -> list[str]:
    """The words of a search query, each once, in the order typed, within the bounds above."""
    words = list(dict.fromkeys(word[:MAX_WORD_LENGTH] for word in search_words(query[:1000])))
    return words[:MAX_QUERY_WORDS]


def search_document(
    names: Iterable[str], described: Iterable[str] = (), places: Iterable[str] = (), *, max_length: int
) -> str:
    """The stored search text of a row: " <name words> | <describing words> # <place words> ".

    Every word is surrounded by spaces, so " nhua " is a whole word and " nhua" the start of one. When the
    document would be longer than its column, describing words are dropped first, then place words, then the
    end of the names: the separators always stay.
    """
    sections = [_words_of(names), _words_of(described), _words_of(places)]
    for index in (1, 2, 0):
        while sections[index] and len(_compose(sections)) > max_length:
            sections[index].pop()
    return _compose(sections)


def _compose(sections: list[list[str]]) -> str:
    name, described, place = (" ".join(words) for words in sections)
    return f" {' '.join(part for part in (name, NAME_END, described, PLACE_START, place) if part)} "


def _words_of(texts: Iterable[str]) -> list[str]:
    return [word for text in texts if text for word in search_words(text)]


# --- Conditions ----------------------------------------------------------------------------------------


class Like(Lookup):
    """`lhs LIKE pattern`, the pattern used as it is (the `contains` lookup would escape its wildcards)."""

    lookup_name = "search_like"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


def _anywhere(word: str) -> str:
    return f"% {word} %"


def _describing_prefix(word: str) -> str:
    return f"% {word}%{PLACE_START}%"


def _in_name(word: str, *, prefix: bool) -> str:
    return f"% {word}{'' if prefix else ' '}%{NAME_END}%"


def _like(field: str, pattern: str) -> Q:
    return Q(Like(F(field), Value(pattern)))


def _is_last(words: Sequence[str], index: int) -> bool:
    return index == len(words) - 1


def word_condition(field: str, word: str, *, prefix: bool, names_only: bool = False) -> Q:
    """The row's document in `field` holds `word` (or a word it begins, with `prefix`).

    With `names_only`, only the name section counts: how a list matches a related row's name (the registry
    finds a product by its enterprise's name, not by the enterprise's district).
    """
    if names_only:
        return _like(field, _in_name(word, prefix=prefix))
    if not prefix:
        return _like(field, _anywhere(word))
    return _like(field, _describing_prefix(word)) | _like(field, _anywhere(word))


def words_condition(words: Sequence[str], fields: Sequence[str | tuple[str, bool]]) -> Q:
    """Every word in at least one of the documents: `fields` are field names, or (field name, names_only)."""
    condition = Q()
    for index, word in enumerate(words):
        either = Q()
        for spec in fields:
            field, names_only = (spec, False) if isinstance(spec, str) else spec
            either |= word_condition(field, word, prefix=_is_last(words, index), names_only=names_only)
        condition &= either
    return condition


def search_rank(field: str, words: Sequence[str]):
    """How well the row matches, word by word: a whole word of the name 3, a whole word elsewhere 2, the start
    of a word of the name (the last word typed) 1. "nhua" puts "Ống nhựa" before a description that speaks of
    "nhựa", and both before "Phú Nhuận"."""
    score = Value(0)
    for index in range(len(words)):
        score = score + Case(
            *(When(_like(field, pattern), then=Value(points)) for pattern, points in _rank_patterns(words, index)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return score


def _rank_patterns(words: Sequence[str], index: int) -> list[tuple[str, int]]:
    word = words[index]
    patterns = [(_in_name(word, prefix=False), 3), (_anywhere(word), 2)]
    if _is_last(words, index):
        patterns.append((_in_name(word, prefix=True), 1))
    return patterns


def ranked(queryset: QuerySet, rank) -> QuerySet:
    """Best ranked first; rows of equal rank keep the list's own order (an explicit sort chosen after the
    search replaces both)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.annotate(search_rank=rank).order_by("-search_rank", *ordering)


# --- The same patterns in Python -------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _like_regex(pattern: str) -> re.Pattern:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("%")), re.DOTALL)


def _like_in_python(document: str, pattern: str) -> bool:
    return _like_regex(pattern).fullmatch(document) is not None


def document_matches(document: str, words: Sequence[str]) -> bool:
    """`words_condition(words, [field])` for a document in hand."""
    for index, word in enumerate(words):
        patterns = [_anywhere(word)]
        if _is_last(words, index):
            patterns.append(_describing_prefix(word))
        if not any(_like_in_python(document, p) for p in patterns):
            return False
    return True


def document_rank(document: str, words: Sequence[str]) -> int:
    """`search_rank(field, words)` for a document in hand."""
    score = 0
    for index in range(len(words)):
        for pattern, points in _rank_patterns(words, index):
            if _like_in_python(document, pattern):
                score += points
                break
    return score
