GUESTBOOK = "guestbook.db"
