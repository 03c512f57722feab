"""``python -m ntkanim`` is the ``ntkanim`` command."""
from .cli import main

main()
