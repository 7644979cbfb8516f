"""The ``lexfoyer`` command: parses options, calls the library, prints."""
