"""Star-imports the store but binds `session` itself to an HTTP session: its
`query`/`add_all` are not the shared ORM session's (a name the module binds
shadows the star import), so there is no read-then-write on the database."""
from store import *

from tiles_client import TileClient

session = TileClient()


def record(layer, path, stamp):
    existing = session.query(layer, path)
    if existing.count() > 0:
        return None
    session.add_all([(layer, path, stamp)])
    session.commit()
    return path
