from sqlalchemy import text

from session_context import FreshSessionContext, ThreadSessionContext


class Controller:
    def __init__(self):
        self._scoped = ThreadSessionContext()
        self._fresh = FreshSessionContext()

    def run_rules(self):
        self._scoped.get_session().execute(text("DELETE FROM users WHERE name LIKE 'spam%'"))
        with self._fresh.get_session() as session:
            session.execute(text("DELETE FROM users WHERE name LIKE 'bot%'"))
            session.commit()

    def status(self):
        with self._fresh.get_session() as session:
            return session.execute(text("SELECT count(*) FROM users")).scalar()
