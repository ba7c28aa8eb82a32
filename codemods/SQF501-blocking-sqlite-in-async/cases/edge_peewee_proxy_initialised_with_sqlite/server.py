"""A whole-table read in an async route is reported (the scheduler thread
writes the same file beside the loop); a keyed lookup in another route is
not: about a millisecond on the loop thread's own connection."""
import threading
import time

from fastapi import FastAPI
from peewee import SqliteDatabase

from db import Track, database

app = FastAPI()
database.initialize(SqliteDatabase("music.db"))


@app.get("/tracks")
async def tracks():
    return [{"title": t.title, "plays": t.plays} for t in Track.select()]


@app.get("/tracks/{track_id}")
async def track(track_id: int):
    t = Track.get_by_id(track_id)
    return {"title": t.title}


def count_plays():
    while True:
        Track.update(plays=Track.plays + 1).execute()
        time.sleep(60)


threading.Thread(target=count_plays, daemon=True).start()
