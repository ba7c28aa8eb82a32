import argparse
import os

from photos.history import History


def import_folder(folder):
    history = History()
    for name in os.listdir(folder):
        if not history.seen(name):
            print("new:", name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--forget", action="store_true")
    options = parser.parse_args()
    if options.forget:
        history = History()
        print(history.count(), "files forgotten")
        return
    import_folder(options.folder)


if __name__ == "__main__":
    main()
