import time

from shelf.files import save_queue


def run():
    while True:
        save_queue("queue.json", [])
        time.sleep(5)


if __name__ == "__main__":
    run()
