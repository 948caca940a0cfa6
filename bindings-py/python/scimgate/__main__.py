"""``python -m scimgate``: the ``scimgate`` command (see :mod:`scimgate.cli`)."""

import sys

from .cli import main

sys.exit(main())
