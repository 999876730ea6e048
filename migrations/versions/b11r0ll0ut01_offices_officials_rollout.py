"""Roll-out: office kinds, letterheads and number format; officials' NIP, contacts, forced password
change and session epoch; their post history; the acting form of delegations

Revision ID: b11r0ll0ut01
Revises: 9b2e4c7arevs
Create Date: 2026-12-02 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b11r0ll0ut01"
down_revision = "9b2e4c7arevs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("offices") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("kabupaten_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("letterhead", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("number_format", sa.String(length=120), nullable=True))
        batch_op.create_foreign_key("fk_offices_kabupaten_id", "offices", ["kabupaten_id"], ["id"])
    op.execute("UPDATE offices SET kind = level, letterhead = '{}'")
    op.execute("UPDATE offices SET kabupaten_id = parent_id WHERE level = 'kecamatan'")
    op.execute(
        "UPDATE offices SET kabupaten_id = "
        "(SELECT p.parent_id FROM offices p WHERE p.id = offices.parent_id) WHERE level = 'desa'"
    )
    with op.batch_alter_table("offices") as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("letterhead", existing_type=sa.JSON(), nullable=False)
        batch_op.create_index("ix_offices_kabupaten", ["kabupaten_id", "level"])
        batch_op.create_index(batch_op.f("ix_offices_parent_id"), ["parent_id"])

    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("nip", sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("auth_epoch", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_users_nik"), ["nik"])
        batch_op.create_index(batch_op.f("ix_users_office_id"), ["office_id"])

    op.create_table(
        "user_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("position", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user_assignments") as batch_op:
        batch_op.create_index(batch_op.f("ix_user_assignments_user_id"), ["user_id"])
    # Everyone already there starts their post history now.
    op.execute(
        "INSERT INTO user_assignments (user_id, office_id, role, position, started_at, reason) "
        "SELECT id, office_id, role, position, CURRENT_TIMESTAMP, 'Data awal' FROM users"
    )

    with op.batch_alter_table("delegations") as batch_op:
        batch_op.add_column(
            sa.Column("form", sa.String(length=10), nullable=False, server_default="plt")
        )


def downgrade():
    with op.batch_alter_table("delegations") as batch_op:
        batch_op.drop_column("form")
    with op.batch_alter_table("user_assignments") as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_assignments_user_id"))
    op.drop_table("user_assignments")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_office_id"))
        batch_op.drop_index(batch_op.f("ix_users_nik"))
        for column in ("auth_epoch", "must_change_password", "phone", "email", "nip"):
            batch_op.drop_column(column)
    with op.batch_alter_table("offices") as batch_op:
        batch_op.drop_index(batch_op.f("ix_offices_parent_id"))
        batch_op.drop_index("ix_offices_kabupaten")
        batch_op.drop_constraint("fk_offices_kabupaten_id", type_="foreignkey")
        for column in ("number_format", "logo", "letterhead", "kabupaten_id", "kind"):
            batch_op.drop_column(column)
