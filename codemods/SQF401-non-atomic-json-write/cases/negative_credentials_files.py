"""Files of credentials, each read back with no guard: the OAuth token a
client keeps, a command-line tool's `login` writing the account it signed in
with, a session's cookies. A torn one costs one login, as a missing one does on
first use: no work or state of the program is lost."""
import json
import os

TOKEN_FILE = os.path.expanduser("~/.config/notes/token.json")
CONFIG = os.path.expanduser("~/.config/notes/account.json")


def access_token():
    with open(TOKEN_FILE) as f:
        return json.load(f)["access_token"]


def store_token(token):
    with open(TOKEN_FILE, "w") as f:
        json.dump(token, f)


def current_account():
    with open(CONFIG) as f:
        return json.load(f)


def login(user, password):
    with open(CONFIG, "w") as f:
        json.dump({"user": user, "server": "https://notes.example"}, f)


class CookieJar:
    def __init__(self, path):
        self.path = path

    def load(self):
        with open(self.path) as f:
            return json.load(f)

    def save(self, cookies):
        with open(self.path, "w") as f:
            json.dump(cookies, f)
