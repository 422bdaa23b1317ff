"""The seeded programs carry the articles' facts exactly; seed_demo is deterministic, marked and valid."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.utils import translation
from stdnum.vn import mst

from demo import journeys as demo_journeys
from enterprises.models import Enrollment, Enterprise, Participation, SupportActivity
from products.models import Product, Recognition, RecognitionRound
from programs.metrics import get_metric
from programs.models import City, Indicator, IndicatorValue, IssuingBody, Program, Task, TaskGroup, TaskUpdate
from programs.seed_data import HANOI_CNHT_2021, HANOI_KEY_PRODUCTS_2022, HCM_RUBBER_PLASTICS, SOURCES
from programs.selectors import program_overview_list
from programs.standing import load_standing
from tests.factories import EnterpriseFactory

HCM_GROUPS = [
    "Xác định danh mục nhóm sản phẩm công nghiệp chủ lực và nhóm sản phẩm tiềm năng của ngành cao su - nhựa "
    "TPHCM giai đoạn 2021 - 2025",
    "Phát triển nguồn nhân lực cho ngành cao su - nhựa",
    "Tăng cường các hoạt động xúc tiến thương mại, phát triển thị trường",
    "Triển khai các giải pháp về kích cầu đầu tư",
    "Hỗ trợ phát triển, ứng dụng các giải pháp công nghệ",
    "Hỗ trợ về mặt bằng sản xuất",
    "Xây dựng Chiến lược phát triển ngành cao su - nhựa TPHCM đến năm 2030",
    "Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế",
    "Đề án thành lập trung tâm kiểm nghiệm chất lượng cao su - nhựa đạt tiêu chuẩn quốc tế trên cơ sở nâng cấp "
    "Trung tâm Hỗ trợ và Phát triển doanh nghiệp TPHCM - CSID",
]


def seed_programs() -> str:
    out = io.StringIO()
    call_command("seed_programs", stdout=out)
    return out.getvalue()


def seed_demo(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    seed_programs()
    return {p.slug: p for p in Program.objects.select_related("city")}


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def indicator(slug: str, code: str) -> Indicator:
    return Indicator.objects.get(program__slug=slug, code=code)


def test_titles_cities_and_issuers(seeded):
    hcm = seeded[HCM_RUBBER_PLASTICS]
    assert hcm.title == "Chương trình hỗ trợ phát triển Doanh Nghiệp sản phẩm nhựa, cao su giai đoạn 2020 - 2030"
    assert (hcm.city.code, hcm.city.name, hcm.issuer, hcm.lead_agency) == (
        "hcm",
        "TP Hồ Chí Minh",
        "UBND TPHCM",
        "Sở Công Thương TPHCM",
    )
    assert (hcm.period_start, hcm.period_end, hcm.vision_year) == (2020, 2030, 2050)
    cnht = seeded[HANOI_CNHT_2021]
    assert cnht.title == "Kế hoạch Chương trình phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2021"
    assert (cnht.city.code, cnht.city.name, cnht.issuer) == ("hanoi", "Hà Nội", "UBND Thành phố Hà Nội")
    key = seeded[HANOI_KEY_PRODUCTS_2022]
    assert key.title == (
        "Kế hoạch số 267/KH-UBND về thực hiện Đề án phát triển sản phẩm công nghiệp chủ lực thành phố Hà Nội năm 2022"
    )
    assert (key.plan_number, key.period_start, key.period_end) == ("267/KH-UBND", 2022, 2022)
    assert "29/12/2021" in key.summary


def test_hcm_nine_groups_in_order_all_deployed_without_a_percentage(seeded):
    groups = TaskGroup.objects.filter(program__slug=HCM_RUBBER_PLASTICS).order_by("order")
    assert [g.title for g in groups] == HCM_GROUPS
    for group in groups:
        task = group.tasks.get()
        assert task.title == group.title
        # The notice says "triển khai" and gives no percentage: deployed, progress unknown (not 0).
        assert (task.status, task.progress) == (Task.Status.IN_PROGRESS, None)
        update = task.updates.get()
        assert (update.status, update.progress, update.is_demo) == (Task.Status.IN_PROGRESS, None, False)
        assert "triển khai trong năm 2021 - 2023" in update.note
        assert SOURCES["hcm_midterm"] in update.note
        assert task.last_update_on == update.date
    overview = {o.program.slug: o for o in program_overview_list()}[HCM_RUBBER_PLASTICS]
    assert (overview.deployed_group_count, overview.group_count) == (9, 9)
    hcm = seeded[HCM_RUBBER_PLASTICS]
    assert "9/9 nhóm nhiệm vụ và giải pháp" in hcm.midterm_result
    assert "Thương hiệu Vàng" in hcm.next_steps
    assert "nhựa phân hủy sinh học, nhựa y tế" in hcm.next_steps


def test_hcm_iip_values(seeded):
    iip = indicator(HCM_RUBBER_PLASTICS, "iip-cao-su-nhua")
    assert iip.target_kind == "none"
    assert iip.unit == "%"
    values = {v.period_label: v for v in iip.values.all()}
    assert values["Năm 2022"].value == Decimal("32.18")
    assert values["5 tháng đầu năm 2023"].value == Decimal("12.7")
    assert {v.source for v in values.values()} == {SOURCES["hcm_midterm"]}


@pytest.mark.parametrize(
    ("code", "period", "value", "source"),
    [
        ("dn-san-pham-chu-luc-tiem-nang-2021-2025", "Đầu năm 2022", "155", "hcm_cnht"),
        ("san-pham-cnht-fdi-can-nguon-cung", "Năm 2022", "400", "hcm_cnht"),
        ("dn-trong-nuoc-san-xuat-cnht", "Năm 2022", "5000", "hcm_cnht"),
        ("iip-tphcm-so-thang-truoc", "Tháng 11 năm 2020", "3.4", "hcm_iip_2020"),
        ("iip-tphcm-so-cung-ky", "Tháng 11 năm 2020", "0.2", "hcm_iip_2020"),
        ("iip-tphcm-luy-ke-so-cung-ky", "11 tháng năm 2020", "-4.4", "hcm_iip_2020"),
        ("iip-tphcm-luy-ke-so-cung-ky", "11 tháng năm 2019", "7.4", "hcm_iip_2020"),
        ("iip-4-nganh-trong-yeu", "11 tháng năm 2020", "0.4", "hcm_iip_2020"),
        ("iip-4-nganh-trong-yeu", "11 tháng năm 2019", "6.2", "hcm_iip_2020"),
    ],
)
def test_hcm_context_figures_with_sources(seeded, code, period, value, source):
    row = IndicatorValue.objects.get(
        indicator__program__slug=HCM_RUBBER_PLASTICS, indicator__code=code, period_label=period
    )
    assert row.value == Decimal(value)
    assert row.source == SOURCES[source]
    # City facts with their source, not targets of the rubber-plastics programme.
    assert (row.indicator.role, row.indicator.target_kind) == (Indicator.Role.CONTEXT, "none")


def test_hcm_qualifiers_and_the_programme_own_indicator(seeded):
    fdi = IndicatorValue.objects.get(indicator__code="san-pham-cnht-fdi-can-nguon-cung")
    domestic = IndicatorValue.objects.get(indicator__code="dn-trong-nuoc-san-xuat-cnht")
    assert (fdi.value, fdi.qualifier) == (400, IndicatorValue.Qualifier.OVER)
    assert (domestic.value, domestic.qualifier) == (5000, IndicatorValue.Qualifier.NEARLY)
    assert IndicatorValue.objects.get(indicator__code="dn-san-pham-chu-luc-tiem-nang-2021-2025").qualifier == ""
    own = Indicator.objects.filter(program__slug=HCM_RUBBER_PLASTICS, role=Indicator.Role.INDICATOR)
    assert [i.code for i in own] == ["iip-cao-su-nhua"]
    standing = load_standing(seeded[HCM_RUBBER_PLASTICS])
    assert [s.indicator.code for s in standing.indicators] == ["iip-cao-su-nhua"]
    assert {s.indicator.code: s.actual_display for s in standing.context} == {
        "dn-san-pham-chu-luc-tiem-nang-2021-2025": "155 doanh nghiệp",
        "san-pham-cnht-fdi-can-nguon-cung": "hơn 400 sản phẩm",
        "dn-trong-nuoc-san-xuat-cnht": "gần 5.000 doanh nghiệp",
        "iip-tphcm-so-thang-truoc": "3,4%",
        "iip-tphcm-so-cung-ky": "0,2%",
        "iip-tphcm-luy-ke-so-cung-ky": "-4,4%",
        "iip-4-nganh-trong-yeu": "0,4%",
    }
    # The headline 2022 figure stays in the history beside the latest one.
    (iip,) = standing.indicators
    assert [iip.value_display(v) for v in iip.history] == ["32,18%", "12,7%"]


def test_hcm_plant_example_and_approximations_are_quoted(seeded):
    summary = seeded[HCM_RUBBER_PLASTICS].summary
    assert "650 triệu USD tại Khu công nghệ cao TP HCM" in summary
    assert "hơn 400 sản phẩm" in summary
    assert "gần 5.000 doanh nghiệp" in summary
    assert "với 155 doanh nghiệp" in summary


def test_hanoi_cnht_fields_targets_and_metrics(seeded):
    cnht = seeded[HANOI_CNHT_2021]
    assert cnht.focus_list() == [
        "Sản xuất linh kiện phụ tùng",
        "CNHT phục vụ các ngành công nghiệp công nghệ cao",
        "CNHT cho ngành dệt may - da giày",
    ]
    with translation.override("vi"):
        assert indicator(HANOI_CNHT_2021, "dn-cnht").target_display() == "khoảng 900 doanh nghiệp"
        assert indicator(HANOI_CNHT_2021, "dn-cnht-tieu-chuan-quoc-te").target_display() == "khoảng 300 doanh nghiệp"
        assert indicator(HANOI_CNHT_2021, "ty-trong-gtsx-cnht").target_display() == "khoảng 16%"
        assert indicator(HANOI_CNHT_2021, "chi-so-phat-trien-cnht").target_display() == "trên 11%"
    connection = {
        "luot-dn-ket-noi": ("approximate", 700, "participations"),
        "dn-nha-cung-ung-truc-tiep": ("exact", 100, "direct_suppliers"),
        "luot-dn-tu-van-quan-tri": ("approximate", 500, "participations:consulting"),
        "luot-dn-dao-tao-nhan-luc": ("approximate", 300, "participations:training"),
    }
    for code, (kind, value, metric) in connection.items():
        row = indicator(HANOI_CNHT_2021, code)
        assert (row.target_kind, row.target_value, row.metric) == (kind, Decimal(value), metric)


def test_hanoi_cnht_groups_tasks_and_activities(seeded):
    groups = list(TaskGroup.objects.filter(program__slug=HANOI_CNHT_2021).order_by("order"))
    assert [g.code for g in groups] == ["i", "ii", "iii", "iv", "v"]
    assert groups[4].title == "Quản lý Chương trình"
    assert all(g.tasks.exists() for g in groups)
    assert groups[0].tasks.filter(title="Tổ chức Hội chợ CNHT Hà Nội năm 2021").exists()
    activities = SupportActivity.objects.filter(program__slug=HANOI_CNHT_2021, is_demo=False)
    assert {(a.title, a.kind) for a in activities} == {
        ("Hội chợ CNHT Hà Nội năm 2021", SupportActivity.Kind.TRADE_FAIR),
        ("Hội thảo phát triển CNHT", SupportActivity.Kind.WORKSHOP),
    }


@pytest.mark.parametrize(
    ("code", "low", "high", "metric"),
    [
        ("dn-tham-gia", 20, 25, "recognised_enterprises"),
        ("san-pham-duoc-cong-nhan", 30, 35, "recognised_products"),
        ("san-pham-cong-nhan-lan-dau", 15, 20, "first_time_recognitions"),
        ("tang-gia-tri-san-xuat", 10, 12, ""),
        ("dong-gop-gtsx-cong-nghiep", 35, 40, ""),
        # Enterprises, each once, as the plan counts them ("hỗ trợ 15-20 doanh nghiệp"), not participations.
        ("dn-di-nuoc-ngoai", 15, 20, "enterprises:delegation"),
        ("nha-san-xuat-cong-nghe-duoc-moi", 30, 40, ""),
        ("dn-du-an-doi-moi-cong-nghe", 5, 8, "enterprises:technology"),
    ],
)
def test_hanoi_267_range_targets(seeded, code, low, high, metric):
    row = indicator(HANOI_KEY_PRODUCTS_2022, code)
    assert row.target_kind == "range"
    assert (row.target_low, row.target_high, row.metric) == (Decimal(low), Decimal(high), metric)
    if metric:
        assert row.metric_window == Indicator.MetricWindow.CUMULATIVE
        assert get_metric(metric).counts == ("enterprises" if "enterprise" in metric else "products")


def test_plan_statuses_stated_task_count_and_issuing_bodies(seeded):
    assert {slug: p.status for slug, p in seeded.items()} == {
        HCM_RUBBER_PLASTICS: Program.Status.ACTIVE,
        HANOI_CNHT_2021: Program.Status.COMPLETED,
        HANOI_KEY_PRODUCTS_2022: Program.Status.COMPLETED,
    }
    cnht = seeded[HANOI_CNHT_2021]
    # "12 nhiệm vụ cụ thể, chia thành 5 nhóm": the plan's count, though the article names fewer tasks.
    assert cnht.stated_task_count == 12
    assert Task.objects.filter(group__program=cnht).count() == 10
    assert load_standing(cnht).stated_task_count == 12
    assert seeded[HCM_RUBBER_PLASTICS].stated_task_count is None
    bodies = {
        b.code: (b.city.code, b.kind, b.name, b.parent_name, b.header_name, b.place_name, b.abbreviation, b.address)
        for b in IssuingBody.objects.select_related("city")
    }
    assert bodies == {
        "so-cong-thuong-hcm": ("hcm", "department", "Sở Công Thương Thành phố Hồ Chí Minh",
                               "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "SỞ CÔNG THƯƠNG", "Thành phố Hồ Chí Minh",
                               "SCT", ""),
        "ubnd-hcm": ("hcm", "committee", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "",
                     "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Thành phố Hồ Chí Minh", "UBND", ""),
        "so-cong-thuong-hanoi": ("hanoi", "department", "Sở Công Thương Thành phố Hà Nội",
                                 "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG", "Hà Nội", "SCT", ""),
        "ubnd-hanoi": ("hanoi", "committee", "Ủy ban nhân dân Thành phố Hà Nội", "",
                       "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Hà Nội", "UBND", ""),
    }  # fmt: skip
    # No signer is seeded: the sources name none.
    assert not any(b.signers.exists() for b in IssuingBody.objects.all())


def test_hanoi_267_exact_targets_groups_and_round(seeded):
    with translation.override("vi"):
        assert indicator(HANOI_KEY_PRODUCTS_2022, "dn-thu-huong-chinh-sach").target_display() == "100%"
        assert indicator(HANOI_KEY_PRODUCTS_2022, "dong-gop-kim-ngach-xuat-khau").target_display() == "15%"
        assert indicator(HANOI_KEY_PRODUCTS_2022, "dn-tham-gia").target_display() == "20–25 doanh nghiệp"
    assert TaskGroup.objects.filter(program__slug=HANOI_KEY_PRODUCTS_2022).count() == 6
    round_ = RecognitionRound.objects.get(program__slug=HANOI_KEY_PRODUCTS_2022)
    assert round_.year == 2022


def test_every_indicator_metric_is_registered(seeded):
    metrics = set(Indicator.objects.exclude(metric="").values_list("metric", flat=True))
    assert metrics
    assert all(get_metric(name) is not None for name in metrics)


def snapshot() -> dict:
    """Every seeded row with its values, plus the history tables' sizes."""
    models = (
        City, IssuingBody, Program, TaskGroup, Task, TaskUpdate, Indicator, IndicatorValue, SupportActivity,
        RecognitionRound,
    )  # fmt: skip
    data = {m.__name__: sorted(map(str, m.objects.values_list())) for m in models}
    data |= {f"history:{m.__name__}": m.history.count() for m in (Program, TaskGroup, Task, Indicator, IndicatorValue)}
    return data


