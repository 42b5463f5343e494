"""The offline lab: evaluation on labelled files, fitting the same-story decision, and a simulated
editor who corrects storylines by the gold labels. Used by `newsbrief eval` and `bench/`.

Nothing the running bot loads imports it; it may import `news`, `storage`, `bot.adapters` and
`bot.errors`."""
