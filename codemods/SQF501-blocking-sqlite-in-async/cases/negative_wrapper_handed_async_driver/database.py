import aiosqlite


class Database:
    def __init__(self, path):
        self.path = path
        self.conn = None

    async def open(self):
        self.conn = await aiosqlite.connect(self.path)

    def cursor(self):
        return self.conn.cursor()
