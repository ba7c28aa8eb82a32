from flask import Flask

from store import Store

app = Flask(__name__)
store = Store("items.db")


@app.post("/items/<name>")
def add_item(name):
    store.conn.execute("INSERT INTO items (name) VALUES (?)", (name,))
    return {"count": store.count()}
