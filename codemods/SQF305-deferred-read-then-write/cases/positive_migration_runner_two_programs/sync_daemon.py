import time

from notebook.migrations import apply_pending, open_notebook


def main():
    conn = open_notebook()
    apply_pending(conn)
    while True:
        conn.execute("UPDATE pages SET archived = 1 WHERE title = ''")
        conn.commit()
        time.sleep(120)


if __name__ == "__main__":
    main()
