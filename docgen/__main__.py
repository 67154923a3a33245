"""`python -m docgen` runs the command line, like the `docgen` script."""

from .cli import main

main()
