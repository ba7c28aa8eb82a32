DB_URL = "sqlite:///quotes.db?check_same_thread=False"
