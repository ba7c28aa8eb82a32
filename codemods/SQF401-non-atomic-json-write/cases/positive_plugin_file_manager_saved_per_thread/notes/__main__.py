from notes.settings import Settings


def main():
    settings = Settings()
    while True:
        line = input("> ")
        key, _, value = line.partition("=")
        settings.set(key.strip(), value.strip())


main()
