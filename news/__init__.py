"""The newsbrief domain: articles, storylines, search, briefings. Pure Python, no I/O."""
