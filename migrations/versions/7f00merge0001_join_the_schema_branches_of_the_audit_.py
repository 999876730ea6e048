"""Join the schema branches of the audit trail, route administration and delegations

Revision ID: 7f00merge0001
Revises: 4a0dr0utes, 5a0d17e0audit, 6d0e7a11timer
Create Date: 2026-11-25 16:47:50.319115

"""

revision = '7f00merge0001'
down_revision = ('4a0dr0utes', '5a0d17e0audit', '6d0e7a11timer')
branch_labels = None
depends_on = None


def upgrade():
    pass  # nothing to change: the branches touch different tables


def downgrade():
    pass
