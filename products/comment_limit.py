"""How many public comments one address may send on one round's published result: settings.PUBLIC_COMMENT_RATE
("5/hour"), counted in the shared cache (Redis) per client address and round, whether on one proposed product or on
the whole list. The address is core.clientip.client_ip's, the
one rule every limit of the portal counts by. If the cache is away, comments are taken without the limit
rather than refused, as the API's throttle does."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class CommentRateLimited(ValidationError):
    """Too many comments from one address on one round's result; `retry_after` seconds until the count starts
    again."""

    def __init__(self, retry_after: int):
        super().__init__(
            _(
                "Bạn đã gửi quá nhiều ý kiến về kết quả xét chọn này trong thời gian ngắn nên ý kiến này chưa được "
                "ghi nhận. "
                "Vui lòng thử lại sau %(minutes)s phút."
            )
            % {"minutes": max(1, -(-retry_after // 60))},
            code="rate_limited",
        )
        self.retry_after = retry_after


def comment_rate() -> tuple[int, int]:
    """(comments allowed, period in seconds) from a rate such as "5/hour"."""
    count, period = settings.PUBLIC_COMMENT_RATE.split("/")
    return int(count), _PERIODS[period.strip()[0]]


def take(*, round_id: int, address: str) -> None:
    """Count one comment from `address` on the round's result, or refuse it past the rate."""
    allowed, period = comment_rate()
    key = f"public-comment:round:{round_id}:{address}"
    try:
        cache.add(key, 0, timeout=period)
        count = cache.incr(key)
    except (RedisError, ValueError) as error:
        logger.warning("Cache unreachable, public comment limit skipped: %s", error)
        return
    if count > allowed:
        raise CommentRateLimited(retry_after=period)
