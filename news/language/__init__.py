"""Words and what they say: tokens, stems and names, which language a text is in and what is
everyday in it, and an event's details (who, where, how many, when).

May import the shared top of `news` and `news.text`."""
