"""Audit trail: hash-chained letter events, blobs, daily digests, read log; append-only on PostgreSQL

Revision ID: 5a0d17e0audit
Revises: fa64f2e0baba
Create Date: 2026-11-25 16:00:00

Events recorded before this revision have no hash; `flask audit verify` reports them.
"""
from alembic import op
import sqlalchemy as sa


revision = "5a0d17e0audit"
down_revision = "fa64f2e0baba"
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("letter_events", "audit_blobs", "audit_digests", "audit_reads")


def upgrade():
    with op.batch_alter_table("letter_events") as batch_op:
        batch_op.add_column(sa.Column("state_patch", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("state_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_letter_events_at", ["at"], unique=False)

    op.create_table(
        "audit_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("encoding", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_audit_blobs")),
    )
    op.create_table(
        "audit_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kabupaten_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("heads", sa.JSON(), nullable=False),
        sa.Column("events_count", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["kabupaten_id"], ["offices.id"],
                                name=op.f("fk_audit_digests_kabupaten_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_digests")),
        sa.UniqueConstraint("kabupaten_id", "day", name=op.f("uq_audit_digests_kabupaten_id")),
    )
    op.create_table(
        "audit_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["letter_id"], ["letters.id"], name=op.f("fk_audit_reads_letter_id_letters")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_audit_reads_office_id_offices")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_reads_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_reads")),
    )
    with op.batch_alter_table("audit_reads") as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_reads_letter_id"), ["letter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_reads_user_id"), ["user_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION layang_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'layang: % on % is refused: audit rows are append-only', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$
        """)
        for table in APPEND_ONLY_TABLES:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION layang_refuse_audit_change()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION layang_refuse_audit_change()")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS layang_refuse_audit_change()")
    with op.batch_alter_table("audit_reads") as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_reads_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_reads_letter_id"))
    op.drop_table("audit_reads")
    op.drop_table("audit_digests")
    op.drop_table("audit_blobs")
    with op.batch_alter_table("letter_events") as batch_op:
        batch_op.drop_index("ix_letter_events_at")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("state_hash")
        batch_op.drop_column("state_patch")
