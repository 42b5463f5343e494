"""Adapters to the outside world: the HTTP fetcher, the embedding model, the worker processes
that analyse articles, and files read from disk.

May import `news` and `storage`; nothing of Telegram."""
