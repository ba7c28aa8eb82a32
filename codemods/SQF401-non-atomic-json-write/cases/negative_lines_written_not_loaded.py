"""Line files that are not a store the program loads back: a report written
line by line that nothing reads, and a log of names appended (mode "a", no
truncation)."""

REPORT = "report.txt"
SEEN = "seen.log"


def write_report(rows):
    with open(REPORT, "w") as f:
        for row in rows:
            f.write("%s\n" % row)


def remember(name):
    with open(SEEN, "a") as f:
        f.write(name + "\n")


def load_seen():
    with open(SEEN) as f:
        return [line.strip() for line in f]


def main():
    seen = load_seen()
    write_report(seen)
    remember("x")


if __name__ == "__main__":
    main()
