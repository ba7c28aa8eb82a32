class Audit:
    def __init__(self, db):
        self.db = db

    def log(self, message):
        self.db.write(message)
