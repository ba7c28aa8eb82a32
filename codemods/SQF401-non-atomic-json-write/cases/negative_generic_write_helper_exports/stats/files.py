def write_file(path, text):
    open(path, "w").write(text)
