"""A per-client request limit inside the process: the local run's stand-in for API Gateway throttling.

In AWS the stage and usage plans throttle (infra/); there this is off (RATE_LIMIT_PER_MINUTE unset), since one
Lambda container sees only a slice of the traffic. Staff calls with credentials are not limited.
"""
import threading
import time


class Limiter:
    """Token bucket per client: `per_minute` requests a minute, bursts up to the same number."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.rate, self.capacity, self.clock = per_minute / 60.0, float(per_minute), clock
        self.buckets: dict = {}
        self.lock = threading.Lock()

    def wait(self, client: str) -> float:
        """0 if the request may go now, else the seconds until it may."""
        with self.lock:
            now = self.clock()
            tokens, last = self.buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self.buckets[client] = (tokens - 1, now)
                return 0.0
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate


_limiter: Limiter | None = None


def middleware(event, get_response):
    """Chalice HTTP middleware: 429 with Retry-After once a client goes over the limit."""
    global _limiter
    from .. import bootstrap
    per_minute = bootstrap.wiring().config.rate_limit_per_minute
    if per_minute <= 0 or event.path.startswith("/staff/") or event.path == "/health":
        return get_response(event)
    if _limiter is None or _limiter.capacity != per_minute:
        _limiter = Limiter(per_minute)
    client = ((event.context or {}).get("identity") or {}).get("sourceIp") or "unknown"
    wait = _limiter.wait(client)
    if wait <= 0:
        return get_response(event)
    import math

    from chalice import Response

    from ..errors import ApiError
    from .http import JSON, dump, hint_lang
    seconds = max(1, math.ceil(wait))
    body = {**ApiError(429, "rate_limited", hint_lang(event), seconds=seconds).body(), "retry_after": seconds}
    return Response(body=dump(body), status_code=429,
                    headers={"Content-Type": JSON, "Retry-After": str(seconds), "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "no-store"})
