"""quiet pulse

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-24 11:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pulse',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendee.id'], name=op.f('fk_pulse_attendee_id_attendee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_pulse_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pulse')),
    sa.UniqueConstraint('client_id', name=op.f('uq_pulse_client_id')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('pulse', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pulse_workshop_id'), ['workshop_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pulse', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pulse_workshop_id'))

    op.drop_table('pulse')
