"""A one-time conversion: when the old INI settings file is there, the program
reads it, writes the JSON settings, and renames the old file aside. It runs
once; a crash before the rename leaves the old file, so the next start converts
again. Not reported (the settings page's own save is)."""
import configparser
import json
import os

OLD_INI = "settings.ini"
SETTINGS = "settings.json"


def migrate_old_settings():
    if not os.path.exists(OLD_INI):
        return
    parser = configparser.ConfigParser()
    parser.read(OLD_INI)
    converted = {section: dict(parser[section]) for section in parser.sections()}
    with open(SETTINGS, "w") as fh:
        json.dump(converted, fh, indent=2)
    os.rename(OLD_INI, OLD_INI + ".bak")


def load_settings():
    migrate_old_settings()
    with open(SETTINGS) as fh:
        return json.load(fh)


def save_settings(values):
    with open(SETTINGS, "w") as fh:
        json.dump(values, fh, indent=2)