def test_seed_programs_twice_changes_nothing(seeded):
    before = snapshot()
    seed_programs()
    assert snapshot() == before


def _facts() -> dict:
    """The seeded rows without their ids and history: what an upgrade must bring a database to."""
    return {
        "programs": sorted(Program.objects.values_list("slug", "status", "stated_task_count")),
        "tasks": sorted(
            Task.objects.values_list("group__program__slug", "group__order", "order", "status", "progress")
        ),
        "updates": sorted(TaskUpdate.objects.values_list("task__title", "date", "status", "progress", "is_demo")),
        "indicators": sorted(Indicator.objects.values_list("program__slug", "code", "role", "metric", "metric_window")),
        "values": sorted(
            IndicatorValue.objects.values_list("indicator__code", "period_label", "value", "qualifier", "note")
        ),
        "bodies": sorted(IssuingBody.objects.values_list("code", "name", "place_name")),
    }


def test_seed_programs_brings_a_database_seeded_before_to_the_articles_facts(seeded):
    fresh = _facts()
    # The rows as the previous version of the seeds wrote them.
    TaskUpdate.objects.update(progress=0)
    Task.objects.filter(group__program__slug=HCM_RUBBER_PLASTICS).update(progress=0)
    Indicator.objects.update(role=Indicator.Role.INDICATOR, metric_window=Indicator.MetricWindow.PERIOD)
    Indicator.objects.filter(code="dn-di-nuoc-ngoai").update(metric="participations:delegation")
    Program.objects.update(status=Program.Status.ACTIVE, stated_task_count=None)
    IndicatorValue.objects.filter(indicator__code="san-pham-cnht-fdi-can-nguon-cung").update(
        qualifier="", note="hơn 400"
    )
    old_iip = Indicator.objects.get(code="iip-tphcm-so-cung-ky")
    IndicatorValue.objects.filter(indicator__code="iip-tphcm-luy-ke-so-cung-ky").update(indicator=old_iip)
    Indicator.objects.filter(code="iip-tphcm-luy-ke-so-cung-ky").delete()
    IssuingBody.objects.all().delete()
    assert _facts() != fresh

    seed_programs()
    assert _facts() == fresh
    assert not IndicatorValue.objects.filter(indicator=old_iip, period_label__startswith="11 tháng").exists()


