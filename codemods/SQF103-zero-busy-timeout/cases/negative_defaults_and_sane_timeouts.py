"""No timeout (5 s by default), sane ones, and timeouts that are not SQLite's."""
import sqlite3

import httpx
from sqlalchemy import create_engine

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "OPTIONS": {"timeout": 0},
    },
}

engine = create_engine("postgresql://app@localhost/app", connect_args={"timeout": 0})
local_engine = create_engine("sqlite:///local.db", connect_args={"timeout": 15})


def connect(path, timeout):
    # A timeout chosen by the caller: not guessed at.
    return sqlite3.connect(path, timeout=timeout)


def connect_default(path):
    return sqlite3.connect(path)


def connect_patient(path):
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def fetch(url):
    return httpx.get(url, timeout=0.5)
