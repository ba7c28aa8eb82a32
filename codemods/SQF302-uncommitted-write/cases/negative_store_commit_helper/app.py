from store import Store

store = Store("items.db")


def add_item(name):
    store.conn.execute("INSERT INTO items (name) VALUES (?)", (name,))


def add_many(names):
    for name in names:
        add_item(name)
    store.save()
