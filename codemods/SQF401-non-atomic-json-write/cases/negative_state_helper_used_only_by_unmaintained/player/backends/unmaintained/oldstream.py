"""A back-end nobody maintains; the daemon no longer imports it."""
from player.state import dump_pickled_state, load_pickled_state

STATE = "oldstream.pickle"


class OldStreamBackend:
    def __init__(self):
        self.state = load_pickled_state(STATE)

    def poll(self):
        self.state["polls"] = self.state.get("polls", 0) + 1
        dump_pickled_state(STATE, self.state)
