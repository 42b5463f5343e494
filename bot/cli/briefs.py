"""`newsbrief brief`: compose a chat's briefing and deliver it, or show it (--dry-run)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime

from bot.cli.common import Commands, figure_json, iso_time
from bot.errors import CommandError
from bot.runtime.delivery import Outcome, parts_for, prepare
from bot.services import Services
from handlers.render import visible_text
from news.dates import to_iso
from news.records import DeliveryStatus

UNDELIVERED = (DeliveryStatus.FAILED, DeliveryStatus.BLOCKED, DeliveryStatus.DEFERRED)


def add_parsers(commands: Commands) -> None:
    brief = commands.add_parser("brief", help="compose and deliver a chat's briefing")
    brief.add_argument("--chat-id", type=int, required=True)
    brief.add_argument("--now", type=iso_time)
    brief.add_argument("--dry-run", action="store_true")
    brief.add_argument("--json", action="store_true")
    brief.set_defaults(func=brief_chat)


def brief_chat(args: argparse.Namespace, services: Services) -> int:
    now = args.now or services.clock()
    store = services.store
    chat = store.chats.get(args.chat_id)
    if chat is None:
        raise CommandError(f"chat {args.chat_id} is unknown: it has never written to the bot")
    if args.dry_run:
        briefing = prepare(store, chat, now)
        parts = parts_for(briefing, chat, scheduled=False)
    else:
        outcome = asyncio.run(_deliver(services, args.chat_id, now))
        if outcome.briefing is None:
            raise CommandError(f"chat {args.chat_id} is inactive (it blocked the bot)")
        if outcome.status in UNDELIVERED:
            print(f"newsbrief: sending {outcome.status}: {outcome.error}", file=sys.stderr)
            return 1
        briefing, parts = outcome.briefing, list(outcome.parts)
    if not args.json:
        for part in parts:
            print(visible_text(part.text), end="\n\n")
        return 0
    items = [
        {
            "storyline_id": item.storyline.id,
            "label": item.storyline.label,
            "sentences": item.sentences,
            "sentence_article_ids": [quote.article.public_id for quote in item.quotes],
            "article_ids": [a.public_id for a in item.articles],
            "new_articles": len(item.articles),
            "sources": len(item.sources),
            "links": item.links,
            "figures": [figure_json(figure) for figure in item.figures],
        }
        for item in briefing.items
    ]
    document = {
        "chat_id": args.chat_id,
        "as_of": to_iso(now),
        "items": items,
        "messages": [part.text for part in parts],
    }
    print(json.dumps(document, ensure_ascii=False, indent=1))
    return 0


async def _deliver(services: Services, chat_id: int, now: datetime) -> Outcome:
    settings, deliverer = services.settings, services.deliverer
    if not settings.token:
        # No bot configured: the briefing is recorded in the ledger and printed only.
        return await deliverer.deliver(None, chat_id, "command", now)
    from telegram import Bot

    async with Bot(settings.token, base_url=settings.api_url) as bot:
        return await deliverer.deliver(bot, chat_id, "command", now)
