"""Plays the schedule and logs each play; reads the settings, never saves them."""
import sqlite3
import time

from station.config_io import SETTINGS, load_settings


def play_forever():
    db = sqlite3.connect("plays.db", timeout=30)
    while True:
        settings = load_settings(SETTINGS)
        db.execute("INSERT INTO plays(channel) VALUES (?)", (settings["channel"],))
        db.commit()
        time.sleep(settings.get("interval", 60))


if __name__ == "__main__":
    play_forever()
