"""Layang: e-letters from desa to kecamatan, routed by BPMN and signed electronically."""

import os
import secrets
from pathlib import Path

from flask import Flask

from app.config import Config


def create_app(config_class: type = Config, **overrides) -> Flask:
    """Build the Flask application: config, extensions, blueprints and CLI."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    app.config.update(overrides)
    _private_instance_folder(Path(app.instance_path))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(
            Path(app.instance_path) / "secret_key", secrets.token_hex(32)
        )
    if not app.config.get("CERT_ENCRYPTION_KEY"):
        from cryptography.fernet import Fernet

        app.config["CERT_ENCRYPTION_KEY"] = _instance_secret(
            Path(app.instance_path) / "cert_key", Fernet.generate_key().decode()
        )
    _absolute_sqlite_path(app)

    from app import models, security  # noqa: F401  (models: registers the tables)
    from app.api import bp as api_bp
    from app.api import register_api
    from app.cli import register_cli
    from app.extensions import csrf, db, login_manager, migrate
    from app.services.internal.database import configure_engine
    from app.web import register_web

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent.parent / "migrations"), render_as_batch=True
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    register_web(app)
    register_api(app)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, never with the session cookie
    register_cli(app)
    if app.config["RUN_TIMERS"]:
        from app.services.scheduler import start_scheduler

        start_scheduler(app)
    return app


def _private_instance_folder(path: Path) -> None:
    """instance/ holds the database, keys and the development CA: only the app's user may enter."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def _instance_secret(path: Path, new_value: str) -> str:
    """A per-installation secret, created on first start (owner-only), so none lives in code."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(new_value)
    return path.read_text().strip()


def _absolute_sqlite_path(app: Flask) -> None:
    """Put a relative SQLite file in the instance folder, wherever the app is started from."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    prefix = "sqlite:///"
    if uri.startswith(prefix) and not uri.startswith(prefix + "/") and uri != "sqlite://":
        database = Path(app.instance_path) / uri[len(prefix) :]
        if not database.exists():  # SQLite would create it world-readable (umask 022)
            os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
        app.config["SQLALCHEMY_DATABASE_URI"] = prefix + str(database)
