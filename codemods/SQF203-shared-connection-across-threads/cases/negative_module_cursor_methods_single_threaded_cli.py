"""A command-line report: a class's methods and a module function use the
module cursor, but the program runs them one after another on its only thread."""
import sqlite3
import sys


class Report:
    def totals(self):
        cur.execute("SELECT kind, SUM(amount) FROM ledger GROUP BY kind")
        return cur.fetchall()

    def largest(self):
        cur.execute("SELECT * FROM ledger ORDER BY amount DESC LIMIT 5")
        return cur.fetchall()


def show(rows):
    for row in rows:
        print(*row)


conn = sqlite3.connect(sys.argv[1] if len(sys.argv) > 1 else "ledger.db", check_same_thread=False)
cur = conn.cursor()

if __name__ == "__main__":
    report = Report()
    show(report.totals())
    show(report.largest())
