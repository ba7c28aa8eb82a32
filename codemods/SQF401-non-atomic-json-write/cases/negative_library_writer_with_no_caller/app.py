"""A library-database writer left in the module with no caller: the app now
keeps its library in SQLite and writes the JSON file nowhere else."""
import json
import sqlite3
import time

LIBRARY_JSON = "library.json"


def load_library_json():
    with open(LIBRARY_JSON) as f:
        return json.load(f)


def write_library_json(entries):
    with open(LIBRARY_JSON, "w") as f:
        json.dump(entries, f)


def main():
    conn = sqlite3.connect("library.db")
    entries = load_library_json()
    while True:
        conn.executemany("INSERT OR IGNORE INTO songs VALUES (?)", [(e,) for e in entries])
        conn.commit()
        time.sleep(60)


if __name__ == "__main__":
    main()
