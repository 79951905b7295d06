"""Logs, metrics and traces: set up once per container, used everywhere through four small functions.

- **Logs** are JSON lines (Powertools Logger on the stdlib logger "integra"): level, message, timestamp, the
  Lambda request id, and what `bind()` added for this invocation (the route, the submission, job or
  assessment id). Never personal data: a filter turns anything shaped like an e-mail address or an RFC into a
  short hash before a record is written, whatever a message or an exception says.
- **Metrics** go out in CloudWatch's embedded metric format (Powertools), namespace "Integra", one EMF line per
  `count()` with its own dimensions. The local run (METRICS_OUTPUT=summary) prints a summary line every minute
  instead; METRICS_OUTPUT=off keeps them quiet.
- **Traces**: X-Ray through Powertools Tracer, in AWS only, where the function's active tracing is on; the local
  run and the tests have no daemon to send to, so it stays off there (POWERTOOLS_TRACE_DISABLED).
"""
import hashlib
import logging
import os
import re
import threading
from collections import Counter
from functools import cache

SERVICE, NAMESPACE = "integra", "Integra"
# an e-mail address (also URL-encoded or with a full-width at sign); an RFC (3-4 letters, 6 digits, 3 characters),
# also typed with spaces, dots or hyphens between the groups, or run into other words
_EMAIL = re.compile(r"[\w.+'-]+(?:@|%40|＠)[\w-]+(?:\.[\w-]+)+")
_RFC = re.compile(r"(?<![A-Za-zÑñ&])[A-ZÑ&]{3,4}[ .-]?(?:\d{2}[ .-]?){3}[A-Z\d]{3}(?![A-Za-z\d])", re.IGNORECASE)


def pseudonym(text: str) -> str:
    """A stable short hash: two log lines about the same address or RFC (however it was typed) can be matched, the
    value itself not read back."""
    plain = re.sub(r"[ .-]", "", text).upper() if "@" not in text and "%40" not in text and "＠" not in text \
        else text.replace("%40", "@").replace("＠", "@").casefold()
    return "h:" + hashlib.sha256(plain.encode()).hexdigest()[:10]


def scrub(text: str) -> str:
    return _RFC.sub(lambda m: pseudonym(m.group(0)), _EMAIL.sub(lambda m: pseudonym(m.group(0)), text))


def _said(exc: BaseException) -> str:
    """An exception and what caused it, as one scrubbed line of text."""
    parts, seen, cause = [str(exc)], {id(exc)}, exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    while cause is not None and id(cause) not in seen and len(parts) < 5:  # the first is named by the traceback
        seen.add(id(cause))
        parts.append(f"{type(cause).__name__}: {cause}")
        cause = cause.__cause__ or (None if cause.__suppress_context__ else cause.__context__)
    return scrub(" <- caused by ".join(parts))


class NoPersonalData(logging.Filter):
    """Rewrites each record's message, arguments and exception text before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:  # the traceback stays; the exception's text, and
            kind, value, trace = record.exc_info               # its causes' (in one line), are scrubbed
            clean = type(kind.__name__, (Exception,), {"__module__": kind.__module__})(_said(value))
            record.exc_info, record.exc_text = (type(clean), clean, trace), None
        for key, value in list(vars(record).items()):
            if isinstance(value, str) and key not in ("msg", "name", "levelname", "pathname", "filename", "module",
                                                      "funcName", "threadName", "processName"):
                setattr(record, key, scrub(value))
        return True


class _Stdout(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the time (Lambda's never changes; a test's capture does)."""

    @property
    def stream(self):
        import sys
        return sys.stdout

    @stream.setter
    def stream(self, value) -> None:
        pass


_keys: dict = {}  # this invocation's keys, kept here until the first line is written


@cache
def logger():
    """The service's logger: Powertools' JSON formatter on "integra". Made at the first line written, so a request
    that logs nothing does not pay for it (the cold start)."""
    from aws_lambda_powertools import Logger
    log = Logger(service=SERVICE, level=os.environ.get("LOG_LEVEL", "INFO"), logger_handler=_Stdout())
    log.append_keys(**_keys)
    return log


class _FirstLine(logging.Handler):
    """Stands in until the first record: makes the JSON logger, hands the record to it, steps aside."""

    def emit(self, record: logging.LogRecord) -> None:
        log = logger()
        logging.getLogger(SERVICE).removeHandler(self)
        for handler in log.handlers:
            handler.handle(record)


def _install() -> None:
    """"integra" scrubs every record (whichever handler writes it) and writes JSON from its first line on."""
    base = logging.getLogger(SERVICE)
    base.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
    base.addFilter(NoPersonalData())
    base.addHandler(_FirstLine())
    base.propagate = False


_install()


def bind(**keys) -> None:
    """Keys every later log line of this invocation carries (ids, never personal data)."""
    clean = {k: scrub(str(v)) for k, v in keys.items() if v is not None}
    _keys.update(clean)
    if logger.cache_info().currsize:
        logger().append_keys(**clean)


def unbind(*keys: str) -> None:
    for key in keys:
        _keys.pop(key, None)
    if logger.cache_info().currsize:
        logger().remove_keys(list(keys))


def start(request_id: str | None, **keys) -> None:
    """A new invocation: forget the last one's keys, name this one."""
    _keys.clear()
    if logger.cache_info().currsize:
        logger().clear_state()
    bind(request_id=request_id, **keys)


# ---- metrics ----
_summary: Counter[str] = Counter()
_lock = threading.Lock()


def _output() -> str:
    return os.environ.get("METRICS_OUTPUT", "emf")


def count(name: str, value: int = 1, unit: str = "Count", **dimensions) -> None:
    """One metric, now: an EMF line in AWS (and in the tests), a counter in the local run's summary."""
    mode = _output()
    if mode == "off":
        return
    if mode == "summary":
        label = name + "".join(f" {k}={v}" for k, v in sorted(dimensions.items()))
        with _lock:
            _summary[label] += int(value)
        _summary_thread()
        return
    from aws_lambda_powertools.metrics import MetricUnit, single_metric
    with single_metric(name=name, unit=getattr(MetricUnit, unit), value=value, namespace=NAMESPACE,
                       default_dimensions={"service": SERVICE}) as metric:
        for key, val in dimensions.items():
            metric.add_dimension(name=key, value=str(val))


def summary_line(role: str) -> str | None:
    """What was counted since the last line (and forget it), or None when nothing was."""
    with _lock:
        if not _summary:
            return None
        said = ", ".join(f"{label}: {n:g}" for label, n in sorted(_summary.items()))
        _summary.clear()
    return f"metrics ({role}, last minute): {said}"


@cache
def _summary_thread() -> threading.Thread:
    role = os.environ.get("INTEGRA_ROLE", "api")

    def run():
        stop = threading.Event()
        while not stop.wait(float(os.environ.get("METRICS_SUMMARY_SECONDS", "60"))):
            line = summary_line(role)
            if line:
                print(line, flush=True)
    thread = threading.Thread(target=run, name="metrics-summary", daemon=True)
    thread.start()
    return thread


# ---- traces ----
@cache
def tracer():
    """Powertools Tracer where X-Ray is on (AWS), else None: nothing imported, nothing patched."""
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() in ("1", "true") or \
            not os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        return None
    from aws_lambda_powertools import Tracer
    return Tracer(service=SERVICE)  # patches botocore: each DynamoDB, SQS and SES call is a subsegment
