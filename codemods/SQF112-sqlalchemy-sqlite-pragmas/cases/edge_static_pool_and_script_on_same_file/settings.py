DATABASE_URL = "sqlite:///shop.db"
DATABASE_PATH = "shop.db"
