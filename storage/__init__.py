"""SQLite storage through sqlite-utils: the schema, its migrations and the repositories."""
