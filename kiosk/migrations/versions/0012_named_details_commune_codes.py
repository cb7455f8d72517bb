"""named people's details for the Coop's import file, communes by code INSEE

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from kiosk.rules import communes


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# Rebuilt on SQLite, a table must keep AUTOINCREMENT (0010), which reflection does not see.
NEVER_REUSED = {"sqlite_autoincrement": True}


def upgrade():
    with op.batch_alter_table('attendee', table_kwargs=NEVER_REUSED) as batch_op:
        batch_op.add_column(sa.Column('commune_insee', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('family_name', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('birth_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('gender', sa.String(length=1), nullable=True))
    with op.batch_alter_table('registration', table_kwargs=NEVER_REUSED) as batch_op:
        batch_op.add_column(sa.Column('commune_insee', sa.String(length=5), nullable=True))
    # A commune typed before the list existed gets its code when the text names one commune only;
    # what was typed stays as it was, so that going down loses nothing.
    conn = op.get_bind()
    typed = conn.execute(sa.text("SELECT DISTINCT commune FROM attendee WHERE commune IS NOT NULL"))
    for (text,) in typed.fetchall():
        commune = communes.certain(text)
        if commune is not None:
            conn.execute(
                sa.text("UPDATE attendee SET commune_insee = :code WHERE commune = :text"),
                {"code": commune.insee, "text": text},
            )


def downgrade():
    with op.batch_alter_table('registration', table_kwargs=NEVER_REUSED) as batch_op:
        batch_op.drop_column('commune_insee')
    with op.batch_alter_table('attendee', table_kwargs=NEVER_REUSED) as batch_op:
        batch_op.drop_column('gender')
        batch_op.drop_column('birth_year')
        batch_op.drop_column('family_name')
        batch_op.drop_column('commune_insee')
