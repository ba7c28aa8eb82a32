"""An async handler hands its connection to an async background task: both run on
the event loop's thread, so check_same_thread does not fire (not reported). The
same connection handed to a sync task runs on a threadpool thread (reported)."""
import sqlite3

from fastapi import BackgroundTasks, FastAPI

app = FastAPI()


async def audit(conn, what):
    conn.execute("INSERT INTO audit VALUES (?)", (what,))
    conn.commit()


def audit_sync(conn, what):
    conn.execute("INSERT INTO audit VALUES (?)", (what,))
    conn.commit()


@app.post("/login")
async def login(tasks: BackgroundTasks):
    conn = sqlite3.connect("audit.db")
    tasks.add_task(audit, conn, "login")
    return {}


@app.post("/logout")
async def logout(tasks: BackgroundTasks):
    conn = sqlite3.connect("audit.db")
    tasks.add_task(audit_sync, conn, "logout")
    return {}
