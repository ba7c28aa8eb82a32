"""Edge: one program, two rebuilds. A timer thread rebuilds the library
database every hour and the Rebuild button starts another thread: both build
into the fixed `library-rebuild.db` in the app's cache folder, so a click
during the hourly run mixes two builds in one file (reported). Rotating the
log through a fixed name in the same folder writes nothing there first, and is
not a rebuild (not reported)."""
import os
import sqlite3
import threading

DB_PATH = os.path.expanduser("~/.local/share/shelf/library.db")


def get_tmp_dir():
    path = os.path.expanduser("~/.cache/shelf")
    os.makedirs(path, exist_ok=True)
    return path


def rebuild_library():
    tmp = os.path.join(get_tmp_dir(), "library-rebuild.db")
    conn = sqlite3.connect(tmp)
    conn.execute("CREATE TABLE IF NOT EXISTS books (path TEXT)")
    for root, _dirs, files in os.walk(os.path.expanduser("~/Books")):
        conn.executemany("INSERT INTO books VALUES (?)", [(os.path.join(root, f),) for f in files])
    conn.commit()
    conn.close()
    os.replace(tmp, DB_PATH)


def rotate_log():
    os.rename(os.path.join(get_tmp_dir(), "shelf.log"), os.path.join(get_tmp_dir(), "shelf.log.1"))


def schedule():
    threading.Timer(3600, schedule).start()
    rebuild_library()


def on_rebuild_clicked():
    threading.Thread(target=rebuild_library, daemon=True).start()


if __name__ == "__main__":
    threading.Thread(target=schedule, daemon=True).start()
    on_rebuild_clicked()
