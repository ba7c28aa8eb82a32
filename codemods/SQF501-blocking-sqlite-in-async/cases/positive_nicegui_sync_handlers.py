"""A NiceGUI app with one module-level connection: the click handlers, the
timer callback and the refreshable list are plain functions, and NiceGUI runs
every one of them on its event loop, so each query holds up every connected
browser. There is no `async def` anywhere near the queries."""
import sqlite3

from nicegui import ui

conn = sqlite3.connect("todo.db", check_same_thread=False)
cursor = conn.cursor()


@ui.refreshable
def todo_list():
    for row in cursor.execute("SELECT id, title FROM todos"):
        ui.label(row[1])


def add_todo(title):
    cursor.execute("INSERT INTO todos (title) VALUES (?)", (title,))
    conn.commit()
    todo_list.refresh()


def purge():
    cursor.execute("DELETE FROM todos WHERE done = 1")
    conn.commit()


@ui.page("/")
def index():
    title = ui.input("New todo")
    ui.button("Add", on_click=lambda: add_todo(title.value))
    ui.button("Purge", on_click=purge)
    todo_list()


ui.timer(60.0, purge)
ui.run()
