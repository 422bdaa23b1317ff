"""The application workflow in one table: which role may move an application from which status to which.

Every status change goes through services.application_transition, which reads this table under a row lock.
"""

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


def is_allowed(from_status: str, to_status: str, role: str) -> bool:
    return (from_status, to_status, role) in TRANSITIONS


def targets_for(from_status: str, role: str) -> list[str]:
    """The statuses a role may move an application to, in the order of Application.Status."""
    return [s for s in S.values if (from_status, s, role) in TRANSITIONS]
