"""The Telegram runtime: scheduled briefing jobs, their delivery (exactly once, paced), the rate
limits of the Bot API, and the loopback request the console and tests speak through.

May import `handlers`, `news`, `storage` and `bot.adapters`; not the composition around it."""
