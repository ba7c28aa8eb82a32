"""A session cookie jar that its loader throws away when it cannot parse it:
the program logs in again, as it does when the jar is missing."""

import json
import os

import requests

JAR = "session_cookies.json"


def restore(session: requests.Session) -> bool:
    if not os.path.exists(JAR):
        return False
    try:
        with open(JAR) as fh:
            session.cookies.update(json.load(fh))
    except json.JSONDecodeError:
        os.remove(JAR)
        return False
    return True


def remember(session: requests.Session) -> None:
    with open(JAR, "w") as fh:
        json.dump(session.cookies.get_dict(), fh)


def open_session(user, password):
    session = requests.Session()
    if not restore(session):
        session.post("https://shop.example.org/login", data={"u": user, "p": password}, timeout=10)
        remember(session)
    return session
