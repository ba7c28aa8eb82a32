"""The subclass writes the connection its base opens and nothing commits it:
not followed yet (a `self.conn` whose connect is in a base class of another
module is not resolved from the subclass's own methods), so no finding."""
import threading

from base import BaseDb


class Users(BaseDb):
    def touch(self, user_id):
        self.conn.execute("UPDATE users SET seen = datetime('now') WHERE id = ?", (user_id,))


def serve(users):
    threading.Thread(target=users.touch, args=(1,)).start()
