"""On PostgreSQL the database itself refuses to change or remove audit rows; replay holds too."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from tests.audit.test_replay import assert_replay_equals_saved_state, returned_sktm


def test_replay_equals_the_saved_state_and_verify_passes_on_postgresql(app, api_as, sktm):
    j = returned_sktm(app, api_as, sktm)
    assert assert_replay_equals_saved_state(j) == 41
    assert (
        j.observer.get(f"/audit/letters/{j.letter_id}/history.csv").status_code == 200
    )  # a read is logged
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "Jejak audit utuh." in result.output, result.output


def test_a_trigger_refuses_update_delete_and_truncate_of_audit_rows(app, api_as, skd):
    letter = api_as("operator.bogem").post("/letters", json=skd).get_json()
    api_as("auditor.blora").get(f"/letters/{letter['id']}/history")
    with app.app_context():
        for statement in (
            "UPDATE letter_events SET data = '{}' WHERE seq = 2",
            "DELETE FROM letter_events WHERE seq = 2",
            "TRUNCATE letter_events CASCADE",
            "UPDATE audit_blobs SET size = 0",
            "DELETE FROM audit_reads",
        ):
            with pytest.raises(DBAPIError, match="audit rows are append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        counts = [
            db.session.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("letter_events", "audit_reads")
        ]
        assert counts == [2, 1]
