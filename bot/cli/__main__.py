"""``python -m bot.cli``: the same as the ``refuge-guide`` console script."""

import sys

from bot.cli import main

sys.exit(main())
