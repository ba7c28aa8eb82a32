"""The service: a FastAPI app that closes what it opens. Its examples and its
command-line package leak connections, but neither runs in the service."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/count")
def count():
    con = sqlite3.connect("app.db")
    try:
        return con.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        con.close()
