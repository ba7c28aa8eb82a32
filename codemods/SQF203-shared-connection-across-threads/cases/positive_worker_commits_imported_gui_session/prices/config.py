import os

DATA_DIR = os.path.expanduser("~/.prices")
DB_URL = "sqlite:///" + os.path.join(DATA_DIR, "prices.db") + "?check_same_thread=False"
