"""What a chat asks of newsbrief beyond reading: its follows and settings (each change replans
its next briefing), who may do what, and readers' reports to the admins.

May import the shared top of `news` and every room before it (text to briefings)."""
