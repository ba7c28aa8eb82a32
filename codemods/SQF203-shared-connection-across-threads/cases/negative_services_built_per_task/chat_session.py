"""The session keeps the container, not the services: each task asks the
container for the services it needs and removes its thread's session when the
task ends, so no database state crosses threads."""
from concurrent.futures import ThreadPoolExecutor

from containers import DEFAULT_URL, App


class ChatSession:
    def __init__(self, user_id):
        self.pool = ThreadPoolExecutor(max_workers=4)
        self.app = App()
        self.app.config.from_dict({"storage": {"url": DEFAULT_URL.replace("shelf", str(user_id))}})

    def _shelve(self, title, shelf):
        try:
            self.app.services.shelves().shelve(title, shelf)
        finally:
            self.app.storage.session().remove()

    def command(self, title, shelf):
        self.pool.submit(self._shelve, title, shelf)
