# Nothing here names the class it is handed: its callers say what `db` is.


class Audit:
    def __init__(self, db):
        self.db = db

    def log(self, message):
        self.db.write(message)


def record(db, message):
    db.write(message)


class Notifier:
    # Handed on once more: `Notifier(db)` builds an `Audit(db)` of its own.
    def __init__(self, db):
        self.audit = Audit(db)

    def notify(self, message):
        self.audit.log(message)
