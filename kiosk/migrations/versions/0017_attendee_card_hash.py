"""attendee card hash

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-24 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    # A keyed hash of a "carte Kiosk" code: people without a phone are recognised when they come back.
    with op.batch_alter_table('attendee', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column('card_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_attendee_card_hash'), ['card_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('attendee', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendee_card_hash'))
        batch_op.drop_column('card_hash')
