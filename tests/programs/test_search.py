"""Task search: accents and case aside, whole words, titles first; and the staff list starts with the staff's city.

The shared helpers of core/text.py are tested here too: the stored document, and the Python matching the
task list uses agreeing with the LIKE patterns every other list runs in the database.
"""

import pytest
from django.urls import reverse

from core.text import (
    MAX_QUERY_WORDS,
    document_matches,
    document_rank,
    fold_vietnamese,
    query_words,
    search_document,
    search_rank,
    search_words,
    words_condition,
)
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory, TaskFactory, TaskGroupFactory

# --- The helpers -----------------------------------------------------------------------------------------


def test_folding_and_words():
    assert fold_vietnamese("  Nhựa  ĐỒNG Tiến ") == "nhua dong tien"
    assert search_words("Ống nhựa uPVC D90-PN10, (mới)") == ["ong", "nhua", "upvc", "d90", "pn10", "moi"]
    # Text typed on a keyboard that composes marks separately (NFD) folds the same.
    assert search_words("Nhu\u031b\u0323a") == ["nhua"]


def test_query_words_are_bounded_and_deduplicated():
    assert query_words("nhựa NHỰA nhua ống") == ["nhua", "ong"]
    assert query_words("  - , ") == []
    assert len(query_words(" ".join(f"tu{n}" for n in range(50)))) == MAX_QUERY_WORDS
    assert query_words("a" * 5000) == ["a" * 40]


def test_document_has_three_sections_and_fits_its_column():
    document = search_document(
        ["Ống nhựa HDPE"], ["Dùng cho cấp nước", "Cao su - nhựa"], ["Quận Phú Nhuận"], max_length=700
    )
    assert document == " ong nhua hdpe | dung cho cap nuoc cao su nhua # quan phu nhuan "
    assert search_document([], max_length=700) == " | # "
    long = search_document(["Tên " * 100], ["mô tả " * 200], ["Quận 1"], max_length=700)
    assert len(long) <= 700 and " | " in long and " # quan 1 " in long  # describing words went first


DOCUMENT = search_document(
    ["Ống nhựa uPVC"], ["Sản phẩm cao su - nhựa"], ["Quận Phú Nhuận", "0312345678"], max_length=700
)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nhua", True),
        ("NHỰA", True),
        ("ống nhựa", True),
        ("nhựa ống", True),  # any order
        ("nhu", True),  # the last word may be the start of one
        ("ong nhu", True),
        ("nhu ong", False),  # the others are whole words
        ("ong banh", False),  # every word must match
        ("phu nhuan", True),  # place words, whole
        ("nhuan", True),
        ("0312345678", True),
        ("031234", False),
        ("pvc", False),  # words, not substrings
    ],
)
def test_python_matching(query, found):
    assert document_matches(DOCUMENT, query_words(query)) is found


def test_a_place_word_is_never_matched_by_its_start():
    rice_paper = search_document(["Bánh tráng"], ["Thực phẩm"], ["Quận Phú Nhuận"], max_length=700)
    assert document_matches(rice_paper, query_words("phu nhuan"))
    assert not document_matches(rice_paper, query_words("nhua"))
    assert not document_matches(rice_paper, query_words("phu nhua"))


def test_rank_whole_words_of_the_name_then_elsewhere_then_starts_of_words():
    assert document_rank(DOCUMENT, query_words("ong nhua")) == 6  # two whole words of the name
    assert document_rank(DOCUMENT, query_words("ong nhu")) == 4  # one, and the start of another
    assert document_rank(DOCUMENT, query_words("cao su")) == 4  # two whole words of the description
    assert document_rank(DOCUMENT, query_words("phu nhuan")) == 4  # or of the place
    assert document_rank(DOCUMENT, query_words("xyz")) == 0


QUERIES = ["nhua", "ong nhua", "nhu", "ong nhu", "nhu ong", "phu nhuan", "phu nhua", "quan 1", "cao su", "1", "0312"]
TEXTS = [
    (["Ống nhựa uPVC"], ["Cao su - nhựa"], ["Quận Phú Nhuận"]),
    (["Công ty Nhuận Phát"], ["Thực phẩm"], ["Quận 1"]),
    (["Cao su Sài Gòn"], [], ["Quận 10", "0312345678"]),
    (["Nhựa"], ["ống"], []),
]


def test_python_matching_and_ranking_agree_with_the_database(db):
    """The task list matches in Python what the other lists match in SQL: the same answers, row by row."""
    rows = []
    for n, (names, described, places) in enumerate(TEXTS):
        enterprise = EnterpriseFactory(name=f"Doanh nghiệp {n}")
        document = search_document(names, described, places, max_length=700)
        Enterprise.objects.filter(pk=enterprise.pk).update(search_text=document)
        rows.append((enterprise.pk, document))
    for query in QUERIES:
        words = query_words(query)
        in_database = dict(
            Enterprise.objects.filter(words_condition(words, ["search_text"]))
            .annotate(rank=search_rank("search_text", words))
            .values_list("pk", "rank")
        )
        in_python = {pk: document_rank(doc, words) for pk, doc in rows if document_matches(doc, words)}
        assert in_database == in_python, query


# --- The tasks list ---------------------------------------------------------------------------------------


@pytest.fixture
def plastics_tasks(hcm_program, hanoi_program):
    group = hcm_program.groups.get(order=2)
    TaskFactory(group=group, order=5, title="Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế")
    TaskFactory(group=group, order=6, title="Xúc tiến thương mại", description="Hội chợ ngành cao su - nhựa")
    TaskFactory(group=group, order=7, title="Chương trình khuyến công", lead_agency="UBND quận Phú Nhuận")
    return group


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return [task.title for task in response.context["page_obj"]]


