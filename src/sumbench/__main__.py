"""``python -m sumbench``."""

import sys

from sumbench.cli import main

sys.exit(main())
