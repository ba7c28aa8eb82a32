"""A setup wizard saves the answers the person just typed, once: quiet (a crash
mid-write shows on their screen, and the wizard writes the whole file again).
A menu action that loads the saved list, adds what was typed and writes it
back rewrites kept state: reported. So is a save inside the prompt loop."""
import getpass
import json
import os

CONFIG = os.path.expanduser("~/.mailsync/config.json")
CONTACTS = os.path.expanduser("~/.mailsync/contacts.json")


def load_config():
    with open(CONFIG) as f:
        return json.load(f)


def setup_wizard():
    host = input("IMAP host: ")
    user = input("User: ")
    password = getpass.getpass("Password: ")
    folder = input("Folder to sync [INBOX]: ") or "INBOX"
    config = {"host": host, "user": user, "password": password, "folder": folder}
    os.makedirs(os.path.dirname(CONFIG), exist_ok=True)
    with open(CONFIG, "w") as f:
        json.dump(config, f, indent=2)
    print("Saved.")


def load_contacts():
    with open(CONTACTS) as f:
        return json.load(f)


def add_contact():
    name = input("Name: ")
    address = input("Address: ")
    contacts = load_contacts()
    contacts.append({"name": name, "address": address})
    with open(CONTACTS, "w") as f:
        json.dump(contacts, f)


def tag_contacts(contacts):
    for contact in contacts:
        contact["tag"] = input(f"Tag for {contact['name']}: ")
        with open(CONTACTS, "w") as f:
            json.dump(contacts, f)


def main():
    if not os.path.exists(CONFIG):
        setup_wizard()
    config = load_config()
    while True:
        choice = input("[a]dd contact, [t]ag, [q]uit: ")
        if choice == "a":
            add_contact()
        elif choice == "t":
            tag_contacts(load_contacts())
        else:
            break
    return config


if __name__ == "__main__":
    main()
