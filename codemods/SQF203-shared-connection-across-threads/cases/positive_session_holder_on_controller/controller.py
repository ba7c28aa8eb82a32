import persistence
from session_context import SessionContext


class Controller:
    def __init__(self):
        self._session_context = SessionContext()

    def run_rules(self):
        for user_id, name in persistence.list_users(self._session_context):
            if name.startswith("spam"):
                persistence.delete_user(self._session_context, user_id)

    def status(self):
        return len(persistence.list_users(self._session_context))
