"""A cron-style script: builds the controller and runs the rules once, on the
main thread; the kept session never crosses threads."""
from controller import Controller


def main():
    controller = Controller()
    controller.run_rules()
    print(controller.status())


if __name__ == "__main__":
    main()
