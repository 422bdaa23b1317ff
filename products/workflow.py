"""The application workflow in one table: which role may move an application from which status to which.

Every status change goes through services.application_transition, which reads this table under a row lock.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from products.models import Application

S = Application.Status

ENTERPRISE = "enterprise"
STAFF = "staff"

# Statuses from which the enterprise may still withdraw: anything before the decision.
_WITHDRAWABLE = (
    S.DRAFT,
    S.SUBMITTED,
    S.UNDER_REVIEW,
    S.SUPPLEMENT_REQUESTED,
    S.RESUBMITTED,
    S.COUNCIL_SCORING,
    S.PUBLIC_COMMENT,
)

TRANSITIONS: frozenset[tuple[str, str, str]] = frozenset(
    {
        (S.DRAFT, S.SUBMITTED, ENTERPRISE),
        (S.SUBMITTED, S.UNDER_REVIEW, STAFF),
        (S.UNDER_REVIEW, S.SUPPLEMENT_REQUESTED, STAFF),
        (S.SUPPLEMENT_REQUESTED, S.RESUBMITTED, ENTERPRISE),
        (S.RESUBMITTED, S.UNDER_REVIEW, STAFF),
        (S.UNDER_REVIEW, S.COUNCIL_SCORING, STAFF),
        (S.UNDER_REVIEW, S.REJECTED, STAFF),
        (S.COUNCIL_SCORING, S.PUBLIC_COMMENT, STAFF),
        (S.COUNCIL_SCORING, S.REJECTED, STAFF),
        (S.PUBLIC_COMMENT, S.RECOGNISED, STAFF),
        (S.PUBLIC_COMMENT, S.REJECTED, STAFF),
        *((status, S.WITHDRAWN, ENTERPRISE) for status in _WITHDRAWABLE),
    }
)

# Changes that must say why: the enterprise needs the staff's reasons to supplement, and a refusal is explained.
NOTE_REQUIRED = frozenset({S.SUPPLEMENT_REQUESTED, S.REJECTED})

FINAL_STATUSES = frozenset({S.RECOGNISED, S.REJECTED, S.WITHDRAWN})

# Statuses reached only through a page of their own, which asks for what they need: the comment window's
# dates, or the round's decision (which also issues the certificates).
DEDICATED_STEPS = frozenset({S.PUBLIC_COMMENT, S.RECOGNISED})


@dataclass(frozen=True)
class Action:
    """How a move to a status is offered to people: the button names what it does, and its confirmation
    says what will happen. No step of the workflow can be undone, so each one is confirmed."""

    label: str
    consequence: str
    note_label: str = _("Ghi chú (không bắt buộc)")
    # How the button stands out: "primary" moves the dossier on, "secondary" sends it back, "danger" ends it.
    emphasis: str = "primary"

    @property
    def danger(self) -> bool:
        return self.emphasis == "danger"


ACTIONS: dict[str, Action] = {
    S.SUBMITTED: Action(
        label=_("Nộp hồ sơ"),
        consequence=_(
            "Hồ sơ được gửi đến Sở Công Thương để thẩm định. Sau khi nộp, doanh nghiệp không sửa được thông tin "
            "và tài liệu của hồ sơ, trừ khi Sở yêu cầu bổ sung."
        ),
    ),
    S.UNDER_REVIEW: Action(
        label=_("Tiếp nhận và thẩm định"),
        consequence=_(
            "Hồ sơ chuyển sang giai đoạn thẩm định và doanh nghiệp được báo qua email. Trong khi thẩm định, "
            "doanh nghiệp không sửa được hồ sơ."
        ),
    ),
    S.SUPPLEMENT_REQUESTED: Action(
        label=_("Yêu cầu bổ sung"),
        consequence=_(
            "Hồ sơ được trả lại doanh nghiệp để bổ sung. Doanh nghiệp nhận email kèm nội dung cần bổ sung ghi "
            "dưới đây, và nội dung này hiện ở đầu trang hồ sơ."
        ),
        note_label=_("Nội dung cần bổ sung"),
        emphasis="secondary",
    ),
    S.RESUBMITTED: Action(
        label=_("Nộp hồ sơ bổ sung"),
        consequence=_(
            "Hồ sơ đã bổ sung được gửi lại Sở Công Thương để thẩm định tiếp. Sau khi nộp, doanh nghiệp không sửa "
            "được hồ sơ nữa."
        ),
    ),
    S.COUNCIL_SCORING: Action(
        label=_("Chuyển hội đồng chấm điểm"),
        consequence=_(
            "Hồ sơ được chuyển đến hội đồng xét chọn của đợt để chấm điểm theo phiếu chấm. Hồ sơ không quay lại "
            "giai đoạn thẩm định được."
        ),
    ),
    S.PUBLIC_COMMENT: Action(
        label=_("Công bố lấy ý kiến công khai"),
        consequence=_(
            "Tên sản phẩm, doanh nghiệp và điểm trung bình của hội đồng được công bố trên cổng để mọi người góp ý "
            "trong thời gian đã chọn. Hồ sơ không quay lại giai đoạn chấm điểm được."
        ),
    ),
    S.RECOGNISED: Action(
        label=_("Công nhận"),
        consequence=_("Sản phẩm được công nhận và được cấp giấy chứng nhận."),
    ),
    S.REJECTED: Action(
        label=_("Không công nhận"),
        consequence=_(
            "Hồ sơ kết thúc với kết quả không được công nhận; doanh nghiệp nhận email kèm lý do ghi dưới đây. "
            "Kết quả này không thay đổi được."
        ),
        note_label=_("Lý do không công nhận"),
        emphasis="danger",
    ),
    S.WITHDRAWN: Action(
        label=_("Rút hồ sơ"),
        consequence=_(
            "Hồ sơ bị rút khỏi đợt xét chọn và không được xét tiếp. Không thể hoàn tác, và sản phẩm này không "
            "đăng ký lại được trong đợt này."
        ),
        note_label=_("Lý do rút hồ sơ (không bắt buộc)"),
        emphasis="danger",
    ),
}


def is_allowed(from_status: str, to_status: str, role: str) -> bool:
    return (from_status, to_status, role) in TRANSITIONS


def targets_for(from_status: str, role: str) -> list[str]:
    """The statuses a role may move an application to, in the order of Application.Status."""
    return [s for s in S.values if (from_status, s, role) in TRANSITIONS]


def actions_for(from_status: str, role: str) -> list[tuple[str, Action]]:
    """The steps offered as buttons on the application's page: every allowed move but the dedicated ones."""
    return [(s, ACTIONS[s]) for s in targets_for(from_status, role) if s not in DEDICATED_STEPS]
