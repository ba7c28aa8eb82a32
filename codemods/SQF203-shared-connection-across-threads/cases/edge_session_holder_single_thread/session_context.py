"""Hands out the one session of its owner, opened on first use."""
from db import SessionFactory


class SessionContext:
    def __init__(self):
        self._session = None

    def get_session(self):
        if self._session is None:
            self._session = SessionFactory()
        return self._session
