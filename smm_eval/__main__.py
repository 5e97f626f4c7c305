"""Entry point of `python -m smm_eval`."""

import sys

from smm_eval.cli import main

sys.exit(main())
