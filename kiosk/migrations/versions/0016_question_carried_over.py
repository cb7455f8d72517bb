"""question carried over

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('question', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column('carried_over', sa.Boolean(), nullable=False, server_default=sa.false()))
    # What a duplicated workshop already took back (its copies are named after it) does not come back again.
    op.execute(
        "UPDATE question SET carried_over = true WHERE EXISTS (SELECT 1 FROM question AS copy"
        " WHERE copy.client_id = 'carried-' || question.id || '-to-' || copy.workshop_id)"
    )


def downgrade():
    with op.batch_alter_table('question', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_column('carried_over')
