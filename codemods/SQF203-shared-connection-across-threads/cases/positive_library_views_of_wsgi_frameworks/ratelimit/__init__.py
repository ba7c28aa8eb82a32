"""A small library: a counter table kept in one in-process database."""
