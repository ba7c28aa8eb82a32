from db import open_connection


def main():
    conn = open_connection()
    try:
        print(conn.execute("SELECT count(*) FROM jobs").fetchone()[0])
    finally:
        conn.close()


if __name__ == "__main__":
    main()
