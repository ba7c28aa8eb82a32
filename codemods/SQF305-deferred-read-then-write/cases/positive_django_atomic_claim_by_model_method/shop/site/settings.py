import dj_database_url

DATABASES = {"default": dj_database_url.config(default="sqlite:///" + "var/site.sqlite3")}
INSTALLED_APPS = ["jobs"]
