"""A database on a Windows share or an NFS mount: WAL cannot work there
(F-wal-network), so the finding says so and offers no WAL fix; the local file
next to it gets the usual fix."""
import sqlite3
import threading

SHARED = r"\\fileserver\team\inventory.db"


def shared_connection():
    return sqlite3.connect(SHARED)


def nfs_connection():
    return sqlite3.connect("/mnt/nfs/exports/inventory.db")


def local_connection():
    return sqlite3.connect("inventory-cache.db")


def sync():
    conn = local_connection()
    conn.execute("INSERT INTO items VALUES (1)")
    conn.commit()


threading.Thread(target=sync).start()
