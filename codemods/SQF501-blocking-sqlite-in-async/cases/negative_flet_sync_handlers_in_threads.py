"""Flet runs sync event handlers in threads of its own, one connection per
call here: not on an event loop, not SQF501's."""
import sqlite3

import flet as ft


def save(e):
    with sqlite3.connect("notes.db") as conn:
        conn.execute("INSERT INTO notes (text) VALUES (?)", (e.control.value,))


def main(page: ft.Page):
    page.add(ft.TextField(on_submit=save))


ft.app(main)
