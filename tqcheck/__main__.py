"""`python -m tqcheck` runs the CLI."""

from tqcheck.cli import main

main()
