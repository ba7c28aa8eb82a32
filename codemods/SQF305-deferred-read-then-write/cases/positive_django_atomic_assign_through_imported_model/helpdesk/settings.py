SETTINGS_TEMPLATE = """
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "helpdesk.db",
    }
}
"""
