"""A handler opens a connection and hands it to a background task: FastAPI runs
the task after the response on a threadpool thread, not the handler's."""
import sqlite3

from fastapi import BackgroundTasks, FastAPI

app = FastAPI()


def record_download(conn, package):
    conn.execute("UPDATE packages SET downloads = downloads + 1 WHERE name = ?", (package,))
    conn.commit()
    conn.close()


@app.get("/download/{package}")
def download(package: str, tasks: BackgroundTasks):
    conn = sqlite3.connect("channels.db")
    row = conn.execute("SELECT path FROM packages WHERE name = ?", (package,)).fetchone()
    tasks.add_task(record_download, conn, package)
    return {"path": row[0]}
