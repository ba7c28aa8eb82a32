"""An integration's entity runs a configured SQL query in its `async def`
update on a sync SQLAlchemy session it gets from the host application's
recorder. The integration opens no engine and names no URL; the recorder's
database is SQLite unless the user configures another, and the recorder's
thread writes it all the time, so the query can wait on that write lock with the
host's event loop held. Reported at medium confidence, the evidence named. The
second entity runs the same work through the host's executor: not reported."""

import sqlalchemy
from homeassistant.components.recorder import get_instance
from homeassistant.helpers.entity import Entity


class QueryEntity(Entity):
    def __init__(self, make_session, query):
        self._make_session = make_session
        self._query = sqlalchemy.text(query)
        self._value = None

    async def async_update(self):
        self._session = self._make_session()
        try:
            result = self._session.execute(self._query)
            for row in result.mappings():
                self._value = row.get("value")
        finally:
            self._session.close()


class OffloadedQueryEntity(Entity):
    def __init__(self, hass, make_session, query):
        self.hass = hass
        self._make_session = make_session
        self._query = sqlalchemy.text(query)
        self._value = None

    def _update(self):
        session = self._make_session()
        try:
            self._value = session.execute(self._query).scalar()
        finally:
            session.close()

    async def async_update(self):
        await get_instance(self.hass).async_add_executor_job(self._update)


async def async_setup_entry(hass, entry, add_entities):
    make_session = get_instance(hass).get_session
    add_entities(
        [
            QueryEntity(make_session, entry.data["query"]),
            OffloadedQueryEntity(hass, make_session, entry.data["query"]),
        ]
    )
