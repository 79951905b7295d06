"""The one wiring place: builds the adapters the services use, from configuration.

Heavy clients are created on first use and reused for the life of the Lambda container.
"""
from dataclasses import dataclass
from typing import Callable

from . import config as config_module
from .services.common import utc_now


@dataclass
class Wiring:
    store: object
    clock: Callable


_wiring: Wiring | None = None


def _dynamodb_store(cfg):
    # botocore, not boto3: the same client for a fraction of the import time (boto3 pulls in s3transfer)
    import botocore.session
    from botocore.config import Config as BotoConfig

    from .adapters.dynamodb import DynamoStore
    client = botocore.session.get_session().create_client(
        "dynamodb", region_name=cfg.region, endpoint_url=cfg.endpoint_url,
        config=BotoConfig(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=3, read_timeout=10))
    return DynamoStore(client, cfg.table)


def wiring() -> Wiring:
    global _wiring
    if _wiring is None:
        _wiring = Wiring(store=_dynamodb_store(config_module.load()), clock=utc_now)
    return _wiring


def override(**parts) -> None:
    """Tests swap the clock or the store here; ``reset`` goes back to configuration."""
    current = wiring()
    for name, value in parts.items():
        setattr(current, name, value)


def reset() -> None:
    global _wiring
    _wiring = None
