"""Initial schema: offices, users, routes, letters, tasks, events

Revision ID: fa64f2e0baba
Revises: 
Create Date: 2026-11-25 15:25:30.867016

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fa64f2e0baba'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['offices.id'], name=op.f('fk_offices_parent_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices')),
    sa.UniqueConstraint('code', name=op.f('uq_offices_code'))
    )
    op.create_table('routes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('deployed_version_id', sa.Integer(), nullable=True),
    # routes and route_versions point at each other: this key is added once both tables exist.
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routes')),
    sa.UniqueConstraint('code', name=op.f('uq_routes_code'))
    )
    op.create_table('letter_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('classification', sa.String(length=20), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('template', sa.JSON(), nullable=False),
    sa.Column('route_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['route_id'], ['routes.id'], name=op.f('fk_letter_types_route_id_routes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_types')),
    sa.UniqueConstraint('code', name=op.f('uq_letter_types_code'))
    )
    op.create_table('number_sequences',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_number_sequences_office_id_offices')),
    sa.PrimaryKeyConstraint('office_id', 'year', name=op.f('pk_number_sequences'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.String(length=120), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_users_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('route_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('route_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('bpmn_xml', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('comment', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_route_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['route_id'], ['routes.id'], name=op.f('fk_route_versions_route_id_routes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_route_versions')),
    sa.UniqueConstraint('route_id', 'number', name=op.f('uq_route_versions_route_id'))
    )
    with op.batch_alter_table('routes') as batch_op:
        batch_op.create_foreign_key(op.f('fk_routes_deployed_version_id_route_versions'), 'route_versions',
                                    ['deployed_version_id'], ['id'])
    op.create_table('signer_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('pkcs12', sa.LargeBinary(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('not_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_signer_certificates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signer_certificates'))
    )
    with op.batch_alter_table('signer_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signer_certificates_user_id'), ['user_id'], unique=False)

    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_type_id', sa.Integer(), nullable=False),
    sa.Column('desa_id', sa.Integer(), nullable=False),
    sa.Column('kecamatan_id', sa.Integer(), nullable=False),
    sa.Column('kabupaten_id', sa.Integer(), nullable=False),
    sa.Column('route_version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('applicant_nik', sa.String(length=16), nullable=False),
    sa.Column('applicant_name', sa.String(length=120), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('process_state', sa.JSON(), nullable=False),
    sa.Column('serializer_version', sa.String(length=20), nullable=False),
    sa.Column('signed_pdf', sa.LargeBinary(), nullable=True),
    sa.Column('tracking_code', sa.String(length=20), nullable=False),
    sa.Column('verify_code', sa.String(length=40), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_letters_created_by_id_users')),
    sa.ForeignKeyConstraint(['desa_id'], ['offices.id'], name=op.f('fk_letters_desa_id_offices')),
    sa.ForeignKeyConstraint(['kabupaten_id'], ['offices.id'], name=op.f('fk_letters_kabupaten_id_offices')),
    sa.ForeignKeyConstraint(['kecamatan_id'], ['offices.id'], name=op.f('fk_letters_kecamatan_id_offices')),
    sa.ForeignKeyConstraint(['letter_type_id'], ['letter_types.id'], name=op.f('fk_letters_letter_type_id_letter_types')),
    sa.ForeignKeyConstraint(['route_version_id'], ['route_versions.id'], name=op.f('fk_letters_route_version_id_route_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters')),
    sa.UniqueConstraint('created_by_id', 'idempotency_key', name=op.f('uq_letters_created_by_id')),
    sa.UniqueConstraint('number', name=op.f('uq_letters_number')),
    sa.UniqueConstraint('tracking_code', name=op.f('uq_letters_tracking_code')),
    sa.UniqueConstraint('verify_code', name=op.f('uq_letters_verify_code'))
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_applicant_nik'), ['applicant_nik'], unique=False)
        batch_op.create_index('ix_letters_desa_scope', ['desa_id', 'id'], unique=False)
        batch_op.create_index('ix_letters_kabupaten_scope', ['kabupaten_id', 'id'], unique=False)
        batch_op.create_index('ix_letters_kecamatan_scope', ['kecamatan_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_status'), ['status'], unique=False)

    op.create_table('letter_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=30), nullable=True),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('client_address', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_letter_events_actor_id_users')),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_letter_events_letter_id_letters')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_letter_events_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_events')),
    sa.UniqueConstraint('letter_id', 'seq', name=op.f('uq_letter_events_letter_id'))
    )
    op.create_table('signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=60), nullable=False),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signer_position', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('certificate_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('length_before', sa.Integer(), nullable=False),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_signatures_letter_id_letters')),
    sa.ForeignKeyConstraint(['signer_id'], ['users.id'], name=op.f('fk_signatures_signer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures'))
    )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signatures_letter_id'), ['letter_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('engine_id', sa.String(length=40), nullable=False),
    sa.Column('step', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('signing', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], name=op.f('fk_tasks_claimed_by_id_users')),
    sa.ForeignKeyConstraint(['completed_by_id'], ['users.id'], name=op.f('fk_tasks_completed_by_id_users')),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_tasks_letter_id_letters')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_tasks_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_inbox', ['state', 'role', 'office_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_letter_id'), ['letter_id'], unique=False)


def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_letter_id'))
        batch_op.drop_index('ix_tasks_inbox')

    op.drop_table('tasks')
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signatures_letter_id'))

    op.drop_table('signatures')
    op.drop_table('letter_events')
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_status'))
        batch_op.drop_index('ix_letters_kecamatan_scope')
        batch_op.drop_index('ix_letters_kabupaten_scope')
        batch_op.drop_index('ix_letters_desa_scope')
        batch_op.drop_index(batch_op.f('ix_letters_applicant_nik'))

    op.drop_table('letters')
    with op.batch_alter_table('signer_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signer_certificates_user_id'))

    op.drop_table('signer_certificates')
    with op.batch_alter_table('routes') as batch_op:
        batch_op.drop_constraint(op.f('fk_routes_deployed_version_id_route_versions'), type_='foreignkey')
    op.drop_table('route_versions')
    op.drop_table('users')
    op.drop_table('number_sequences')
    op.drop_table('letter_types')
    op.drop_table('routes')
    op.drop_table('offices')