def demo_rows() -> list[tuple[str, str]]:
    return list(Enterprise.objects.filter(is_demo=True).order_by("tax_code").values_list("name", "tax_code"))


def test_seed_demo_requires_programs(db):
    with pytest.raises(CommandError, match="seed_programs"):
        seed_demo(enterprises=5, products=2)


def test_seed_demo_is_deterministic_marked_and_valid(seeded, fast_hashing):
    real = EnterpriseFactory(name="Công ty TNHH Nhựa Đồng Tiến")
    seed_demo(enterprises=120, products=60, task_updates=300, seed=7)
    first = demo_rows()
    first_updates = sorted(TaskUpdate.objects.exclude(author=None).values_list("task_id", "date", "progress"))
    seed_demo(enterprises=120, products=60, task_updates=300, seed=7)
    assert demo_rows() == first
    assert sorted(TaskUpdate.objects.exclude(author=None).values_list("task_id", "date", "progress")) == first_updates
    assert len(first) == 120
    assert Enterprise.objects.get(pk=real.pk).is_demo is False
    assert all(mst.is_valid(code) and len(code) == 10 for _, code in first)
    assert len({code for _, code in first}) == 120
    assert not Product.objects.filter(is_demo=False).exists()
    # The catalogue asked for, plus the products of the demo rounds' dossiers.
    assert Product.objects.filter(is_demo=True).count() == 60 + demo_journeys.DOSSIER_PRODUCTS
    assert not Recognition.objects.filter(is_demo=False).exists()
    assert not SupportActivity.objects.filter(is_demo=True, program__slug__isnull=True).exists()
    assert Enrollment.objects.exists() and Participation.objects.exists()
    seed_demo(enterprises=120, products=60, task_updates=300, seed=8)
    assert demo_rows() != first


