"""The one wiring place: builds the adapters the services use, from configuration.

Clients are created on first use and reused for the life of the Lambda container, so a handler pays only for
what it touches (the submit path never creates the mail client; the worker never builds request schemas).
"""
from collections.abc import Callable
from functools import cached_property, lru_cache

from . import config as config_module
from .services.common import utc_now


@lru_cache(maxsize=1)
def _session():
    """One botocore session for every client: the second client reuses the first one's loaded models and
    endpoint data (about 30 ms of a cold start)."""
    import botocore.session
    return botocore.session.get_session()


def _client(service: str, cfg):
    # botocore, not boto3: the same client for a fraction of the import time (boto3 pulls in s3transfer)
    from botocore.config import Config as BotoConfig
    return _session().create_client(
        service, region_name=cfg.region, endpoint_url=cfg.endpoint_url,
        config=BotoConfig(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=3, read_timeout=10))


class Wiring:
    def __init__(self, cfg=None, clock: Callable = utc_now):
        self.config = cfg or config_module.load()
        self.clock = clock

    @cached_property
    def store(self):
        from .adapters.dynamodb import DynamoStore
        return DynamoStore(_client("dynamodb", self.config), self.config.table)

    @cached_property
    def queue(self):
        if not self.config.mail_queue_url:
            return None
        from .adapters.sqs import SqsQueue
        return SqsQueue(_client("sqs", self.config), self.config.mail_queue_url, self.config.mail_dlq_url)

    @cached_property
    def mailer(self):
        from .adapters import mail
        if self.config.mail_transport == "smtp":
            return mail.SmtpMailer(self.config.smtp_host, self.config.smtp_port)
        return mail.SesMailer(_client("sesv2", self.config), self.config.ses_configuration_set)


    @cached_property
    def dashboard_sink(self):
        from pathlib import Path

        from .adapters import dashboard_sinks
        info = config_module.google_service_account(self.config)
        if info is None:
            return dashboard_sinks.XlsxSink(Path(self.config.dashboard_xlsx))
        client = dashboard_sinks.google_client(info)
        return dashboard_sinks.SheetsSink(client, self.config.dashboard_sheet_id or "", self.store)


_wiring: Wiring | None = None


def wiring() -> Wiring:
    global _wiring
    if _wiring is None:
        _wiring = Wiring()
    return _wiring


def override(**parts) -> None:
    """Tests swap the clock, the store, the mailer … here; ``reset`` goes back to configuration."""
    current = wiring()
    for name, value in parts.items():
        setattr(current, name, value)


def reset() -> None:
    global _wiring
    _wiring = None
