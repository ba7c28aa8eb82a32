"""One chat user's session: commands run on the session's own thread pool and
use the services the mixin kept."""
from concurrent.futures import ThreadPoolExecutor

from mixins import ServicesMixin


class ChatSession(ServicesMixin):
    def __init__(self, user_id):
        self.pool = ThreadPoolExecutor(max_workers=4)
        self.setup_services(user_id)

    def _shelve(self, title, shelf):
        self.shelves.shelve(title, shelf)

    def command(self, title, shelf):
        self.pool.submit(self._shelve, title, shelf)
