"""Two channel lists loaded back with `readlines()`: one written with
`"\\n".join` straight into the final name (reported), one written to a
temporary name and renamed over the final one (already atomic)."""
import os
import time

CHANNELS = "channels.txt"
FAVOURITES = "favourites.txt"


def load(path):
    with open(path) as f:
        return [line.rstrip("\n") for line in f.readlines()]


def load_channels():
    with open(CHANNELS) as f:
        return [line.rstrip("\n") for line in f.readlines()]


def load_favourites():
    with open(FAVOURITES) as f:
        return [line.rstrip("\n") for line in f.readlines()]


def save_channels(channels):
    with open(CHANNELS, "w") as f:
        f.write("\n".join(channels))


def save_favourites(favourites):
    tmp = FAVOURITES + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(favourites))
    os.replace(tmp, FAVOURITES)


def main():
    channels = load_channels()
    favourites = load_favourites()
    while True:
        save_channels(channels)
        save_favourites(favourites)
        time.sleep(60)


if __name__ == "__main__":
    main()
