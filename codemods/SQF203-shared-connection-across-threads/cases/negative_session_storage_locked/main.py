from client import Client


def main():
    client = Client("bot")
    client.start()
    while True:
        peer = input("peer id: ")
        print(client.resolve(int(peer)))


if __name__ == "__main__":
    main()
