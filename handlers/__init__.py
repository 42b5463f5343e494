"""Telegram I/O: one module per feature, rendering to Telegram HTML, and the handler registry."""