@pytest.mark.parametrize("url_name", ["programs:tasks", "programs:public_tasks"])
def test_tasks_search_ignores_accents_and_case(login, cast, plastics_tasks, url_name):
    client = login(cast.staff_hcm)
    url = reverse(url_name)
    found = _titles(client.get(url, {"q": "nhựa"}))
    assert set(found) == {"Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế", "Xúc tiến thương mại"}
    for query in ("nhua", "NHỰA", "Nhua", "NHUA"):
        assert _titles(client.get(url, {"q": query})) == found


def _search(client, query: str) -> list[str]:
    return _titles(client.get(reverse("programs:tasks"), {"q": query}))


def test_tasks_search_ranks_titles_first_and_matches_words(login, cast, plastics_tasks):
    client = login(cast.staff_hcm)
    TaskFactory(group=plastics_tasks, order=8, title="Hỗ trợ hợp tác xã Nhuận Đức")
    # "nhựa" in the title, then in the description only, then the start of a word of a title.
    assert _search(client, "nhua") == [
        "Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế",
        "Xúc tiến thương mại",
        "Hỗ trợ hợp tác xã Nhuận Đức",
    ]
    assert _search(client, "hạt nhựa tái") == ["Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế"]
    assert _search(client, "nhua tai che") == ["Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế"]
    # Words, not substrings: "nhu cầu" is not "nhựa"; every word must match.
    assert "Khảo sát nhu cầu nhân lực" not in _search(client, "nhua")
    assert _search(client, "nhựa đào tạo") == []
    # The lead agency names a place: found by its whole words, never by the start of one.
    assert _search(client, "phu nhuan") == ["Chương trình khuyến công"]
    assert "Chương trình khuyến công" not in _search(client, "nhua")


def test_an_explicit_sort_replaces_the_ranking(login, cast, plastics_tasks):
    client = login(cast.staff_hcm)
    ascending = _titles(client.get(reverse("programs:tasks"), {"q": "nhua", "sort": "title"}))
    descending = _titles(client.get(reverse("programs:tasks"), {"q": "nhua", "sort": "-title"}))
    assert len(ascending) == 2 and descending == ascending[::-1]  # the ranking would give one order for both


def test_tasks_search_in_the_export_and_the_api(login, cast, client, plastics_tasks):
    export = login(cast.staff_hcm).get(reverse("programs:tasks_export", kwargs={"format": "csv"}), {"q": "nhua"})
    assert "Đề án sản xuất hạt nhựa" in export.content.decode("utf-8-sig")
    assert "Khảo sát nhu cầu" not in export.content.decode("utf-8-sig")
    api = client.get("/api/v1/tasks/", {"q": "NHUA"}, HTTP_ACCEPT="application/json").json()
    assert [t["title"] for t in api["results"]] == [
        "Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế",
        "Xúc tiến thương mại",
    ]


def _cities(response) -> list[str]:
    assert response.status_code == 200
    return [task.group.program.city.code for task in response.context["page_obj"]]


def test_staff_see_their_own_city_first(login, cast, hcm_program, hanoi_program):
    hcm_cities = _cities(login(cast.staff_hcm).get(reverse("programs:tasks")))
    assert hcm_cities == ["hcm"] * hcm_cities.count("hcm") + ["hanoi"] * hcm_cities.count("hanoi")
    assert hcm_cities[0] == "hcm" and "hanoi" in hcm_cities
    hanoi_cities = _cities(login(cast.staff_hanoi).get(reverse("programs:tasks")))
    assert hanoi_cities[0] == "hanoi" and hanoi_cities[-1] == "hcm"


def test_within_a_city_tasks_follow_the_plan(login, cast, hcm_program, hanoi_program):
    later = TaskGroupFactory(program=hcm_program, order=0, code="0", title="Nhóm đầu tiên")
    TaskFactory(group=later, order=2, title="Nhiệm vụ 0.2")
    TaskFactory(group=later, order=1, title="Nhiệm vụ 0.1")
    titles = _titles(login(cast.staff_hcm).get(reverse("programs:tasks")))
    assert titles[:4] == ["Nhiệm vụ 0.1", "Nhiệm vụ 0.2", "Mở lớp đào tạo kỹ thuật", "Khảo sát nhu cầu nhân lực"]
    # Someone of no city (an official) reads the cities in alphabetical order, as the public does.
    assert _cities(login(cast.official).get(reverse("programs:tasks")))[0] == "hanoi"


def test_tasks_search_keeps_the_staff_city_first_among_equals(login, cast, hcm_program, hanoi_program):
    TaskFactory(group=hanoi_program.groups.get(), order=9, title="Đào tạo nhân lực Hà Nội")
    cities = _cities(login(cast.staff_hcm).get(reverse("programs:tasks"), {"q": "nhan luc"}))
    assert cities == ["hcm", "hanoi"]


@pytest.mark.parametrize("scale", [1, 40])
def test_tasks_search_runs_a_fixed_number_of_queries(
    login, cast, hcm_program, hanoi_program, django_assert_max_num_queries, scale
):
    group = hcm_program.groups.get(order=2)
    for n in range(scale):
        TaskFactory(group=group, order=10 + n, title=f"Hỗ trợ doanh nghiệp nhựa số {n}")
    client = login(cast.staff_hcm)
    # The tasks list's queries (tests/programs/test_queries.py) and one read of the tasks' text to fold.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("programs:tasks"), {"q": "nhua", "status": "not_started"})
    assert len(response.context["page_obj"]) == scale
