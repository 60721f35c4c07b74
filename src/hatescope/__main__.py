"""``python -m hatescope`` runs the command line, like the ``hatescope`` script."""

import sys

from hatescope.cli import main

if __name__ == "__main__":
    sys.exit(main())
