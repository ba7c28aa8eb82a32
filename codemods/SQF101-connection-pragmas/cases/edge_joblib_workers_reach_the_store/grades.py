"""joblib's default backend runs `grade` in worker processes, several at
once: each opens the marks file. Reported, naming those processes."""
import sqlite3

from joblib import Parallel, delayed


def grade(student):
    conn = sqlite3.connect("marks.db")
    conn.execute("INSERT INTO marks (student, mark) VALUES (?, ?)", (student, 7))
    conn.execute("UPDATE runs SET done = done + 1")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    Parallel(n_jobs=3)(delayed(grade)(s) for s in ["ana", "bo", "cy"])
