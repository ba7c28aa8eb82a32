"""An obsolete plugin kept in the tree; nothing loads it."""
import json

from app.state import STATE


class OldFrame:
    def on_close(self, state):
        with open(STATE, "w") as f:
            json.dump(state, f)
