"""Rebuild every table with a new key.

While the rebuild runs nobody else may read the file: a reader would see tables being
swapped under it. Exclusive locking is the point here, it keeps every other connection
out until the migration's connection closes, and the migration runs before the app
starts serving.
"""
import sqlalchemy as sa
from alembic import op


def _claim_the_file(conn):
    conn.exec_driver_sql("PRAGMA locking_mode=EXCLUSIVE")


def upgrade():
    conn = op.get_bind()
    _claim_the_file(conn)
    conn.execute(sa.text("CREATE TABLE items_new (id INTEGER PRIMARY KEY, owner TEXT, name TEXT)"))
    conn.execute(sa.text("INSERT INTO items_new SELECT id, owner, name FROM items"))
    conn.execute(sa.text("DROP TABLE items"))
    conn.execute(sa.text("ALTER TABLE items_new RENAME TO items"))


def downgrade():
    pass
