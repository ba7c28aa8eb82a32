"""Debug switches that do not make a write debug-only: the write in the
`else` of `if debug:` and under `if not self.debug:` is the normal path
(reported); the one under `if self.debugger_attached:` names a tool, not a
debugging switch (reported); the one under `if self.options.debug_dump:` is
debug-only (not reported)."""
import json
import os

STATE = os.path.expanduser("~/.svc/state.json")


def load():
    with open(STATE) as f:
        return json.load(f)


class Service:
    def __init__(self, options):
        self.options = options
        self.debug = options.debug
        self.debugger_attached = False

    def save(self, state):
        if self.debug:
            print(state)
        else:
            with open(STATE, "w") as f:
                json.dump(state, f)

    def save_quiet(self, state):
        if not self.debug:
            with open(STATE, "w") as f:
                json.dump(state, f)

    def save_attached(self, state):
        if self.debugger_attached:
            with open(STATE, "w") as f:
                json.dump(state, f)

    def dump_for_debugging(self, state):
        if self.options.debug_dump:
            with open(STATE, "w") as f:
                json.dump(state, f, indent=2)
