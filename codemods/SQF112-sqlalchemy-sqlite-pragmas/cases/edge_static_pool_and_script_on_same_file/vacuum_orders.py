import sqlite3

import settings

if __name__ == "__main__":
    conn = sqlite3.connect(settings.DATABASE_PATH)
    conn.execute("DELETE FROM orders WHERE shipped = 1")
    conn.commit()
    conn.close()
