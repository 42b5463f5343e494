"""The newsbrief domain: articles, storylines, search, briefings. Pure Python, no I/O.

Rooms, each importing only the rooms before it: `text` (cleaning what came in), `language`
(words, names, numbers, which language), `sources` (feeds, pages and files read into drafts),
`storylines` (the online storyline engine and its corrections), `search` (queries, ranking,
summaries and mutes), `briefings` (what is due to a chat, and when). At the top, shared by all:
`records`, `dates`, `vectors` and the `ports` storage implements; and the two use cases that run
an article through the rooms, `ingest` and `polling`."""
