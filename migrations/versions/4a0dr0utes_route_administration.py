"""Route administration: validation findings on each route version, and the deployment record

Revision ID: 4a0dr0utes
Revises: fa64f2e0baba
Create Date: 2026-11-25 16:10:00

Versions saved before this revision were the shipped routes, which pass validation: they are
marked deployable with no findings.
"""
from alembic import op
import sqlalchemy as sa


revision = "4a0dr0utes"
down_revision = "fa64f2e0baba"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("route_versions") as batch_op:
        batch_op.add_column(sa.Column("findings", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("deployable", sa.Boolean(), nullable=False, server_default=sa.true()))

    op.create_table(
        "route_deployments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("deployed_by_id", sa.Integer(), nullable=False),
        sa.Column("deployed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["route_id"], ["routes.id"], name=op.f("fk_route_deployments_route_id_routes")),
        sa.ForeignKeyConstraint(["version_id"], ["route_versions.id"],
                                name=op.f("fk_route_deployments_version_id_route_versions")),
        sa.ForeignKeyConstraint(["previous_version_id"], ["route_versions.id"],
                                name=op.f("fk_route_deployments_previous_version_id_route_versions")),
        sa.ForeignKeyConstraint(["deployed_by_id"], ["users.id"], name=op.f("fk_route_deployments_deployed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_deployments")),
    )
    with op.batch_alter_table("route_deployments") as batch_op:
        batch_op.create_index(batch_op.f("ix_route_deployments_route_id"), ["route_id"], unique=False)


def downgrade():
    with op.batch_alter_table("route_deployments") as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_deployments_route_id"))
    op.drop_table("route_deployments")
    with op.batch_alter_table("route_versions") as batch_op:
        batch_op.drop_column("deployable")
        batch_op.drop_column("findings")
