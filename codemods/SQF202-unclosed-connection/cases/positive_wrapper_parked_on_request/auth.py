"""The fallback wrapper is built per request when the app has none, parked on
`request.state` "for a middleware to clean up" that does not exist, and never
closed; the other handler closes the one it builds."""
import os
import tempfile

from fastapi import FastAPI, Request

from store import Database

app = FastAPI()


@app.get("/key")
async def key_auth(request: Request, key: str):
    db = getattr(request.app.state, "db", None)
    if db is None:
        db = Database("state.db")
        db.initialize()
        request.state.db = db
    return {"ok": db.lookup(key) is not None}


@app.get("/closed")
def closed(key: str):
    db = Database("state.db")
    db.initialize()
    try:
        return {"ok": db.lookup(key) is not None}
    finally:
        db.close()


def scratch_count(rows):
    """A throwaway wrapper over a temporary file: not reported."""
    tmp = tempfile.NamedTemporaryFile(suffix=".db", delete=False)
    path = tmp.name
    tmp.close()
    db = Database(path)
    db.initialize()
    db.conn.executemany("INSERT INTO keys VALUES (?, ?)", rows)
    os.unlink(path)
    return len(rows)
