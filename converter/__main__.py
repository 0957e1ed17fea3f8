"""python -m converter: the same as the ``akn`` command."""
from .cli import main

if __name__ == "__main__":
    main()
