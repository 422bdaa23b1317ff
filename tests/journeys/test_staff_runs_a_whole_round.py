"""A whole Hanoi round run in the browser by the city's staff, with no admin rights, from creating it to the UBND's
decision and a suspension shown on the public verification page; the enterprise, the council members and a public
visitor take their own steps in the same browser, each signed in with their demo login.

The journey is cut into five tests, in its order. Each test starts from the round as the earlier tests leave it,
brought there through the same services (tests/journeys/whole_round.py) for speed, and takes its own stage in the
browser; across the file every stage is taken in the browser once at each width:

1. staff create the round, set its criteria sheet, documents, council and assignments, and open it with a call;
2. the enterprise applies: figures of three years, documents, the checklist down to nothing, submission and its
   code (mã hồ sơ), then anyone looks it up with the code and the tax code;
3. staff review the dossier and send it to the council; each member scores only their assigned criteria and the
   chair closes scoring;
4. staff mark the Top 10 from the ranking, publish the result list with one deadline; a visitor comments online,
   staff enter a paper comment and answer or note each;
5. the comment period ends (the one write that is not a user's: whole_round.comment_period_ends); staff record the
   UBND's decision with its signer, the recognition shows on the verification page, staff suspend it with a reason
   and the verification page says so.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from products import dossier
from products.models import Application, PublicComment, Recognition, RecognitionRound, Score
from tests.journeys import whole_round as w

pytestmark = [pytest.mark.browser]

S = Application.Status


@pytest.fixture(autouse=True)
def _comment_rate(settings):
    """Every run comments from 127.0.0.1 on a round of the same id (the journeys restore the database, not the
    cache): the limit per address and round (products/comment_limit.py) is not what this journey tests."""
    settings.PUBLIC_COMMENT_RATE = "100/hour"


# ------------------------------------------------------------------------------------------------ moving around


def _sign_out(journey) -> None:
    page = journey.page
    toggle = page.get_by_role("button", name="Danh mục")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    journey.submit(page.get_by_role("button", name="Đăng xuất"))
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()


def _act(journey, label: str, *, within=None) -> None:
    """Press a button; where the action asks for confirmation (core/confirm.html), read it and confirm."""
    scope = within or journey.page.locator("main")
    journey.submit(scope.get_by_role("button", name=label, exact=True))
    if journey.page.get_by_text("Xác nhận trước khi thực hiện").count():
        journey.submit(journey.page.locator("form.confirm-form button[type=submit]"))


def _tab(journey, name: str) -> None:
    """A tab of the staff's round pages (products/_round_tabs.html)."""
    tabs = journey.page.get_by_role("navigation", name="Các trang của đợt xét chọn")
    journey.follow(tabs.get_by_role("link", name=name, exact=True))


def _open_round(journey, round_: RecognitionRound) -> None:
    """From the main navigation to the round's set-up page, as staff reach it."""
    journey.nav("Đợt xét chọn")
    journey.follow(journey.page.get_by_role("link", name=round_.title, exact=True))


