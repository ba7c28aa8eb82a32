"""The scheduled rebuild, started by cron every night."""
from searchidx.rebuild import rebuild, rebuild_tags


def main():
    rebuild(["a", "b"])
    rebuild_tags(["x"])


if __name__ == "__main__":
    main()