def test_seed_demo_tasks_follow_their_latest_update(seeded, fast_hashing):
    seed_demo(enterprises=40, products=20, task_updates=200, seed=3)
    assert TaskUpdate.objects.exclude(author=None).count() == 200
    # Demo updates are marked; the recorded facts are not.
    assert set(TaskUpdate.objects.exclude(author=None).values_list("is_demo", flat=True)) == {True}
    assert set(TaskUpdate.objects.filter(author=None).values_list("is_demo", flat=True)) == {False}
    for task in Task.objects.all():
        latest = task.updates.order_by("-date", "-created_at", "-id").first()
        if latest is None:
            assert (task.status, task.progress, task.last_update_on) == (Task.Status.NOT_STARTED, None, None)
        else:
            assert (task.status, task.progress, task.last_update_on) == (latest.status, latest.progress, latest.date)
    overview = {o.program.slug: o for o in program_overview_list()}[HCM_RUBBER_PLASTICS]
    assert overview.deployed_group_count == 9
    # The recorded mid-term facts survive demo replacement.
    assert TaskUpdate.objects.filter(author=None).count() == 9


def test_seed_demo_with_zero_task_updates_restores_recorded_state(seeded, fast_hashing):
    seed_demo(enterprises=10, products=5, task_updates=50, seed=1)
    seed_demo(enterprises=10, products=5, task_updates=0, seed=1)
    hcm_tasks = Task.objects.filter(group__program__slug=HCM_RUBBER_PLASTICS)
    assert set(hcm_tasks.values_list("status", "progress")) == {(Task.Status.IN_PROGRESS, None)}
    assert not Task.objects.filter(group__program__slug=HANOI_CNHT_2021).exclude(status="not_started").exists()


