"""The project's file manager: opens the file and hands the stream to the
format plug-in. `open(filename, "w")` truncates the file before the plug-in
writes a byte."""


class FileManager:
    def __init__(self, interface):
        self.interface = interface

    def load(self, filename):
        with open(filename) as f:
            return self.interface.load(f)

    def save(self, filename, data):
        with open(filename, "w") as f:
            self.interface.dump(data, f)
