"""Configuration from the environment (set per stage in .chalice/config.json, or by the local runner)."""
import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Config:
    table: str
    region: str
    endpoint_url: str | None        # the local AWS stand-in; None in AWS
    mail_queue_url: str | None
    mail_dlq_url: str | None
    mail_transport: str             # "ses" or "smtp"
    smtp_host: str
    smtp_port: int
    mail_from: str
    mail_reply_to: str
    ses_configuration_set: str | None
    public_api_url: str             # base of the signed links in e-mails
    privacy_notice_url: str
    link_ttl_days: int
    link_signing_key: str | None
    link_key_secret_id: str | None
    form_origins: tuple             # exact origins allowed by CORS (the hosted forms)
    dashboard_sheet_id: str | None  # the Google Sheet; without it (or the key) the grids go to an .xlsx
    google_sa_secret_id: str | None
    dashboard_xlsx: str
    dashboard_first_year: int
    first_assessment_days: int      # a pledge's first assessment is overdue after this many days
    form_min_seconds: int           # a form sent sooner than this after it was served is held back (bots)
    privacy_contact: str            # where data-subject (ARCO) requests go, shown in the privacy notice
    arco_block_days: int            # a cancelled company's data stay blocked this long, then are deleted
    staff_tokens: tuple             # ((name, token), ...): API tokens for staff scripts (AWS: from a secret)
    staff_tokens_secret_id: str | None  # Secrets Manager: {"name": "token", ...} for scripts
    staff_allowed: tuple            # who may sign in to the console: addresses, or "@domain" for a Workspace domain
    staff_signin: str               # "google" (OpenID Connect) or "local" (the local run's stand-in page)
    staff_session_hours: int
    google_client_id: str | None    # the OAuth client of the console's Google sign-in
    google_client_secret: str | None
    google_client_secret_id: str | None
    google_auth_uri: str            # Google's endpoints (a loopback stand-in in the tests)
    google_token_uri: str
    google_certs_url: str
    rate_limit_per_minute: int      # per-client request limit in the process (the local run); 0 = off
    benchmark_min_change: int       # a cohort's published figures change only after this many contributions did


