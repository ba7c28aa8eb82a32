def tag_file(name):
    return name.upper()
