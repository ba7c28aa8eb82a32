"""A settings file read, given a generated signing secret, and written back in
place: the credential words name the secret, but the file holds every other
setting too, and a torn write loses them all at the next start. Stays
reported. The token cache beside it, written whole from what a login
returned, is not a checkpoint (the next run logs in again)."""
import json
import secrets
from pathlib import Path

SETTINGS = Path("settings.json")
TOKEN_CACHE = Path("token_cache.json")


def load_settings():
    return json.loads(SETTINGS.read_text())


def ensure_auth_secret(settings_path=SETTINGS):
    data = json.loads(settings_path.read_text())
    if data.get("auth_secret"):
        return
    data["auth_secret"] = secrets.token_urlsafe(32)
    settings_path.write_text(json.dumps(data, indent=2))


def save_token(token):
    TOKEN_CACHE.write_text(json.dumps({"token": token}))


def load_token():
    return json.loads(TOKEN_CACHE.read_text())
