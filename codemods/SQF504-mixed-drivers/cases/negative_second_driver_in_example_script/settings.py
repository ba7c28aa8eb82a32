NOTES_DB = "var/notes.db"
