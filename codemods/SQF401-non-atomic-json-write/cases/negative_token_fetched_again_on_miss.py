"""Access tokens and API answers the function saves only after reading the
saved copy gave nothing: a torn file is fetched again, like a missing one."""

import json
import os
from pathlib import Path

import requests

TOKEN_PATH = "access_token.json"
FORECAST_PATH = Path("forecast_today.json")


def access_token(client_id, secret):
    if os.path.exists(TOKEN_PATH):
        with open(TOKEN_PATH) as fh:
            saved = json.load(fh)
        if saved.get("expires_at", 0) > 0:
            return saved["token"]
    grant = requests.post(
        "https://auth.example.org/token",
        data={"client_id": client_id, "client_secret": secret},
        timeout=10,
    ).json()
    with open(TOKEN_PATH, "w") as fh:
        json.dump(grant, fh)
    return grant["token"]


def forecast():
    try:
        return json.loads(FORECAST_PATH.read_text())
    except (OSError, ValueError):
        pass
    answer = requests.get("https://weather.example.org/today", timeout=10).json()
    FORECAST_PATH.write_text(json.dumps(answer))
    return answer
