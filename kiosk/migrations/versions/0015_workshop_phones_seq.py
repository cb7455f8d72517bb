"""workshop phones seq

Revision ID: 0015
Revises: 0011
Create Date: 2026-11-24 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # The number of the latest change phones heard of: a phone tells a gap from changes not meant for it.
    # Until now phones heard every change, so the latest one is the workshop's own number.
    with op.batch_alter_table('workshop', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column('phones_seq', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE workshop SET phones_seq = seq")


def downgrade():
    with op.batch_alter_table('workshop', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_column('phones_seq')
