import logging

log = logging.getLogger(__name__)


class RemoteCache:
    def __init__(self, client):
        self.db = client

    def flush(self):
        try:
            self.db.session.delete_all()
            self.db.session.commit()
        except Exception as e:
            log.warning("cache flush failed: %s", e)
