"""The release script: builds the distribution files on worker threads, each
recording its build in the script's own cache database. It never opens the
job manager's database (jobs.db), so its threads are nobody's second party
there: they run in the release script's process, on another file."""
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

CACHE = "build-cache.sqlite"
TARGETS = ["sdist", "wheel"]


def build(target):
    code = subprocess.run([sys.executable, "-m", "build", f"--{target}"], check=False).returncode
    conn = sqlite3.connect(CACHE)
    conn.execute("INSERT INTO builds (target, code) VALUES (?, ?)", (target, code))
    conn.commit()
    conn.close()
    return code


def main():
    with ThreadPoolExecutor() as pool:
        futures = [pool.submit(build, target) for target in TARGETS]
        codes = [f.result() for f in futures]
    sys.exit(max(codes))


if __name__ == "__main__":
    main()
