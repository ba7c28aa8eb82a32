DB_PATH = "mesh.db"
