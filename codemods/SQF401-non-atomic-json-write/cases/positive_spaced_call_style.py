"""A mail synchroniser writes its state after every pull and push, in a
project style that puts a space before each call's parenthesis. The state is
read back with `json.load` in the same class. Spacing changes nothing: `open
(p, 'w')` truncates as `open(p, 'w')` does."""
import json
import os


class Synchroniser:
    def __init__(self, state_f):
        self.state_f = state_f
        self.json = {}
        if os.path.exists (self.state_f):
            with open (self.state_f, 'r') as fd:
                self.json = json.load (fd)

    def pull(self):
        self.json['last_pull'] = 1
        self.save ()

    def push(self):
        self.json['last_push'] = 1
        self.save ()

    def save(self):
        with open (self.state_f, 'w') as fd:
            json.dump (self.json, fd)
