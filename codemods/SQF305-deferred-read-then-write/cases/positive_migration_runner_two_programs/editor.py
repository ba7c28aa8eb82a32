from notebook.migrations import apply_pending, open_notebook


def main():
    conn = open_notebook()
    apply_pending(conn)
    conn.execute("INSERT INTO pages (title) VALUES ('untitled')")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
