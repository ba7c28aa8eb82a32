"""An INI file written once by a setup command from literal defaults, and an
export of the settings the program never reads back: neither is state a later
run resumes from."""
import argparse
import configparser

EXPORT = "settings-export.ini"


def export_settings(values):
    cfg = configparser.ConfigParser()
    cfg["settings"] = values
    cfg.write(open(EXPORT, "w"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()
    if args.export:
        export_settings({"theme": "dark"})


if __name__ == "__main__":
    main()
