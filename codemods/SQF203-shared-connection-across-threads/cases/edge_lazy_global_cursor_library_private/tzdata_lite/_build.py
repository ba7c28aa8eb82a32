"""A library's build helper keeps a lazily opened cursor, but no public function
reaches it: only the maintainers' private build step uses it, once, on one thread."""
import sqlite3

_CUR = None


def _open():
    global _CUR
    _CUR = sqlite3.connect("zones.sqlite3").cursor()


def _dump_zones():
    if _CUR is None:
        _open()
    _CUR.execute("SELECT name FROM zones")
    return _CUR.fetchall()


def rebuild(path):
    """Writes the zone list; opens its own connection per call."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM zones").fetchone()[0]
    finally:
        conn.close()
