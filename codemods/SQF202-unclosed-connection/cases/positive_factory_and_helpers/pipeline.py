from db import get_connection, insert_page


def store_pages(doc_id, pages):
    conn = get_connection()
    for page in pages:
        insert_page(conn, doc_id, page)
    conn.commit()


def mark(doc_id):
    with get_connection() as conn:
        conn.execute("UPDATE documents SET done = 1 WHERE id = ?", (doc_id,))
