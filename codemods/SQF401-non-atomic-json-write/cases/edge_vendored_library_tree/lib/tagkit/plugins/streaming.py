"""A plugin of the bundled library the app never imports: its token file is
the library's business, and no entry point of this project runs it."""
import json

TOKEN_FILE = "streaming_token.json"


def load_token():
    with open(TOKEN_FILE) as f:
        return json.load(f)


def save_token(token):
    with open(TOKEN_FILE, "w") as f:
        json.dump(token, f)
