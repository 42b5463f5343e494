"""Topic search: the query plan, stems of other languages, storylines ranked by relevance,
recency and meaning; and the summaries and mutes that search results and briefings share.

May import the shared top of `news` and every room before it (text to storylines)."""
