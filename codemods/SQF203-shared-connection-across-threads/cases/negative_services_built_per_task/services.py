"""Services that query and write through the session they are given."""


class TitleService:
    def __init__(self, session):
        self.session = session

    def add(self, title):
        self.session.execute("INSERT INTO titles(name) VALUES (:n)", {"n": title})
        self.session.commit()


class ShelfService:
    def __init__(self, session, titles):
        self.session = session
        self.titles = titles

    def shelve(self, title, shelf):
        self.titles.add(title)
        self.session.execute(
            "INSERT INTO shelf(title, shelf) VALUES (:t, :s)", {"t": title, "s": shelf}
        )
        self.session.commit()


class ExportService:
    def __init__(self, shelves):
        self.shelves = shelves
