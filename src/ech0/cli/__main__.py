"""`python -m ech0.cli ...`: the `ech0` command."""

import sys

from ech0.cli import main

sys.exit(main())
