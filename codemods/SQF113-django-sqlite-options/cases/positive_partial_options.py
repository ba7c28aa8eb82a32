"""Settings that set some OPTIONS already."""
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': 'app.sqlite3',
        'OPTIONS': {
            'timeout': 20,
            'init_command': 'PRAGMA foreign_keys=ON;',
        },
    },
    'jobs': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': 'jobs.sqlite3',
        'OPTIONS': {
            'init_command': 'PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;',
        },
    },
}
