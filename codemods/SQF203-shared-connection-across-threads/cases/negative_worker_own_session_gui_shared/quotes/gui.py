import tkinter as tk

from quotes.database import db
from quotes.models import Quote
from quotes.service import QuoteWorker


class Window(tk.Frame):
    def __init__(self, master):
        super().__init__(master)
        QuoteWorker().start()

    def on_rename(self, quote_id, symbol):
        quote = db.query(Quote).get(quote_id)
        quote.symbol = symbol
        db.commit()


if __name__ == "__main__":
    root = tk.Tk()
    Window(root)
    root.mainloop()
