#!/usr/bin/env python
import sys

from safereport.cli import main

if __name__ == "__main__":
    sys.exit(main())
