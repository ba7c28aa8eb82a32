"""The same token file written two ways: once at the end of a login (not a
checkpoint: the next run logs in again, as on first use) and again on every
refresh of the access token (reported: a refresh rewrites it routinely, and
the unguarded loader stops on a torn file). A token file whose loader takes a
torn file for a miss and logs in again is not reported on refresh either."""
import json
import os

TOKEN_FILE = os.path.expanduser("~/.config/sync/token.json")
SESSION_FILE = os.path.expanduser("~/.config/sync/session.json")


def load_token():
    with open(TOKEN_FILE) as f:
        return json.load(f)


def login(client, user, password):
    token = client.login(user, password)
    with open(TOKEN_FILE, "w") as f:
        json.dump(token, f)
    return token


def refresh_token(client):
    token = client.refresh(load_token()["refresh_token"])
    with open(TOKEN_FILE, "w") as f:
        json.dump(token, f)
    return token


def load_session():
    try:
        with open(SESSION_FILE) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def refresh_session(client):
    session = client.refresh(load_session()["refresh_token"])
    with open(SESSION_FILE, "w") as f:
        json.dump(session, f)
    return session
