"""A repository handed its connection through the constructor: it never calls
`sqlite3.connect` itself, but its `async def` methods run sqlite3 calls on the
connection they keep, on the event loop. The annotation says what the parameter
is; the module's own factory opens it with the default check_same_thread, so the
calls cannot simply move to a worker thread."""
import sqlite3


class NoteRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    async def add(self, text: str) -> int:
        cur = self._connection.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        self._connection.commit()
        return cur.lastrowid

    async def count(self) -> int:
        return self._connection.execute("SELECT count(*) FROM notes").fetchone()[0]


class TagRepository:
    # No annotation on the parameter: the class body declares the attribute's type.
    _conn: sqlite3.Connection

    def __init__(self, conn) -> None:
        self._conn = conn

    async def names(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT name FROM tags")]


async def open_repositories(path: str) -> tuple[NoteRepository, TagRepository]:
    conn = sqlite3.connect(path)
    return NoteRepository(conn), TagRepository(conn)
