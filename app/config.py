"""Settings, read from the environment; no secrets in code."""

import os


class Config:
    SECRET_KEY = os.environ.get("LAYANG_SECRET_KEY")  # create_app falls back to a per-instance file
    SQLALCHEMY_DATABASE_URI = os.environ.get("LAYANG_DATABASE_URL", "sqlite:///layang.db")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Fernet key that encrypts officials' PKCS#12 files at rest; create_app falls back to a
    # per-instance file.
    CERT_ENCRYPTION_KEY = os.environ.get("LAYANG_CERT_KEY")
    PUBLIC_BASE_URL = os.environ.get("LAYANG_PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # PEM files of the certificate authorities whose signatures Layang trusts, separated by
    # os.pathsep.
    TRUST_ROOTS = [p for p in os.environ.get("LAYANG_TRUST_ROOTS", "").split(os.pathsep) if p]
    # Public verification (/v/<code>, /api/v1/verify): largest PDF upload, and how long a check is
    # reused.
    VERIFY_MAX_UPLOAD_BYTES = int(os.environ.get("LAYANG_VERIFY_MAX_UPLOAD_MB", 10)) * 1024 * 1024
    VERIFY_CACHE_SECONDS = int(os.environ.get("LAYANG_VERIFY_CACHE_SECONDS", 300))
    # Seconds one uploaded PDF may take to check before it is refused (with caps on its signatures,
    # revisions and objects: signing.ValidationLimits).
    VERIFY_TIME_BUDGET = float(os.environ.get("LAYANG_VERIFY_TIME_BUDGET", 5))
    SHOW_DEMO_LOGINS = os.environ.get("LAYANG_SHOW_DEMO_LOGINS") == "1"  # only `make run` sets it
    TASK_DUE_DAYS = int(
        os.environ.get("LAYANG_TASK_DUE_DAYS", 3)
    )  # a step is overdue after this many days
    RUN_TIMERS = (
        os.environ.get("LAYANG_RUN_TIMERS") == "1"
    )  # run the due-date timer in this process
    # Residents' attachments (online requests) are deleted this many days after the letter ends.
    ATTACHMENT_RETENTION_DAYS = int(os.environ.get("LAYANG_ATTACHMENT_RETENTION_DAYS", 30))
    # Notification channels (see docs/notifications.md); a channel without settings is off.
    SMTP_URL = os.environ.get("LAYANG_SMTP_URL")  # smtp://host:port
    MAIL_FROM = os.environ.get("LAYANG_MAIL_FROM", "layang@localhost")
    TELEGRAM_BOT_TOKEN = os.environ.get("LAYANG_TELEGRAM_BOT_TOKEN")
    TELEGRAM_API_URL = os.environ.get("LAYANG_TELEGRAM_API_URL", "https://api.telegram.org")
    WHATSAPP_URL = os.environ.get("LAYANG_WHATSAPP_URL")  # e.g. https://api.fonnte.com/send
    WHATSAPP_TOKEN = os.environ.get("LAYANG_WHATSAPP_TOKEN")
    # Sign-in sessions (server-side, services/sessions.py): idle and absolute timeouts.
    API_TOKEN_MAX_AGE = int(os.environ.get("LAYANG_API_TOKEN_MAX_AGE", 12 * 3600))
    API_TOKEN_IDLE_MINUTES = int(os.environ.get("LAYANG_API_TOKEN_IDLE_MINUTES", 120))
    SESSION_IDLE_MINUTES = int(os.environ.get("LAYANG_SESSION_IDLE_MINUTES", 30))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("LAYANG_SESSION_ABSOLUTE_HOURS", 12))
    # Wrong signing passphrases per official before Layang locks their signing (before BSrE locks
    # the certificate itself), and for how long.
    PASSPHRASE_MAX_FAILURES = int(os.environ.get("LAYANG_PASSPHRASE_MAX_FAILURES", 3))
    PASSPHRASE_LOCK_MINUTES = int(os.environ.get("LAYANG_PASSPHRASE_LOCK_MINUTES", 30))
    # Wrong passwords before sign-in is refused for a while: per account, and per client address.
    LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LAYANG_LOGIN_MAX_FAILURES", 10))
    LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LAYANG_LOGIN_MAX_FAILURES_ADDRESS", 50))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LAYANG_LOGIN_LOCK_MINUTES", 15))
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE = (
        os.environ.get("LAYANG_SECURE_COOKIES") == "1"
    )  # set it when served over HTTPS
    SESSION_COOKIE_SAMESITE = "Lax"

    # Who signs: "local" (each official's PKCS#12, opened with the passphrase) or "bsre" (BSrE
    # esign-client API).
    SIGNER_BACKEND = os.environ.get("LAYANG_SIGNER_BACKEND", "local")
    BSRE_URL = os.environ.get(
        "LAYANG_BSRE_URL"
    )  # base URL of the esign-client server, e.g. http://10.0.8.200
    BSRE_CLIENT_ID = os.environ.get(
        "LAYANG_BSRE_CLIENT_ID"
    )  # HTTP Basic credentials of Layang at BSrE
    BSRE_CLIENT_SECRET = os.environ.get("LAYANG_BSRE_CLIENT_SECRET")
    BSRE_TIMEOUT = float(os.environ.get("LAYANG_BSRE_TIMEOUT", 30))  # seconds per BSrE call
    # RFC 3161 time-stamping authority: set, signatures are PAdES B-T; unset, B-B (the time is the
    # signer's claim).
    TSA_URL = os.environ.get("LAYANG_TSA_URL")
    TSA_TIMEOUT = float(os.environ.get("LAYANG_TSA_TIMEOUT", 10))
    # How long a signing may hold its step while BSrE/the TSA work; a lease older than this belongs
    # to a process that died, and the next attempt releases it. Keep it above the remote timeouts.
    SIGNING_LEASE_SECONDS = float(os.environ.get("LAYANG_SIGNING_LEASE_SECONDS", 120))
    # The server's own PKCS#12 that seals PDF audit reports; unset, reports are produced unsigned
    # and say so.
    AUDIT_P12 = os.environ.get("LAYANG_AUDIT_P12")
    AUDIT_P12_PASSPHRASE = os.environ.get("LAYANG_AUDIT_P12_PASSPHRASE")
    # Where blob bytes (signed PDFs, process snapshots) live: database, file:///path or
    # s3://bucket/prefix (app/services/internal/object_stores.py); blobs up to BLOB_INLINE_BYTES
    # stay in the database anyway.
    BLOB_STORE = os.environ.get("LAYANG_BLOB_STORE", "database")
    BLOB_INLINE_BYTES = int(os.environ.get("LAYANG_BLOB_INLINE_BYTES", 4096))
    S3_ENDPOINT_URL = os.environ.get("LAYANG_S3_ENDPOINT_URL")  # unset: AWS itself
    S3_REGION = os.environ.get("LAYANG_S3_REGION")

    # flask-smorest: the OpenAPI document lives at /api/v1/openapi.json
    API_TITLE = "Layang API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret"
    CERT_ENCRYPTION_KEY = (
        "dGVzdC1vbmx5LWNlcnQta2V5LTMyLWJ5dGVzLWxvbmc="  # test-only, 32 bytes base64
    )
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # tests always pass their own database file
    PUBLIC_BASE_URL = "http://layang.test"
    TRUST_ROOTS: list[str] = []
    SIGNER_BACKEND = (
        "local"  # the environment of the machine running the tests never picks a backend
    )
    BSRE_URL = BSRE_CLIENT_ID = BSRE_CLIENT_SECRET = TSA_URL = None
    AUDIT_P12 = AUDIT_P12_PASSPHRASE = None  # tests that seal reports issue their own key
    SMTP_URL = TELEGRAM_BOT_TOKEN = WHATSAPP_URL = WHATSAPP_TOKEN = None  # tests turn channels on
    BLOB_STORE = "database"  # tests of the object stores pass their own
    S3_ENDPOINT_URL = S3_REGION = None
