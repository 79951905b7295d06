"""Configuration from the environment (set per stage in .chalice/config.json, or by the local runner)."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    table: str
    region: str
    endpoint_url: str | None   # the local AWS stand-in; None in AWS


def load(environ=os.environ) -> Config:
    return Config(
        table=environ.get("INTEGRA_TABLE", "integra-local"),
        region=environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or "us-east-1",
        endpoint_url=environ.get("AWS_ENDPOINT_URL") or None,
    )
