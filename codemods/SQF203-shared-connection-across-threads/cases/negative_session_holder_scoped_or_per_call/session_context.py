from db import SessionFactory, ThreadSessions


class ThreadSessionContext:
    """Each thread gets its own session from the scoped registry."""

    def __init__(self):
        self._session = None

    def get_session(self):
        if self._session is None:
            self._session = ThreadSessions()
        return self._session


class FreshSessionContext:
    """A new session per caller."""

    def get_session(self):
        return SessionFactory()
