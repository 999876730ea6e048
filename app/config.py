"""Settings, read from the environment; no secrets in code."""
import os


class Config:
    SECRET_KEY = os.environ.get("LAYANG_SECRET_KEY")  # create_app falls back to a per-instance file
    SQLALCHEMY_DATABASE_URI = os.environ.get("LAYANG_DATABASE_URL", "sqlite:///layang.db")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Fernet key that encrypts officials' PKCS#12 files at rest; create_app falls back to a per-instance file.
    CERT_ENCRYPTION_KEY = os.environ.get("LAYANG_CERT_KEY")
    PUBLIC_BASE_URL = os.environ.get("LAYANG_PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # PEM files of the certificate authorities whose signatures Layang trusts, separated by os.pathsep.
    TRUST_ROOTS = [p for p in os.environ.get("LAYANG_TRUST_ROOTS", "").split(os.pathsep) if p]
    SHOW_DEMO_LOGINS = os.environ.get("LAYANG_SHOW_DEMO_LOGINS") == "1"  # only `make run` sets it
    API_TOKEN_MAX_AGE = int(os.environ.get("LAYANG_API_TOKEN_MAX_AGE", 12 * 3600))
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    # flask-smorest: the OpenAPI document lives at /api/v1/openapi.json
    API_TITLE = "Layang API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret"
    CERT_ENCRYPTION_KEY = "dGVzdC1vbmx5LWNlcnQta2V5LTMyLWJ5dGVzLWxvbmc="  # test-only, 32 bytes base64
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # tests always pass their own database file
    PUBLIC_BASE_URL = "http://layang.test"
    TRUST_ROOTS: list[str] = []
