"""`python -m bot.cli`: the same as the `newsbrief` script."""

import sys

from bot.cli import main

sys.exit(main())
