"""lexfoyer — French law on the family home and the mortgage, as data and rules.

The package is a library: the ``lexfoyer`` command (``cli/``) only parses options,
calls :mod:`lexfoyer.api` and prints.
"""

__version__ = "0.1.0"
