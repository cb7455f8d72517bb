"""The rules: plain functions over the database. They know nothing of requests, sockets or Flask."""
