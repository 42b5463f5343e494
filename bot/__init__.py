"""The composition root: settings, services, the Telegram application, the console and the
command line. Rooms: `runtime` (jobs, delivery, pacing), `adapters` (fetcher, model, workers,
files); the offline lab is the top-level `lab` package."""
