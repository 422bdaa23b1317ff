"""The public calls for applications (thông báo mời nộp hồ sơ) of the selection rounds: the list of open and
upcoming calls, and one round's dated call with its criteria sheet and required documents."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from products import rounds


@require_GET
def round_calls(request):
    return render(
        request, "public/round_calls.html", {"calls": rounds.public_calls(), "results": rounds.public_results()}
    )


@require_GET
def round_call(request, round_id: int):
    round = rounds.public_call(round_id)
    if round is None:
        raise Http404
    return render(
        request,
        "public/round_call.html",
        {
            "round": round,
            "criteria": rounds.criteria_tree(round),
            "criteria_total": rounds.criteria_sum(round),
            "document_types": list(round.document_types.all()),
            "comment_days": rounds.round_comment_days(round),
            "valid_years": rounds.round_valid_years(round),
        },
    )
