"""``python -m journeysim``: the same as the ``journeysim`` command."""

import sys

from journeysim.cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
