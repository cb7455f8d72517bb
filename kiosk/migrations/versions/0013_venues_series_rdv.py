"""venues, series, and registrations imported from RDV Service Public

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-24 11:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'venue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('place_type', sa.String(length=20), nullable=False),
        sa.Column('commune_insee', sa.String(length=5), nullable=False),
        sa.Column('commune', sa.String(length=80), nullable=False),
        sa.Column('postal_code', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_venue')),
        sqlite_autoincrement=True,
    )
    op.create_table(
        'series',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_series')),
        sqlite_autoincrement=True,
    )
    # Rebuilt on SQLite: it must keep AUTOINCREMENT (0010), which reflection does not see.
    with op.batch_alter_table('workshop', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column('venue_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshop_venue_id'), ['venue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshop_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(
            op.f('fk_workshop_venue_id_venue'), 'venue', ['venue_id'], ['id'], ondelete='SET NULL'
        )
        batch_op.create_foreign_key(
            op.f('fk_workshop_series_id_series'), 'series', ['series_id'], ['id'], ondelete='SET NULL'
        )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rdv_id', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('registration', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_column('rdv_id')
    with op.batch_alter_table('workshop', table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_constraint(op.f('fk_workshop_series_id_series'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_workshop_venue_id_venue'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workshop_series_id'))
        batch_op.drop_index(batch_op.f('ix_workshop_venue_id'))
        batch_op.drop_column('series_id')
        batch_op.drop_column('venue_id')
    op.drop_table('series')
    op.drop_table('venue')
