from . import steps


class Runner:
    def run(self, entry):
        steps.record(entry)


runner = Runner()
