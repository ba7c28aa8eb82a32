"""A pagination cursor: the name says cursor, the object does no I/O."""


class PageCursor:
    def __init__(self):
        self.offset = 0

    def execute(self, step):
        self.offset += step
        return self.offset


cursor = PageCursor()
