"""Department staff: the publication of a round's result for comment, the comments on it (online and on paper,
each answered or noted), and a recognition's life after the decision (suspension, revocation, reinstatement)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.confirm import is_confirmed, render_confirmation
from core.permissions import staff_required
from products import comment_window, comments, lifecycle, selectors
from products.forms import (
    RECOGNITION_ACTION_LABELS,
    CommentHandleForm,
    PaperCommentForm,
    RecognitionStatusForm,
    ResultPublishForm,
)
from products.models import PublicComment, Recognition, RecognitionRound

from ._common import error_text


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def staff_round_or_404(user, round_id: int) -> RecognitionRound:
    return get_object_or_404(selectors.staff_rounds(user), pk=round_id)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


def _publish_form(round: RecognitionRound, data=None) -> ResultPublishForm:
    today = timezone.localdate()
    days = comments.round_comment_days(round)
    return ResultPublishForm(
        data,
        min_days=days,
        initial={"published_on": today, "comment_closes_on": comment_window.earliest_close(round.program, today, days)},
    )


@staff_required
def round_comments(request, round_id: int):
    round = staff_round_or_404(request.user, round_id)
    published = comments.is_published(round)
    rows = list(selectors.round_comments(round))
    context = {
        "round": round,
        "published": published,
        "comments": [
            (
                comment,
                CommentHandleForm(
                    prefix=f"c{comment.id}",
                    initial={
                        "handling": comment.handling or PublicComment.Handling.ANSWERED,
                        "response": comment.response,
                    },
                ),
            )
            for comment in rows
        ],
        "waiting": sum(1 for comment in rows if not comment.handling),
        "proposed": selectors.round_proposed_list(round)
        if published
        else comments.proposed_applications(round)
        .select_related("product", "enterprise")
        .order_by("rank", "-score_average", "id"),
        "decided": round.decision_date is not None,
    }
    if not published:
        context["publish_form"] = _publish_form(round)
    elif round.decision_date is None:
        context["paper_form"] = PaperCommentForm(applications=selectors.round_proposed_list(round))
    return render(request, "products/round_comments.html", context)


@staff_required
@require_POST
def round_publish(request, round_id: int):
    """Publish the round's proposed list for comment, with one deadline; confirmed first."""
    round = staff_round_or_404(request.user, round_id)
    back = reverse("products:round_comments", kwargs={"round_id": round.id})
    form = _publish_form(round, request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    data = form.cleaned_data
    if not is_confirmed(request):
        proposed = comments.proposed_applications(round).select_related("product", "enterprise")
        return render_confirmation(
            request,
            title=_("Công bố kết quả lấy ý kiến"),
            subject=f"{round.title} — {round.program.city.name}",
            summary=[
                (_("Ngày công bố"), _day(data["published_on"])),
                (_("Hạn góp ý"), _day(data["comment_closes_on"])),
                (_("Số sản phẩm đề xuất công nhận"), proposed.count()),
            ],
            consequences=[
                _(
                    "Danh sách các sản phẩm đạt điểm, với điểm và thứ hạng, được đăng công khai trên cổng để mọi "
                    "người góp ý đến hết hạn góp ý. Hồ sơ không quay lại giai đoạn chấm điểm được."
                ),
                _("Ngày công bố và hạn góp ý không sửa được sau khi công bố."),
            ],
            confirm_label=_("Công bố kết quả"),
            cancel_url=back,
        )
    try:
        published = comments.result_publish(actor=request.user, round=round, **data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Đã công bố %(n)d sản phẩm đề xuất công nhận, nhận ý kiến đến hết ngày %(date)s.")
            % {"n": len(published), "date": _day(data["comment_closes_on"])},
        )
    return redirect(back)


@staff_required
@require_POST
def comment_paper(request, round_id: int):
    """Enter a written comment received by post or by hand."""
    round = staff_round_or_404(request.user, round_id)
    form = PaperCommentForm(request.POST, applications=selectors.round_proposed_list(round))
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            comments.comment_enter_paper(actor=request.user, round=round, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã nhập ý kiến bằng văn bản."))
    return redirect("products:round_comments", round_id=round.id)


@staff_required
@require_POST
def comment_handle(request, round_id: int, comment_id: int):
    round = staff_round_or_404(request.user, round_id)
    comment = get_object_or_404(PublicComment.objects.filter(round=round), pk=comment_id)
    form = CommentHandleForm(request.POST, prefix=f"c{comment.id}")
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            comments.comment_handle(actor=request.user, comment=comment, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã lưu phần xử lý ý kiến của %(name)s.") % {"name": comment.author_name})
    return redirect(reverse("products:round_comments", kwargs={"round_id": round.id}) + f"#comment-{comment.id}")


def _staff_recognition_or_404(user, public_id) -> Recognition:
    recognition = get_object_or_404(
        Recognition.objects.select_related("round__program__city", "product__enterprise"), public_id=public_id
    )
    if not lifecycle.can_change_status(user, recognition):
        raise Http404
    return recognition


@staff_required
@require_http_methods(["GET", "POST"])
def recognition_manage(request, public_id):
    """A recognition's status, its history of changes, and the form to suspend, revoke or reinstate it (each
    confirmed first)."""
    recognition = _staff_recognition_or_404(request.user, public_id)
    targets = lifecycle.allowed_targets(recognition)
    form = RecognitionStatusForm(request.POST or None, targets=targets) if targets else None
    url = reverse("products:recognition_manage", kwargs={"public_id": recognition.public_id})
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        to_status = data.pop("to_status")
        if not is_confirmed(request):
            consequences = [
                _(
                    "Thay đổi được ghi vào lịch sử của công nhận cùng lý do, ngày có hiệu lực và người thực hiện, và "
                    "hiện trên trang xác minh công khai của giấy chứng nhận."
                )
            ]
            if to_status == Recognition.Status.REVOKED:
                consequences.append(_("Thu hồi là quyết định cuối cùng: công nhận không khôi phục được nữa."))
            return render_confirmation(
                request,
                title=RECOGNITION_ACTION_LABELS[to_status],
                subject=f"{recognition.product_name} — {recognition.certificate_number}",
                summary=[
                    (_("Doanh nghiệp"), recognition.enterprise_name),
                    (_("Tình trạng hiện tại"), recognition.get_status_display()),
                    (_("Có hiệu lực từ ngày"), _day(data["effective_on"])),
                    (_("Lý do"), data["reason"]),
                ],
                consequences=consequences,
                confirm_label=RECOGNITION_ACTION_LABELS[to_status],
                cancel_url=url,
                danger=to_status != Recognition.Status.ACTIVE,
            )
        try:
            lifecycle.ACTIONS[to_status](actor=request.user, recognition=recognition, **data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                _("Công nhận chuyển sang “%(status)s”.") % {"status": Recognition.Status(to_status).label},
            )
            return redirect(url)
    return render(
        request,
        "products/recognition_manage.html",
        {
            "recognition": recognition,
            "form": form,
            "changes": selectors.recognition_status_changes(recognition),
        },
    )
