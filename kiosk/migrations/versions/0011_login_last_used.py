"""login last used

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used_at', sa.DateTime(), nullable=True))
    # A login signed in before this column existed was last known to be used when it was created.
    op.execute("UPDATE login SET last_used_at = created_at")
    # Rebuilt on SQLite: it must keep AUTOINCREMENT (0010), which reflection does not see.
    with op.batch_alter_table('login', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.alter_column('last_used_at', existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table('login', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_column('last_used_at')
