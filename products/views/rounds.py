"""Department staff set up and run their city's rounds: the list, creating and copying a round, its settings,
criteria sheet, document types, council and assignments, and its opening, closing and extension with the call.

Every write goes through products/rounds.py; a round outside the user's city answers 404, as a missing one does.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from core import permissions
from core.confirm import is_confirmed, render_confirmation
from core.listing import paginate
from core.numbers import format_number
from core.permissions import staff_required
from products import rounds, services
from products.forms_rounds import (
    AssignmentForm,
    CouncilMemberForm,
    CriterionForm,
    DocumentTypeForm,
    RoundCloseForm,
    RoundCopyForm,
    RoundCreateForm,
    RoundExtendForm,
    RoundOpenForm,
    RoundSettingsForm,
    bands_text,
)
from products.models import CouncilMember, Criterion, DocumentType, RecognitionRound

ROUNDS_PER_PAGE = 25


def _round_or_404(user, round_id: int) -> RecognitionRound:
    queryset = permissions.rounds_editable_by(user, RecognitionRound.objects.select_related("program__city"))
    return get_object_or_404(queryset, pk=round_id)


def _show_errors(form, exc: ValidationError) -> None:
    """A service's refusal beside the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields and not form.fields[field].disabled else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _url(name: str, round: RecognitionRound) -> str:
    return reverse(f"products:{name}", kwargs={"round_id": round.id})


def _page(request, template: str, round: RecognitionRound, active: str, **context):
    return render(request, template, {"round": round, "active": active, **context})


# ---------------------------------------------------------------- the list, creating, copying


@staff_required
def staff_rounds(request):
    page = paginate(request, rounds.staff_round_list(request.user), ROUNDS_PER_PAGE)
    return render(request, "products/rounds/list.html", {"page_obj": page})


