"""The schema is only built by migrations: on SQLite and PostgreSQL they match the models and
go down and up cleanly, keeping the data they move."""

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.e2e.journeys import walk_sktm
from tests.residents.helpers import NIK, request_row, submitted_request, track
from tests.web import login_web


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> str:
    """The URL of an empty database of each kind."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")()
    return f"sqlite:///{tmp_path / 'schema.db'}"


def test_migrations_match_the_models_and_round_trip(empty_database):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert db.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        db.engine.dispose()


def test_signed_pdfs_survive_the_blob_migration_down_and_up(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    pdf = api_as("operator.bogem").get(f"/letters/{letter['id']}/pdf").get_data()
    with app.app_context():
        db.session.remove()
        downgrade(revision="e314ca0cfc58")  # before signed PDFs were blobs: back in the letter
        stored = db.session.execute(
            text("SELECT signed_pdf FROM letters WHERE id = :id"), {"id": letter["id"]}
        ).scalar()
        db.session.remove()
        assert bytes(stored) == pdf
        upgrade()
        db.engine.dispose()
    # Going below the sessions revision dropped every sign-in: sign in again.
    again = api_as("operator.bogem").get(f"/letters/{letter['id']}/pdf")
    assert again.status_code == 200
    assert again.get_data() == pdf


def test_signed_revisions_find_their_pdfs_again_after_the_revision_pdf_migration(app, api_as, sktm):
    walk_sktm(api_as, sktm)
    query = text("SELECT id, pdf_sha256 FROM signed_revisions ORDER BY id")
    with app.app_context():
        before = db.session.execute(query).all()
        assert len(before) == 2 and all(sha256 for _, sha256 in before)
        db.session.remove()
        downgrade(revision="c0ffee01throttle")  # before revisions kept their PDFs
        upgrade()  # the PDFs come back from the "signed" events
        assert db.session.execute(query).all() == before
        db.session.remove()
        db.engine.dispose()


def test_attachment_bytes_survive_the_private_blob_migration_down_and_up(app, client):
    answer = submitted_request(app, client)
    official = app.test_client()
    login_web(official, "operator.bogem")
    with app.app_context():
        attachment_id = db.session.scalar(text("SELECT max(id) FROM request_attachments"))
    photo = official.get(f"/lampiran/{attachment_id}").get_data()
    with app.app_context():
        db.session.remove()
        downgrade(revision="9c0req0chain")  # before attachments were private blobs: in the row
        stored = db.session.execute(
            text("SELECT content FROM request_attachments WHERE id = :id"), {"id": attachment_id}
        ).scalar()
        db.session.remove()
        assert bytes(stored) == photo
        upgrade()
        db.engine.dispose()
    again = app.test_client()
    login_web(again, "operator.bogem")
    assert again.get(f"/lampiran/{attachment_id}").get_data() == photo
    assert request_row(app, answer["tracking_code"]).status == "submitted"


def test_a_requests_history_survives_the_chain_migration_down_and_up(app, client):
    answer = submitted_request(app, client)
    with app.app_context():
        db.session.remove()
        downgrade(revision="9c3f1a20lease")  # before requests had chains: a JSON list on the row
        kept = db.session.execute(text("SELECT history FROM resident_requests")).scalar()
        db.session.remove()
        kept = json.loads(kept) if isinstance(kept, str) else kept
        assert [step["kind"] for step in kept] == ["submitted", "confirmed"]
        upgrade()
        db.engine.dispose()
    verified = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    tracked = track(client, answer["tracking_code"], NIK[-4:]).get_json()
    assert [step["label"] for step in tracked["steps"]] == ["Permohonan diterima"]
