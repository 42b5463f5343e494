"""The storyline engine: an article analysed, de-duplicated and assigned online to its likeliest
storyline by the same-story decision; people's corrections and the constraints they leave; a
storyline's label and its timeline.

May import the shared top of `news`, `news.text`, `news.language` and `news.sources`."""
