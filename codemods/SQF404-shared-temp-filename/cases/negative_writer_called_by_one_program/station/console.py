"""The operator's console: a prompt that shows the play log and edits the
settings, one command at a time on its one thread."""
import sqlite3

from station.config_io import SETTINGS, load_settings, save_settings


def serve():
    db = sqlite3.connect("plays.db", timeout=30)
    while True:
        line = input("> ").strip()
        if line == "plays":
            print(db.execute("SELECT channel FROM plays").fetchall())
        elif line.startswith("set "):
            _, key, value = line.split(maxsplit=2)
            settings = load_settings(SETTINGS)
            settings[key] = value
            save_settings(SETTINGS, settings)


if __name__ == "__main__":
    serve()
