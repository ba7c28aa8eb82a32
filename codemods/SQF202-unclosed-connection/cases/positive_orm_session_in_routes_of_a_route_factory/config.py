"""Settings: the database URL is a module constant other modules import."""
GRADEBOOK_URL = "sqlite:////var/lib/gradebook/gradebook.db"
UPLOAD_DIR = "/var/lib/gradebook/uploads"
