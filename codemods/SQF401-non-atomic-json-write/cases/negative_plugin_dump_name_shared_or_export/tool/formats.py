"""Output formats for an export, and an event recorder whose own `dump`
writes log lines: the name `dump` means two things in this project."""
import json


class JsonFormat:
    def dump(self, data, stream):
        json.dump(data, stream)


class EventLog:
    def __init__(self):
        self.events = []

    def dump(self, data, stream):
        for event in self.events:
            stream.write("%s %s\n" % (event, data))
