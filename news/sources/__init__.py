"""Reading sources into article drafts: feeds, web pages, saved news pages, JSON Lines, OPML lists,
canonical URLs, byte encodings and the bundled demo corpus.

May import the shared top of `news`, `news.text` and `news.language`."""
