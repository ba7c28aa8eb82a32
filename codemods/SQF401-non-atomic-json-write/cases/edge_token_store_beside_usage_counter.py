"""Two files in one module. The token file is written only by functions named
for the credential (`save_token` at login, `store_tokens`): a lost token costs
one login, not reported. The usage file is written by `add_tokens` (counted
tokens) and by `add_request`: the same file rewritten by a function whose
name says nothing of credentials, so both writes of it are reported."""
import json
import os

TOKEN_FILE = os.path.expanduser("~/.config/app/token.json")
USAGE_FILE = os.path.expanduser("~/.config/app/usage.json")


def load_token():
    with open(TOKEN_FILE) as f:
        return json.load(f)


def save_token(token):
    with open(TOKEN_FILE, "w") as f:
        json.dump({"token": token}, f)


def store_tokens(access, refresh_value):
    with open(TOKEN_FILE, "w") as f:
        json.dump({"token": access, "refresh": refresh_value}, f)


def load_usage():
    with open(USAGE_FILE) as f:
        return json.load(f)


def add_tokens(n):
    usage = load_usage()
    usage["tokens"] = usage.get("tokens", 0) + n
    with open(USAGE_FILE, "w") as f:
        json.dump(usage, f)


def add_request():
    usage = load_usage()
    usage["requests"] = usage.get("requests", 0) + 1
    with open(USAGE_FILE, "w") as f:
        json.dump(usage, f)
