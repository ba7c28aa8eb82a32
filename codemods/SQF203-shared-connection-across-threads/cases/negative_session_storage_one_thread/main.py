import time

from client import Client


def main():
    client = Client("bot")
    client.start()
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
