"""A repository on MySQL only: nothing in it names SQLite. Its helpers look
like any DB-API code (`cursor.execute`, `commit`, `fetchall`), but the waits
they cause on the loop are network round trips to the server, not SQLite
locks, so SQF501 says nothing here."""
import pymysql

_db = pymysql.connect(host="db", user="shop", database="shop")


def open_orders():
    cur = _db.cursor()
    cur.execute("SELECT id, total FROM orders WHERE state = 'open'")
    return cur.fetchall()


def close_order(order_id):
    cur = _db.cursor()
    cur.execute("UPDATE orders SET state = 'closed' WHERE id = " + str(int(order_id)))
    _db.commit()