def load(environ=os.environ) -> Config:
    get = environ.get
    return Config(
        table=get("INTEGRA_TABLE", "integra-local"),
        region=get("AWS_REGION") or get("AWS_DEFAULT_REGION") or "us-east-1",
        endpoint_url=get("AWS_ENDPOINT_URL") or None,
        mail_queue_url=get("MAIL_QUEUE_URL") or None,
        # the stack names it; the local run and the tests create "<queue>-dlq" beside the queue
        mail_dlq_url=get("MAIL_DLQ_URL") or (get("MAIL_QUEUE_URL") + "-dlq" if get("MAIL_QUEUE_URL") else None),
        mail_transport=get("MAIL_TRANSPORT", "ses"),
        smtp_host=get("SMTP_HOST", "127.0.0.1"),
        smtp_port=int(get("SMTP_PORT", "1025")),
        mail_from=get("MAIL_FROM", "Integra · Pacto Mundial México <integra@example.org>"),
        mail_reply_to=get("MAIL_REPLY_TO", "integridad@example.org"),
        ses_configuration_set=get("SES_CONFIGURATION_SET") or None,
        public_api_url=get("PUBLIC_API_URL", "http://127.0.0.1:8000").rstrip("/"),
        privacy_notice_url=get("PRIVACY_NOTICE_URL", "https://example.org/aviso-de-privacidad"),
        link_ttl_days=int(get("LINK_TTL_DAYS", "30")),
        link_signing_key=get("LINK_SIGNING_KEY") or None,
        link_key_secret_id=get("LINK_KEY_SECRET_ID") or None,
        form_origins=tuple(o.strip().rstrip("/") for o in
                           get("FORM_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000").split(",") if o.strip()),
        dashboard_sheet_id=get("DASHBOARD_SHEET_ID") or None,
        google_sa_secret_id=get("GOOGLE_SA_SECRET_ID") or None,
        dashboard_xlsx=get("DASHBOARD_XLSX", ".local/dashboard.xlsx"),
        dashboard_first_year=int(get("DASHBOARD_FIRST_YEAR", "2026")),
        first_assessment_days=int(get("REMINDER_FIRST_ASSESSMENT_DAYS", "90")),
        form_min_seconds=int(get("FORM_MIN_SECONDS", "2")),
        privacy_contact=get("PRIVACY_CONTACT", "datospersonales@example.org"),
        arco_block_days=int(get("ARCO_BLOCK_DAYS", "30")),
        staff_tokens=tuple(tuple(pair.split(":", 1)) for pair in get("STAFF_TOKENS", "").split(",") if ":" in pair),
        staff_tokens_secret_id=get("STAFF_TOKENS_SECRET_ID") or None,
        staff_allowed=tuple(a.strip().casefold() for a in get("STAFF_ALLOWED", "").split(",") if a.strip()),
        staff_signin=get("STAFF_SIGNIN", "google"),
        staff_session_hours=int(get("STAFF_SESSION_HOURS", "8")),
        google_client_id=get("GOOGLE_CLIENT_ID") or None,
        google_client_secret=get("GOOGLE_CLIENT_SECRET") or None,
        google_client_secret_id=get("GOOGLE_CLIENT_SECRET_ID") or None,
        google_auth_uri=get("GOOGLE_AUTH_URI", "https://accounts.google.com/o/oauth2/v2/auth"),
        google_token_uri=get("GOOGLE_TOKEN_URI", "https://oauth2.googleapis.com/token"),
        google_certs_url=get("GOOGLE_CERTS_URL", "https://www.googleapis.com/oauth2/v1/certs"),
        rate_limit_per_minute=int(get("RATE_LIMIT_PER_MINUTE", "0")),
        benchmark_min_change=max(1, int(get("BENCHMARK_MIN_CHANGE", "5"))),
    )


def _secret(cfg: Config, secret_id: str) -> str:
    import botocore.session
    client = botocore.session.get_session().create_client("secretsmanager", region_name=cfg.region,
                                                          endpoint_url=cfg.endpoint_url)
    return client.get_secret_value(SecretId=secret_id)["SecretString"]


@lru_cache(maxsize=4)
def google_service_account(cfg: Config) -> dict | None:
    """The dashboard's service-account key from Secrets Manager, read once per container."""
    if not (cfg.google_sa_secret_id and cfg.dashboard_sheet_id):
        return None
    import json
    info = json.loads(_secret(cfg, cfg.google_sa_secret_id))
    return info if info.get("private_key") else None  # the stack's placeholder until staff put the real key


@lru_cache(maxsize=4)
def link_key(cfg: Config) -> bytes:
    """The link-signing key: from Secrets Manager in AWS (read once per container), or given in the environment
    (the local run makes a random one under .local/ and passes it). Never a default: without a key nothing is
    signed, wherever the code runs."""
    if cfg.link_signing_key:
        return cfg.link_signing_key.encode()
    if cfg.link_key_secret_id:
        return _secret(cfg, cfg.link_key_secret_id).encode()
    raise RuntimeError("no link-signing key: set LINK_KEY_SECRET_ID (AWS) or LINK_SIGNING_KEY")


@lru_cache(maxsize=4)
def staff_tokens(cfg: Config) -> tuple:
    """((name, token), ...): the scripts' staff credentials, from the environment or (AWS) Secrets Manager."""
    if cfg.staff_tokens or not cfg.staff_tokens_secret_id:
        return cfg.staff_tokens
    import json
    data = json.loads(_secret(cfg, cfg.staff_tokens_secret_id))
    return tuple((str(k), str(v)) for k, v in data.items() if isinstance(v, str) and len(v) >= 24)


@lru_cache(maxsize=4)
def google_client_secret(cfg: Config) -> str | None:
    if cfg.google_client_secret or not cfg.google_client_secret_id:
        return cfg.google_client_secret
    return _secret(cfg, cfg.google_client_secret_id).strip() or None
