"""A round's result published for public comment: the proposed list with rank and score as published, the one
deadline, the comment form (on one product or on the whole list), and the Sở's address for written comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.clientip import client_ip
from products import comments, selectors
from products.comment_limit import CommentRateLimited
from products.decision import comment_deadline
from products.forms import RoundCommentForm
from products.views._common import error_text


@require_http_methods(["GET", "POST"])
def round_result(request, round_id: int):
    round = get_object_or_404(selectors.published_rounds(), pk=round_id)
    proposed = selectors.round_proposed_list(round)
    open_now = comments.comments_open(round, timezone.localdate())
    form = RoundCommentForm(request.POST or None, applications=proposed.filter(status="public_comment"))
    status, retry_after = 200, None
    if request.method == "POST" and form.is_valid():
        thanks = redirect(reverse("public:round_result", kwargs={"round_id": round.id}) + "#comment-title")
        if form.is_robot():
            # Answered as a comment would be, so that the robot learns nothing; nothing is stored.
            messages.success(request, _("Cảm ơn bạn, ý kiến đã được ghi nhận."))
            return thanks
        try:
            comments.comment_submit(round=round, client_address=client_ip(request), **form.comment())
        except CommentRateLimited as exc:
            messages.error(request, error_text(exc))
            status, retry_after = 429, exc.retry_after
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Cảm ơn bạn, ý kiến đã được ghi nhận."))
            return thanks
    response = render(
        request,
        "public/round_result.html",
        {
            "round": round,
            "proposed": proposed,
            "form": form,
            "open_now": open_now,
            "deadline": comment_deadline(round),
            "department": selectors.department_of(round.program.city_id),
        },
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
