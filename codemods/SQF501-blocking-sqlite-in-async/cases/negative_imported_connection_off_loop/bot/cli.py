from bot.handlers import count_users


def main():
    print(count_users())


if __name__ == "__main__":
    main()
