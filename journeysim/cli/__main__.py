"""``python -m journeysim.cli``: the same as the ``journeysim`` command."""

import sys

from journeysim.cli.main import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
