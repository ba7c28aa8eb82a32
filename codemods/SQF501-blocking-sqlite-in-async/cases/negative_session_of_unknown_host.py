"""A coroutine that runs `execute` on an object named like a session, in a
project that neither opens an engine nor takes its session from a host known to
keep SQLite: nothing says what database (or even what library) is behind it.
Not reported."""

from analytics_sdk import connect_warehouse


class Report:
    def __init__(self):
        self._session = connect_warehouse()

    async def refresh(self):
        rows = self._session.execute("SELECT count(*) FROM events")
        return list(rows)
