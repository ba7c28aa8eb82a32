"""Owns the hardware objects; both the web UI and the watering schedule go through it."""
from greenhouse.valves import ValveBoard


class Hub:
    def __init__(self, settings):
        self.hardware = Hardware(settings["db"])

    def water(self):
        for valve_id in self.hardware.board.states():
            self.hardware.board.open_valve(valve_id)


class Hardware:
    def __init__(self, db_path):
        self.board = ValveBoard(db_path)
