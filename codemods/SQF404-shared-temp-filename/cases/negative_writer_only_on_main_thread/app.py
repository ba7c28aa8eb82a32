"""An application with a background thread, but the settings file is saved
only from the main thread (the command handler below): there is one writer of
`settings.json.tmp` at a time, so its fixed name is shared with nobody. The
background thread only refreshes a database table."""
import json
import os
import sqlite3
import threading
import time


def refresh_stats():
    while True:
        conn = sqlite3.connect("stats.db")
        try:
            conn.execute("DELETE FROM stats WHERE ts < strftime('%s','now') - 86400")
            conn.commit()
        finally:
            conn.close()
        time.sleep(60)


def save_settings(path, settings):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(settings, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def handle(command):
    if command == "dark":
        save_settings("settings.json", {"theme": "dark"})


if __name__ == "__main__":
    threading.Thread(target=refresh_stats, daemon=True).start()
    for line in iter(input, "quit"):
        handle(line)