@staff_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    programs = rounds.staff_programs(request.user)
    form = RoundCreateForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        try:
            round = rounds.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo đợt xét chọn. Tiếp theo: lập phiếu chấm điểm, hồ sơ và hội đồng."))
            return redirect("products:round_setup", round_id=round.id)
    return render(request, "products/rounds/new.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def round_copy(request, round_id: int):
    source = _round_or_404(request.user, round_id)
    year = source.year + 1
    initial = {"year": year, "title": source.title.replace(str(source.year), str(year))}
    form = RoundCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round = rounds.round_copy(actor=request.user, source=source, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã sao chép từ đợt “%(title)s”: thiết lập, phiếu chấm điểm, tài liệu hồ sơ và hội đồng.")
                % {"title": source.title},
            )
            return redirect("products:round_setup", round_id=round.id)
    return render(request, "products/rounds/copy.html", {"form": form, "source": source})


# ---------------------------------------------------------------- settings


@staff_required
@require_http_methods(["GET", "POST"])
def round_setup(request, round_id: int):
    round = _round_or_404(request.user, round_id)
    scored = services.scoring_started(round)
    year_fixed = round.applications.exists()
    form = RoundSettingsForm(request.POST or None, instance=round, scoring_started=scored, year_fixed=year_fixed)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in rounds.ROUND_SETTINGS if not form.fields[name].disabled}
        year = None if form.fields["year"].disabled else form.cleaned_data["year"]
        try:
            rounds.round_update(actor=request.user, round=round, year=year, **data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thiết lập của đợt."))
            return redirect("products:round_setup", round_id=round.id)
    return _page(
        request,
        "products/rounds/setup.html",
        round,
        "setup",
        form=form,
        open_errors=rounds.round_open_errors(round) if round.status == RecognitionRound.Status.PLANNED else [],
        valid_years=rounds.round_valid_years(round),
        comment_days=rounds.round_comment_days(round),
    )


# ---------------------------------------------------------------- the criteria sheet


@staff_required
@require_http_methods(["GET", "POST"])
def round_criteria(request, round_id: int):
    round = _round_or_404(request.user, round_id)
    form = CriterionForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.criterion_add(actor=request.user, round=round, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm tiêu chí “%(name)s”.") % {"name": form.cleaned_data["name"]})
            return redirect("products:round_criteria", round_id=round.id)
    sheet = rounds.criteria_tree(round)
    return _page(
        request,
        "products/rounds/criteria.html",
        round,
        "criteria",
        form=form,
        sheet=sheet,
        total=sum((c.max_points for c in sheet if c.parent_id is None), 0),
        errors=rounds.criteria_sheet_errors(round, sheet),
        editable=rounds.sheet_editable(round),
    )


def _criterion_or_404(round, criterion_id) -> Criterion:
    return get_object_or_404(Criterion.objects.filter(round=round), pk=criterion_id)


@staff_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, round_id: int, criterion_id: int):
    round = _round_or_404(request.user, round_id)
    criterion = _criterion_or_404(round, criterion_id)
    initial = {
        "parent": criterion.parent_id,
        "code": criterion.code,
        "name": criterion.name,
        "max_points": criterion.max_points,
        "order": criterion.order,
        "description": criterion.description,
        "suggest_metric": criterion.suggest_metric,
        "suggest_bands": bands_text(criterion.suggest_bands),
    }
    form = CriterionForm(request.POST or None, round=round, criterion=criterion, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["order"] is None:
            data["order"] = criterion.order
        try:
            rounds.criterion_update(actor=request.user, criterion=criterion, **data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tiêu chí “%(name)s”.") % {"name": data["name"]})
            return redirect("products:round_criteria", round_id=round.id)
    return _page(request, "products/rounds/item_form.html", round, "criteria", form=form, item=criterion,
                 heading=_("Sửa tiêu chí"), back=_url("round_criteria", round))  # fmt: skip


@staff_required
@require_POST
def criterion_delete(request, round_id: int, criterion_id: int):
    round = _round_or_404(request.user, round_id)
    criterion = _criterion_or_404(round, criterion_id)
    back = _url("round_criteria", round)
    if not is_confirmed(request):
        children = list(criterion.children.all())
        return render_confirmation(
            request,
            title=_("Bỏ tiêu chí khỏi phiếu chấm"),
            subject=round.title,
            summary=[(_("Tiêu chí"), criterion.name), (_("Điểm tối đa"), format_number(criterion.max_points))],
            consequences=[
                _("Tiêu chí bị xóa khỏi phiếu chấm điểm của đợt, cùng phân công chấm điểm của tiêu chí."),
                *(
                    [
                        _("Các tiêu chí thành phần cũng bị xóa: %(names)s.")
                        % {"names": "; ".join(c.name for c in children)}
                    ]
                    if children
                    else []
                ),
                _("Tổng điểm của phiếu chấm thay đổi; đợt chỉ mở được khi phiếu chấm đủ 100 điểm."),
            ],
            confirm_label=_("Bỏ tiêu chí"),
            cancel_url=back,
            danger=True,
        )
    try:
        rounds.criterion_remove(actor=request.user, criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã bỏ tiêu chí “%(name)s”.") % {"name": criterion.name})
    return redirect(back)


# ---------------------------------------------------------------- document types


@staff_required
@require_http_methods(["GET", "POST"])
def round_documents(request, round_id: int):
    round = _round_or_404(request.user, round_id)
    form = DocumentTypeForm(request.POST or None, initial={"allowed_extensions": "pdf", "max_size_mb": 10})
    if request.method == "POST" and form.is_valid():
        try:
            rounds.document_type_add(actor=request.user, round=round, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm loại tài liệu “%(name)s”.") % {"name": form.cleaned_data["name"]})
            return redirect("products:round_documents", round_id=round.id)
    return _page(
        request,
        "products/rounds/documents.html",
        round,
        "documents",
        form=form,
        document_types=list(round.document_types.all()),
    )


def _document_type_or_404(round, document_type_id) -> DocumentType:
    return get_object_or_404(DocumentType.objects.filter(round=round), pk=document_type_id)


@staff_required
@require_http_methods(["GET", "POST"])
def document_type_edit(request, round_id: int, document_type_id: int):
    round = _round_or_404(request.user, round_id)
    document_type = _document_type_or_404(round, document_type_id)
    form = DocumentTypeForm(request.POST or None, instance=document_type)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["order"] is None:
            data["order"] = document_type.order
        try:
            rounds.document_type_update(actor=request.user, document_type=document_type, **data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu loại tài liệu “%(name)s”.") % {"name": data["name"]})
            return redirect("products:round_documents", round_id=round.id)
    return _page(request, "products/rounds/item_form.html", round, "documents", form=form, item=document_type,
                 heading=_("Sửa loại tài liệu"), back=_url("round_documents", round))  # fmt: skip


@staff_required
@require_POST
def document_type_delete(request, round_id: int, document_type_id: int):
    round = _round_or_404(request.user, round_id)
    document_type = _document_type_or_404(round, document_type_id)
    back = _url("round_documents", round)
    if not is_confirmed(request):
        return render_confirmation(
            request,
            title=_("Bỏ loại tài liệu khỏi hồ sơ"),
            subject=round.title,
            summary=[(_("Tài liệu"), document_type.name)],
            consequences=[_("Doanh nghiệp không còn phải (hoặc được) nộp tài liệu này trong hồ sơ của đợt.")],
            confirm_label=_("Bỏ loại tài liệu"),
            cancel_url=back,
            danger=True,
        )
    try:
        rounds.document_type_remove(actor=request.user, document_type=document_type)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã bỏ loại tài liệu “%(name)s”.") % {"name": document_type.name})
    return redirect(back)


# ---------------------------------------------------------------- the council


@staff_required
@require_http_methods(["GET", "POST"])
def round_council(request, round_id: int):
    round = _round_or_404(request.user, round_id)
    form = CouncilMemberForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.council_member_add(actor=request.user, round=round, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm thành viên hội đồng."))
            return redirect("products:round_council", round_id=round.id)
    return _page(request, "products/rounds/council.html", round, "council", form=form, council=rounds.council_of(round))


def _member_or_404(round, member_id) -> CouncilMember:
    return get_object_or_404(CouncilMember.objects.filter(round=round).select_related("user"), pk=member_id)


@staff_required
@require_http_methods(["GET", "POST"])
def council_member_edit(request, round_id: int, member_id: int):
    round = _round_or_404(request.user, round_id)
    member = _member_or_404(round, member_id)
    initial = {"user": member.user_id, "role": member.role, "title": member.title, "agency": member.agency}
    form = CouncilMemberForm(request.POST or None, round=round, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.council_member_update(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thành viên hội đồng."))
            return redirect("products:round_council", round_id=round.id)
    return _page(request, "products/rounds/item_form.html", round, "council", form=form, item=member,
                 heading=_("Sửa thành viên hội đồng"), back=_url("round_council", round))  # fmt: skip


@staff_required
@require_POST
def council_member_delete(request, round_id: int, member_id: int):
    round = _round_or_404(request.user, round_id)
    member = _member_or_404(round, member_id)
    back = _url("round_council", round)
    if not is_confirmed(request):
        return render_confirmation(
            request,
            title=_("Bỏ thành viên khỏi hội đồng"),
            subject=round.title,
            summary=[
                (_("Thành viên"), member.user.get_full_name() or member.user.username),
                (_("Vai trò"), member.get_role_display()),
            ],
            consequences=[
                _("Người này không còn là thành viên hội đồng của đợt, cùng các tiêu chí được phân công cho họ.")
            ],
            confirm_label=_("Bỏ thành viên"),
            cancel_url=back,
            danger=True,
        )
    try:
        rounds.council_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã bỏ thành viên khỏi hội đồng."))
    return redirect(back)


@staff_required
@require_http_methods(["GET", "POST"])
def round_assignments(request, round_id: int):
    round = _round_or_404(request.user, round_id)
    matrix = rounds.assignment_matrix(round)
    members = rounds.council_of(round)
    agencies = rounds.round_agencies(round)
    form = AssignmentForm(request.POST or None, matrix=matrix, members=members, agencies=agencies)
    if request.method == "POST":
        try:
            rounds.criteria_assign_all(actor=request.user, round=round, assignments=form.assignments())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu phân công chấm điểm."))
        return redirect("products:round_assignments", round_id=round.id)
    rows = [
        {
            "criterion": row.criterion,
            "members": [
                (
                    form.cell_name(row.criterion, member=m),
                    m.id in row.members,
                    m.user.get_full_name() or m.user.username,
                )
                for m in members
            ],
            "agencies": [
                (form.cell_name(row.criterion, agency_index=i), a in row.agencies, a) for i, a in enumerate(agencies)
            ],
            "everyone": not row.members and not row.agencies,
        }
        for row in matrix
    ]
    return _page(
        request,
        "products/rounds/assignments.html",
        round,
        "assignments",
        rows=rows,
        members=members,
        agencies=agencies,
        scored=services.scoring_started(round),
    )


# ---------------------------------------------------------------- opening, closing, extending


@staff_required
@require_http_methods(["GET", "POST"])
def round_lifecycle(request, round_id: int):
    round = _round_or_404(request.user, round_id)
    action = request.POST.get("action") if request.method == "POST" else None
    open_form = RoundOpenForm(request.POST if action == "open" else None, round=round)
    extend_form = RoundExtendForm(request.POST if action == "extend" else None)
    close_form = RoundCloseForm(request.POST if action == "close" else None)
    form = {"open": open_form, "extend": extend_form, "close": close_form}.get(action)
    if form is not None and form.is_valid():
        response = _lifecycle_step(request, round, action, form)
        if response is not None:
            return response
    return _page(
        request,
        "products/rounds/lifecycle.html",
        round,
        "lifecycle",
        open_form=open_form,
        extend_form=extend_form,
        close_form=close_form,
        open_errors=rounds.round_open_errors(round) if round.status == RecognitionRound.Status.PLANNED else [],
        events=rounds.round_events(round),
    )


def _lifecycle_step(request, round, action, form):
    data = form.cleaned_data
    back = _url("round_lifecycle", round)
    if not is_confirmed(request):
        return _confirm_step(request, round, action, data, form, back)
    step = {"open": rounds.round_open, "extend": rounds.round_extend, "close": rounds.round_close}[action]
    try:
        step(actor=request.user, round=round, **data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _show_errors(form, exc)
        return None
    done = {
        "open": _("Đã mở nhận hồ sơ. Thông báo được đăng trên trang công khai."),
        "extend": _("Đã gia hạn nhận hồ sơ."),
        "close": _("Đã kết thúc nhận hồ sơ."),
    }
    messages.success(request, done[action])
    return redirect(back)


def _d(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "—"


def _confirm_step(request, round, action, data, form, back):
    if action == "open":
        return render_confirmation(
            request,
            title=pgettext("hành động", "Mở nhận hồ sơ"),
            subject=round.title,
            summary=[
                (_("Số thông báo"), data["call_number"]),
                (_("Ngày thông báo"), _d(data["call_date"])),
                (_("Nhận hồ sơ"), f"{_d(data['opens_on'])} – {_d(data['closes_on'])}"),
            ],
            consequences=[
                _("Thông báo mời nộp hồ sơ được đăng trên trang công khai; doanh nghiệp nộp được hồ sơ đến hết hạn."),
                _("Phiếu chấm điểm được công bố cùng thông báo và không sửa được nữa."),
            ],
            confirm_label=pgettext("hành động", "Mở nhận hồ sơ"),
            cancel_url=back,
        )
    if action == "extend":
        return render_confirmation(
            request,
            title=pgettext("hành động", "Gia hạn nhận hồ sơ"),
            subject=round.title,
            summary=[(_("Hạn nộp hiện tại"), _d(round.closes_on)), (_("Hạn nộp mới"), _d(data["closes_on"]))],
            consequences=[_("Hạn nộp mới và lý do gia hạn được đăng cùng thông báo trên trang công khai.")],
            confirm_label=_("Gia hạn"),
            cancel_url=back,
            form=form,
        )
    return render_confirmation(
        request,
        title=pgettext("hành động", "Kết thúc nhận hồ sơ"),
        subject=round.title,
        summary=[(_("Hạn nộp"), _d(round.closes_on))],
        consequences=[
            _("Đợt thôi nhận hồ sơ mới và chuyển sang giai đoạn xét chọn. Việc này không hoàn tác được."),
        ],
        confirm_label=pgettext("hành động", "Kết thúc nhận hồ sơ"),
        cancel_url=back,
        form=form,
        danger=True,
    )