def test_demo_users_and_logins(seeded, fast_hashing):
    from demo.management.commands.seed_demo import DEMO_LOGINS

    seed_demo(enterprises=30, products=10, task_updates=10, seed=5)
    User = get_user_model()
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password(login.password)
        validate_password(login.password, user)
        assert user.role == login.role
        if login.role == "staff":
            assert user.city.code == login.city
        if login.role == "enterprise":
            assert user.enterprise.is_demo
            assert user.enterprise.province == City.objects.get(code=login.enterprise_city).name
    assert {u.role for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])} == {
        "admin",
        "staff",
        "official",
        "enterprise",
    }
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    for login in DEMO_LOGINS:
        assert login.username in out.getvalue()
        assert login.password in out.getvalue()


def test_seed_demo_replaces_applications_made_on_demo_products(seeded, fast_hashing):
    from products.models import Application

    seed_demo(enterprises=30, products=10, task_updates=0, seed=2)
    product = Product.objects.filter(is_demo=True, applications=None).select_related("enterprise").first()
    round_ = RecognitionRound.objects.get(program__slug=HANOI_KEY_PRODUCTS_2022, is_demo=False)
    made = Application.objects.create(round=round_, product=product, enterprise=product.enterprise, kind="key")
    seed_demo(enterprises=30, products=10, task_updates=0, seed=2)
    assert not Application.objects.filter(pk=made.pk).exists()
    # Only seed_demo's own dossiers, all in its demo rounds.
    assert not Application.objects.exclude(round__is_demo=True).exists()
    assert Product.objects.filter(is_demo=True).count() == 10 + demo_journeys.DOSSIER_PRODUCTS
