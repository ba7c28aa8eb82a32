import tkinter as tk

from prices.database import db
from prices.models import Item
from prices.service import PriceWorker


class Window(tk.Frame):
    def __init__(self, master):
        super().__init__(master)
        self.worker = PriceWorker()
        self.worker.start()

    def on_rename(self, item_id, name):
        item = db.query(Item).get(item_id)
        item.name = name
        db.flush()
        db.commit()


def main():
    root = tk.Tk()
    Window(root)
    root.mainloop()


if __name__ == "__main__":
    main()
