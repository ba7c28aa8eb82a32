"""Adds a tile unless it is already recorded: two overlapping job runs both
count zero and both insert it."""
from store import *


def record(layer, path, stamp):
    existing = session.query(Tile).filter(Tile.path == path).filter(Tile.layer == layer)
    if existing.count() > 0:
        return None
    session.add_all([Tile(layer=layer, path=path, stamp=stamp)])
    session.commit()
    session.close()
    return path
