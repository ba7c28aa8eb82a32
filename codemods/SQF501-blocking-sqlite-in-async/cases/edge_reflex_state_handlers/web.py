"""A Reflex state: its public methods are event handlers, run on Reflex's
event loop (reported); the private helper only runs inside them."""
import reflex as rx

import store


class TaskState(rx.State):
    titles: list[str] = []

    def load(self):
        self.titles = [t for (t,) in store.tasks()]

    def _label(self, title):
        return title.upper()