def _status(journey, text: str | re.Pattern) -> None:
    expect(journey.page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


# ------------------------------------------------------------------------------------------------ the stages


def _set_up_and_open(journey) -> RecognitionRound:
    page = journey.page
    staff = w.user(w.STAFF)
    assert not staff.is_staff and not staff.is_superuser, "the city's staff user has no admin rights"
    assert staff.role == "staff" and staff.city.code == "hanoi"
    journey.sign_in(w.STAFF)
    journey.visit("/quan-tri/")
    expect(page.get_by_role("heading", name=re.compile("Quản trị|administration", re.I))).to_have_count(0)
    expect(page.locator("#id_username")).to_be_visible()  # the admin asks for an admin's login instead

    year, today = w.year(), w.today()
    journey.visit("/")
    journey.nav("Đợt xét chọn")
    journey.follow(page.get_by_role("link", name="Tạo đợt mới"))
    page.get_by_label("Chương trình").select_option(str(w.program().id))
    page.get_by_label("Năm").fill(str(year))
    page.get_by_label("Tên đợt").fill(w.title(year))
    journey.submit(page.get_by_role("button", name="Tạo đợt"))
    round_ = RecognitionRound.objects.get(program=w.program(), year=year)
    assert round_.status == RecognitionRound.Status.PLANNED

    # Settings: the scoring rule, the pass mark, the comment period and the validity of a recognition.
    page.locator("#id_scoring_rule").select_option("sum_assigned")
    page.locator("#id_pass_threshold").fill(w.PASS_THRESHOLD)
    page.locator("#id_comment_days").fill(str(w.COMMENT_DAYS))
    page.locator("#id_valid_years").fill(str(w.VALID_YEARS))
    journey.submit(page.get_by_role("button", name="Lưu thiết lập"))
    _status(journey, "Đã lưu thiết lập của đợt.")

    # The criteria sheet: a criterion with two sub-criteria, suggestion rules from the figures, 100 in all.
    _tab(journey, "Phiếu chấm điểm")
    for code, name, points in w.PARENTS:
        page.locator("#id_code").fill(code)
        page.locator("#id_name").fill(name)
        page.locator("#id_max_points").fill(str(points))
        journey.submit(page.get_by_role("button", name="Thêm tiêu chí"))
    for leaf in w.CRITERIA:
        if leaf.parent:
            parent = round_.criteria.get(code=leaf.parent)
            page.locator("#id_parent").select_option(str(parent.id))
        page.locator("#id_code").fill(leaf.code)
        page.locator("#id_name").fill(leaf.name)
        page.locator("#id_max_points").fill(str(leaf.points))
        if leaf.metric:
            page.locator("#id_suggest_metric").select_option(leaf.metric)
            page.locator("#id_suggest_bands").fill(leaf.bands)
        journey.submit(page.get_by_role("button", name="Thêm tiêu chí"))
        _status(journey, f"Đã thêm tiêu chí “{leaf.name}”.")
    expect(page.locator("main")).to_contain_text("Phiếu chấm hợp lệ")
    journey.screenshot("criteria")

    # The documents of the dossier, with their size and type limits.
    _tab(journey, "Tài liệu hồ sơ")
    for name, required, size, extensions in w.DOCUMENTS:
        page.locator("#id_name").fill(name)
        page.locator("#id_is_required").set_checked(required)
        page.locator("#id_max_size_mb").fill(str(size))
        page.locator("#id_allowed_extensions").fill(extensions)
        journey.submit(page.get_by_role("button", name="Thêm loại tài liệu"))

    # The council: the chair and a member, each with their agency.
    _tab(journey, "Hội đồng")
    for username, role, seat_title, agency in w.SEATS:
        page.locator("#id_user").select_option(str(w.user(username).id))
        page.locator("#id_role").select_option(role)
        page.locator("#id_title").fill(seat_title)
        page.locator("#id_agency").fill(agency)
        journey.submit(page.get_by_role("button", name="Thêm thành viên"))
    journey.screenshot("council")

    # Phân công chấm điểm: each leaf to a member or to an agency.
    _tab(journey, "Phân công chấm điểm")
    for leaf in w.CRITERIA:
        who = w.user(leaf.member).get_full_name() if leaf.member else leaf.agency
        page.get_by_label(f"{leaf.name} — {who}", exact=True).check()
    journey.submit(page.get_by_role("button", name="Lưu phân công"))
    journey.screenshot("assignments")

    # Open with a dated call.
    _tab(journey, "Nhận hồ sơ")
    page.locator("#id_call_number").fill(w.CALL_NUMBER)
    page.locator("#id_call_date").fill(today.isoformat())
    page.locator("#id_opens_on").fill(today.isoformat())
    page.locator("#id_closes_on").fill((today + datetime.timedelta(days=30)).isoformat())
    page.locator("#id_call_text").fill(w.CALL_TEXT)
    _act(journey, "Mở nhận hồ sơ")
    round_.refresh_from_db()
    assert round_.status == RecognitionRound.Status.OPEN and round_.call_number == w.CALL_NUMBER

    # What the database holds is what was typed.
    leaves = {c.name: c for c in round_.criteria.filter(children__isnull=True)}
    assert sorted(leaves) == sorted(leaf.name for leaf in w.CRITERIA)
    assert leaves["Doanh thu"].parent.name == "Thị trường và tăng trưởng" and leaves["Doanh thu"].suggest_bands
    for leaf in w.CRITERIA:
        assigned = leaves[leaf.name].assignments.get()
        assert (assigned.member.user.username if assigned.member else assigned.agency) == (leaf.member or leaf.agency)
    assert round_.document_types.filter(is_required=True).count() == 2
    assert {m.user.username: m.role for m in round_.council_members.all()} == {w.CHAIR: "chair", w.MEMBER: "member"}

    # The public call.
    _sign_out(journey)
    journey.visit("/xet-chon/")
    journey.follow(page.get_by_role("link", name=round_.title, exact=True))
    main = page.locator("main")
    for text in (w.CALL_NUMBER, _day(today), "Thị trường và tăng trưởng", "Doanh thu", "pdf, xlsx", w.CALL_TEXT):
        expect(main).to_contain_text(text)
    return round_


def _apply(journey, round_: RecognitionRound) -> Application:
    page = journey.page
    enterprise_user = w.user(w.ENTERPRISE)
    products = enterprise_user.enterprise.products.order_by("name")
    product = products.filter(applications__isnull=True).first() or products.first()
    journey.sign_in(w.ENTERPRISE)
    journey.nav("Hồ sơ đăng ký")
    journey.follow(page.get_by_role("link", name="Tạo hồ sơ mới"))
    page.get_by_label("Sản phẩm").select_option(label=product.name)
    page.get_by_label("Đợt xét chọn").select_option(label=round_.title)
    journey.submit(page.get_by_role("button", name="Tạo hồ sơ"))
    application = Application.objects.get(round=round_, product=product)

    # The checklist names every missing item: each required document, each required figure of each year.
    checklist = page.get_by_role("list", name="Hồ sơ đã đủ chưa")
    years = dossier.figure_years(round_)
    assert years == [round_.year - 3, round_.year - 2, round_.year - 1]
    expect(checklist.get_by_role("listitem")).to_have_count(len(dossier.dossier_missing(application)))
    for year in years:
        expect(checklist).to_contain_text(f"Số liệu năm {year}: doanh thu")
    expect(checklist).to_contain_text("Tài liệu: Đơn đăng ký xét chọn sản phẩm")

    journey.follow(page.get_by_role("link", name="Nhập số liệu và chứng nhận"))
    for year, row in w.figures(years).items():
        group = page.get_by_role("group", name=f"Năm {year}")
        group.get_by_label("Sản lượng", exact=True).fill(f"{row['output_quantity']:,}".replace(",", "."))
        group.get_by_label("Đơn vị sản lượng").fill(row["output_unit"])
        group.get_by_label("Doanh thu (triệu đồng)").fill(f"{row['revenue']:,}".replace(",", "."))
        group.get_by_label("Kim ngạch xuất khẩu (nghìn USD)").fill(f"{row['export_value']:,}".replace(",", "."))
        group.get_by_label("Số lao động").fill(str(row["workers"]))
    systems = page.get_by_role("group", name="Hệ thống quản lý chất lượng, quản lý khác của sản phẩm")
    systems.get_by_role("checkbox").first.check()
    journey.submit(page.get_by_role("button", name="Lưu", exact=True))
    if page.get_by_role("link", name="Quay lại hồ sơ").count():
        journey.follow(page.get_by_role("link", name="Quay lại hồ sơ"))
    assert sorted(dossier.figures_by_year(application)) == years

    for document_type in round_.document_types.filter(is_required=True).order_by("order", "id"):
        form = page.locator("#upload-form")
        form.get_by_label("Loại tài liệu").select_option(str(document_type.id))
        name = f"{document_type.pk}-ho-so.pdf"
        form.get_by_label("Tệp").set_input_files(files=[{"name": name, "mimeType": "application/pdf", "buffer": w.PDF}])
        journey.submit(form.get_by_role("button", name="Tải lên"))
        expect(page.get_by_role("link", name=name)).to_be_visible()
    # The checklist is down to nothing.
    assert dossier.dossier_missing(application) == []
    expect(page.get_by_role("list", name="Hồ sơ đã đủ chưa").locator("li", has_text="!")).to_have_count(0)
    journey.screenshot("complete")

    journey.take_step("Nộp hồ sơ")
    expect(page.locator("main header .status-line .badge")).to_have_text("Đã nộp")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and application.code
    expect(page.locator("main")).to_contain_text(application.code)

    # Anyone with the code and the tax code sees the stage, without signing in.
    _sign_out(journey)
    journey.visit("/tra-cuu-ho-so/")
    page.get_by_label("Mã hồ sơ").fill(application.code)
    page.get_by_label("Mã số thuế của doanh nghiệp").fill(application.enterprise.tax_code)
    journey.submit(page.get_by_role("button", name="Tra cứu"))
    expect(page.locator("main")).to_contain_text("Đã nộp")
    expect(page.locator("main")).not_to_contain_text(product.name)  # the stage and dates only
    return application


def _review_and_score(journey, application: Application) -> None:
    page = journey.page
    round_ = application.round
    product = application.product.name
    journey.sign_in(w.STAFF)
    _open_round(journey, round_)
    _tab(journey, "Nhận hồ sơ")
    _act(journey, "Kết thúc nhận hồ sơ")
    round_.refresh_from_db()
    assert round_.status == RecognitionRound.Status.REVIEW
    _tab(journey, "Hồ sơ và quyết định")
    journey.follow(page.locator("main").get_by_role("link", name=product, exact=True))
    journey.take_step("Tiếp nhận và thẩm định")
    journey.take_step("Chuyển hội đồng chấm điểm")
    expect(page.locator("main header .status-line .badge")).to_have_text("Hội đồng đang chấm điểm")
    _sign_out(journey)

    leaves = {c.name: c for c in round_.criteria.filter(children__isnull=True)}
    for username in (w.MEMBER, w.CHAIR):
        mine = [
            leaf
            for leaf in w.CRITERIA
            if leaf.member == username or leaf.agency and _agency(round_, username) == leaf.agency
        ]
        others = [leaf for leaf in w.CRITERIA if leaf not in mine]
        journey.sign_in(username)
        journey.nav("Hội đồng xét chọn")
        journey.follow(page.get_by_role("link", name=round_.title, exact=True))
        scored_here = page.get_by_role("region", name="Tiêu chí bạn chấm")
        for leaf in mine:
            expect(scored_here.get_by_role("list").first).to_contain_text(leaf.name)
        journey.follow(page.get_by_role("link", name=product, exact=True))
        sheet = page.get_by_role("region", name="Chấm điểm theo tiêu chí")
        for leaf in others:  # not on this member's sheet
            expect(sheet.get_by_label(re.compile(f"^{re.escape(leaf.name)} \\("))).to_have_count(0)
        for leaf in mine:
            sheet.get_by_label(re.compile(f"^{re.escape(leaf.name)} \\(")).fill(leaf.score)
        # A member who slips a score for a criterion assigned to someone else into the sheet changes nothing.
        intruder = leaves[others[0].name]
        sheet.locator("form").first.evaluate(
            "(form, name) => { const i = document.createElement('input'); i.type = 'hidden'; i.name = name;"
            " i.value = '1'; form.appendChild(i); }",
            f"c{intruder.id}",
        )
        journey.screenshot(f"sheet-{username}")
        journey.submit(sheet.get_by_role("button", name="Lưu phiếu chấm"))
        _status(journey, "Đã lưu phiếu chấm điểm.")
        saved = Score.objects.filter(application=application, member__user__username=username)
        assert sorted(s.criterion.name for s in saved) == sorted(leaf.name for leaf in mine)
        if username == w.CHAIR:
            _act(journey, "Kết thúc chấm điểm")
            _status(journey, "Đã kết thúc chấm điểm: 1 hồ sơ được xếp hạng.")
        _sign_out(journey)
    round_.refresh_from_db()
    application.refresh_from_db()
    assert round_.scoring_closed_at is not None and application.rank == 1
    assert application.score_average == w.TOTAL


def _agency(round_: RecognitionRound, username: str) -> str:
    return round_.council_members.get(user__username=username).agency


def _rank_publish_and_comment(journey, round_: RecognitionRound, application: Application) -> None:
    page = journey.page
    product = application.product.name
    today = w.today()
    deadline = today + datetime.timedelta(days=w.COMMENT_DAYS - 1)
    journey.sign_in(w.STAFF)
    _open_round(journey, round_)
    _tab(journey, "Xếp hạng")
    ranking = page.get_by_role("region", name="Bảng xếp hạng")
    expect(ranking.get_by_role("row").filter(has_text=product)).to_contain_text("88,5")
    top = page.get_by_role("region", name=re.compile("^Sản phẩm tiêu biểu"))
    top.get_by_role("checkbox", name=re.compile(f"^Hạng 1 — {re.escape(product)}")).check()
    top.get_by_label("Số văn bản công bố").fill(w.TOP_DECISION)
    top.get_by_label("Ngày văn bản").fill(today.isoformat())
    _act(journey, "Ghi nhận sản phẩm tiêu biểu", within=top)
    round_.refresh_from_db()
    application.refresh_from_db()
    assert application.in_top and round_.top_decision_number == w.TOP_DECISION

    _tab(journey, "Công bố và ý kiến")
    publish = page.get_by_role("region", name="Công bố kết quả lấy ý kiến")
    publish.get_by_label("Ngày công bố").fill(today.isoformat())
    publish.get_by_label("Hạn góp ý").fill(deadline.isoformat())
    _act(journey, "Công bố kết quả", within=publish)
    round_.refresh_from_db()
    application.refresh_from_db()
    assert round_.result_published_on == today and round_.comment_closes_on == deadline
    assert application.status == S.PUBLIC_COMMENT
    _sign_out(journey)

    # A visitor comments online on the published list.
    journey.visit(f"/xet-chon/{round_.id}/ket-qua/")
    expect(page.locator("main")).to_contain_text(f"đến hết ngày {_day(deadline)}")
    form = page.get_by_role("region", name="Gửi ý kiến")
    form.get_by_label("Góp ý về").select_option(label=f"{product} — {application.enterprise.name}")
    form.get_by_label("Họ tên").fill(w.ONLINE_AUTHOR)
    form.get_by_label("Email (không công khai)").fill("gopy@example.vn")
    form.get_by_label("Ý kiến").fill(w.ONLINE_BODY)
    journey.submit(form.get_by_role("button", name="Gửi ý kiến"))
    online = PublicComment.objects.get(round=round_, author_name=w.ONLINE_AUTHOR)
    assert online.channel == PublicComment.Channel.ONLINE and online.application_id == application.id

    # Staff enter the letter received by post, then answer or note every comment.
    journey.sign_in(w.STAFF)
    _open_round(journey, round_)
    _tab(journey, "Công bố và ý kiến")
    paper = page.get_by_role("region", name="Nhập ý kiến bằng văn bản")
    paper.get_by_label("Ngày nhận").fill(today.isoformat())
    paper.get_by_label("Người gửi (họ tên hoặc tên cơ quan)").fill(w.PAPER_AUTHOR)
    paper.get_by_label("Địa chỉ người gửi").fill(w.PAPER_ADDRESS)
    paper.get_by_label("Về sản phẩm").select_option(label=product)
    paper.get_by_label("Nội dung ý kiến").fill(w.PAPER_BODY)
    journey.submit(paper.get_by_role("button", name="Nhập ý kiến"))
    _status(journey, "Đã nhập ý kiến bằng văn bản.")
    written = PublicComment.objects.get(round=round_, author_name=w.PAPER_AUTHOR)
    assert written.channel == PublicComment.Channel.PAPER and written.received_on == today
    assert written.author_address == w.PAPER_ADDRESS

    for author, handling, text in ((w.ONLINE_AUTHOR, "Đã ghi nhận", ""), (w.PAPER_AUTHOR, "Đã trả lời", w.ANSWER)):
        item = page.get_by_role("listitem").filter(has_text=author).filter(has=page.get_by_role("button"))
        item.get_by_label("Xử lý").select_option(label=handling)
        if text:
            item.get_by_label("Nội dung trả lời / ghi chú").fill(text)
        journey.submit(item.get_by_role("button", name="Lưu phần xử lý"))
        _status(journey, f"Đã lưu phần xử lý ý kiến của {author}.")
    assert not PublicComment.objects.filter(round=round_, handling="").exists()
    assert PublicComment.objects.get(pk=written.pk).response == w.ANSWER
    journey.screenshot("comments")
    _sign_out(journey)


def _decide_and_suspend(journey, round_: RecognitionRound, application: Application) -> None:
    page = journey.page
    today = w.today()
    signer = w.signer(round_)
    journey.sign_in(w.STAFF)
    _open_round(journey, round_)
    _tab(journey, "Hồ sơ và quyết định")
    decision = page.get_by_role("region", name="Quyết định công nhận")
    decision.get_by_label("Số quyết định").fill(w.DECISION)
    decision.get_by_label("Ngày quyết định").fill(today.isoformat())
    decision.get_by_label("Người ký quyết định").select_option(str(signer.id))
    _act(journey, "Ra quyết định", within=decision)
    _status(journey, "Đã ra quyết định: 1 sản phẩm được công nhận, 0 hồ sơ không đạt.")
    round_.refresh_from_db()
    assert round_.decision_number == w.DECISION and round_.decision_signer_id == signer.id
    assert round_.decision_body.name.startswith("Ủy ban nhân dân")
    recognition = Recognition.objects.get(application=application)
    assert recognition.decision_number == w.DECISION and recognition.is_first_time
    assert recognition.valid_until.year == today.year + w.VALID_YEARS
    certificate = recognition.certificate_number
    journey.screenshot("decided")
    _sign_out(journey)

    journey.visit("/san-pham/xac-minh/")
    search = page.get_by_role("search")
    search.get_by_label("Số giấy chứng nhận").fill(certificate)
    journey.submit(search.get_by_role("button", name="Tra cứu"))
    main = page.locator("main")
    for text in (certificate, application.product.name, w.DECISION, "Đang có hiệu lực"):
        expect(main).to_contain_text(text)

    journey.sign_in(w.STAFF)
    _open_round(journey, round_)
    _tab(journey, "Hồ sơ và quyết định")
    journey.follow(page.locator("main").get_by_role("link", name=certificate, exact=True))
    change = page.get_by_role("region", name="Tạm đình chỉ, thu hồi hoặc khôi phục")
    change.get_by_label("Thay đổi").select_option(label="Tạm đình chỉ công nhận")
    change.get_by_label("Lý do").fill(w.SUSPENSION)
    change.get_by_label("Có hiệu lực từ ngày").fill(today.isoformat())
    _act(journey, "Tiếp tục", within=change)
    recognition.refresh_from_db()
    assert recognition.status == Recognition.Status.SUSPENDED
    _sign_out(journey)

    journey.visit("/san-pham/xac-minh/")
    search = page.get_by_role("search")
    search.get_by_label("Số giấy chứng nhận").fill(certificate)
    journey.submit(search.get_by_role("button", name="Tra cứu"))
    for text in (certificate, "Bị tạm đình chỉ", w.SUSPENSION):
        expect(main).to_contain_text(text)


# ------------------------------------------------------------------------------------------------ the tests


def test_1_staff_sets_up_and_opens_a_round(journey):
    _set_up_and_open(journey)
    journey.finish()


def test_2_enterprise_applies_in_the_round(journey):
    round_ = w.set_up_and_open()
    _apply(journey, round_)
    journey.finish()


def test_3_staff_review_and_the_council_scores_as_assigned(journey):
    round_ = w.set_up_and_open()
    application = w.apply(round_)
    _review_and_score(journey, application)
    journey.finish()


def test_4_staff_mark_the_top_publish_and_handle_comments(journey):
    round_ = w.set_up_and_open()
    application = w.apply(round_)
    w.review_and_send_to_council(application)
    w.score_and_close(application)
    round_.refresh_from_db()
    _rank_publish_and_comment(journey, round_, application)
    journey.finish()


def test_5_staff_record_the_decision_and_suspend_it(journey):
    round_ = w.set_up_and_open()
    application = w.apply(round_)
    w.review_and_send_to_council(application)
    w.score_and_close(application)
    w.rank_and_publish(round_)
    w.comment_and_handle(round_, application)
    # Time passes: the comment period ends. The one write of the file that is not a user's (see its docstring).
    deadline = w.comment_period_ends(round_)
    assert deadline == w.today() - datetime.timedelta(days=1)
    _decide_and_suspend(journey, round_, Application.objects.get(pk=application.pk))
    journey.finish()


def test_the_whole_round_in_one_go(journey):
    """The five stages one after the other, each starting from what the browser left: no service in between but the
    end of the comment period."""
    round_ = _set_up_and_open(journey)
    application = _apply(journey, round_)
    _review_and_score(journey, application)
    round_.refresh_from_db()
    _rank_publish_and_comment(journey, round_, application)
    w.comment_period_ends(round_)  # time passes: the comment period ends (whole_round.comment_period_ends)
    _decide_and_suspend(journey, round_, Application.objects.get(pk=application.pk))
    journey.finish()
