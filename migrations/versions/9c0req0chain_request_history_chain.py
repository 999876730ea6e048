"""Online requests keep their history in a hash chain of their own (request_events)

Revision ID: 9c0req0chain
Revises: 9c3f1a20lease
Create Date: 2026-12-02 13:00:00

Before, a request's history was a JSON list on its row, in no chain: a request refused before it
became a letter had it nowhere tamper-evident. Each existing request gets one `imported` event that
keeps the old list and the request's state now; the list column goes.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.domain.events import GENESIS, link_hash, plain_json, state_hash
from app.domain.residents import request_audit_state

revision = "9c0req0chain"
down_revision = "9c3f1a20lease"
branch_labels = None
depends_on = None

requests = sa.table(
    "resident_requests",
    *(
        sa.column(name)
        for name in (
            "id", "desa_id", "letter_type_id", "applicant_nik", "applicant_name", "delivery",
            "status", "reason", "letter_id",
        )
    ),
    sa.column("fields", sa.JSON),
    sa.column("history", sa.JSON),
)
attachments = sa.table(
    "request_attachments",
    *(sa.column(name) for name in ("id", "request_id", "requirement", "sha256", "size", "removed_why")),
)
events = sa.table(
    "request_events",
    *(
        sa.column(name)
        for name in (
            "request_id", "seq", "kind", "actor_id", "role", "office_id", "client_address",
            "state_hash", "prev_hash", "hash",
        )
    ),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("data", sa.JSON),
    sa.column("state_patch", sa.JSON),
)


def upgrade():
    op.create_table(
        "request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=30), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("state_patch", sa.JSON(), nullable=True),
        sa.Column("state_hash", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_request_events_actor_id_users")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_request_events_office_id_offices")),
        sa.ForeignKeyConstraint(
            ["request_id"], ["resident_requests.id"], name=op.f("fk_request_events_request_id_resident_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_events")),
        sa.UniqueConstraint("request_id", "seq", name=op.f("uq_request_events_request_id")),
    )
    connection = op.get_bind()
    now = datetime.now(UTC)
    for row in connection.execute(sa.select(requests)).all():
        files = connection.execute(
            sa.select(attachments).where(attachments.c.request_id == row.id)
        ).all()
        state = request_audit_state(row, files)
        content = {
            "request_id": row.id,
            "seq": 1,
            "kind": "imported",
            "actor_id": None,
            "role": None,
            "office_id": None,
            "client_address": None,
            "at": now.isoformat(),
            "data": plain_json({"history": row.history or []}),
            "state_patch": state,
            "state_hash": state_hash(state),
        }
        connection.execute(
            events.insert().values(
                **{**content, "at": now},
                prev_hash=GENESIS,
                hash=link_hash(content, GENESIS),
            )
        )
    with op.batch_alter_table("resident_requests") as batch_op:
        batch_op.drop_column("history")
    if connection.dialect.name == "postgresql":  # append-only, as every audit table
        op.execute(
            "CREATE TRIGGER request_events_append_only BEFORE UPDATE OR DELETE ON request_events "
            "FOR EACH ROW EXECUTE FUNCTION layang_refuse_audit_change()"
        )
        op.execute(
            "CREATE TRIGGER request_events_no_truncate BEFORE TRUNCATE ON request_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION layang_refuse_audit_change()"
        )


def downgrade():
    with op.batch_alter_table("resident_requests") as batch_op:
        batch_op.add_column(sa.Column("history", sa.JSON(), nullable=True))
    connection = op.get_bind()
    for (request_id,) in connection.execute(sa.select(requests.c.id)).all():
        steps = connection.execute(
            sa.select(events.c.kind, events.c.at, events.c.data)
            .where(events.c.request_id == request_id)
            .order_by(events.c.seq)
        ).all()
        history = []
        for kind, at, data in steps:
            if kind == "imported":
                history += data.get("history", [])
            else:
                history.append({"at": at.isoformat(), "kind": kind, **data})
        connection.execute(
            requests.update().where(requests.c.id == request_id).values(history=history)
        )
    with op.batch_alter_table("resident_requests") as batch_op:
        batch_op.alter_column("history", existing_type=sa.JSON(), nullable=False)
    if connection.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS request_events_no_truncate ON request_events")
        op.execute("DROP TRIGGER IF EXISTS request_events_append_only ON request_events")
    op.drop_table("request_events")
