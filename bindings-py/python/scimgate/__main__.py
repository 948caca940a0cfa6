"""``python -m scimgate``: the ``scimgate`` command (see :mod:`scimgate.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
