"""Saves that look like the admin's form save but carry part of the old state
into the new one: a counter bumped from the value read, and a field set only
when a form value is given (a call that skips it keeps the value it read,
which the other call's save may have changed). Both are read-modify-writes,
and stay reported."""
import json
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
SETTINGS = Path("data/settings.json")
PROFILE = Path("data/profile.json")


@app.post("/admin/settings")
def save_settings(title: str):
    settings = json.loads(SETTINGS.read_text())
    settings["title"] = title
    settings["revision"] = settings.get("revision", 0) + 1
    SETTINGS.write_text(json.dumps(settings))
    return {"ok": True}


@app.post("/admin/profile")
def save_profile(name: str, email: str = ""):
    profile = json.loads(PROFILE.read_text())
    profile["name"] = name
    if email:
        profile["email"] = email
    PROFILE.write_text(json.dumps(profile))
    return {"ok": True}
