"""Residents' online requests, attachments, desa-issued PINs, rate counters; letter type requirements

Revision ID: 9b2e5d1aresid
Revises: 8a1f0c3dfprint
Create Date: 2026-12-02 09:15:19
"""
from alembic import op
import sqlalchemy as sa


revision = '9b2e5d1aresid'
down_revision = "8a1f0c3dfprint"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_counters',
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_counters'))
    )
    op.create_table('resident_pins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('desa_id', sa.Integer(), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['desa_id'], ['offices.id'], name=op.f('fk_resident_pins_desa_id_offices')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_resident_pins_issued_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_pins')),
    sa.UniqueConstraint('desa_id', 'nik', name=op.f('uq_resident_pins_desa_id'))
    )
    op.create_table('resident_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('desa_id', sa.Integer(), nullable=False),
    sa.Column('letter_type_id', sa.Integer(), nullable=False),
    sa.Column('applicant_nik', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=120), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('contact_channel', sa.String(length=20), nullable=False),
    sa.Column('contact_address', sa.String(length=200), nullable=False),
    sa.Column('delivery', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('tracking_code', sa.String(length=20), nullable=False),
    sa.Column('otp_hash', sa.String(length=64), nullable=True),
    sa.Column('otp_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('otp_attempts', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['desa_id'], ['offices.id'], name=op.f('fk_resident_requests_desa_id_offices')),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_resident_requests_letter_id_letters')),
    sa.ForeignKeyConstraint(['letter_type_id'], ['letter_types.id'], name=op.f('fk_resident_requests_letter_type_id_letter_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_requests')),
    sa.UniqueConstraint('letter_id', name=op.f('uq_resident_requests_letter_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_resident_requests_public_id')),
    sa.UniqueConstraint('tracking_code', name=op.f('uq_resident_requests_tracking_code'))
    )
    with op.batch_alter_table('resident_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_requests_applicant_nik'), ['applicant_nik'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_requests_desa_id'), ['desa_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resident_requests_status'), ['status'], unique=False)

    op.create_table('request_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('requirement', sa.String(length=40), nullable=False),
    sa.Column('media_type', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removed_why', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['resident_requests.id'], name=op.f('fk_request_attachments_request_id_resident_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_attachments'))
    )
    with op.batch_alter_table('request_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_attachments_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('letter_types', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('requirements', sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )



def downgrade():
    with op.batch_alter_table('letter_types', schema=None) as batch_op:
        batch_op.drop_column('requirements')

    with op.batch_alter_table('request_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_attachments_request_id'))

    op.drop_table('request_attachments')
    with op.batch_alter_table('resident_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_requests_status'))
        batch_op.drop_index(batch_op.f('ix_resident_requests_desa_id'))
        batch_op.drop_index(batch_op.f('ix_resident_requests_applicant_nik'))

    op.drop_table('resident_requests')
    op.drop_table('resident_pins')
    op.drop_table('rate_counters')
