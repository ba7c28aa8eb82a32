import sqlite3


def save_until_full(conn, doc_id, pages, limit):
    for n, page in enumerate(pages):
        if n >= limit:
            return n
        conn.execute("INSERT INTO pages VALUES (?, ?, ?)", (doc_id, n, page))
        conn.commit()
    return len(pages)


def save_each_or_skip(conn, rows):
    for row in rows:
        try:
            conn.execute("INSERT INTO items VALUES (?, ?)", row)
        except sqlite3.IntegrityError:
            conn.rollback()
            continue
        conn.commit()


def save_and_report_last(conn, rows):
    for row in rows:
        conn.execute("INSERT INTO items VALUES (?, ?)", row)
        conn.commit()
    return row
