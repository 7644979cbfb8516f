"""How every ``lexfoyer`` command reports bad input: located lines, exit 2, no traceback.

Shared by :mod:`lexfoyer.cli.main` and :mod:`lexfoyer.cli.calc`, so that no command handles the library's
errors its own way.
"""

from __future__ import annotations

import functools
import sys

import click

EXIT_DONNEES = 2
EXIT_MOTEUR = 3


def erreurs_propres(fonction):
    """Turn the library's input errors into located lines and exit status 2."""

    @functools.wraps(fonction)
    def enveloppe(*args, **kwargs):
        from lexfoyer.lecture.erreurs import ErreurDonnees, ErreurMoteur
        try:
            return fonction(*args, **kwargs)
        except ErreurDonnees as exc:
            for probleme in exc.problemes:
                click.echo(str(probleme), err=True)
            sys.exit(EXIT_DONNEES)
        except ErreurMoteur as exc:
            click.echo(f"erreur du moteur : {exc}", err=True)
            sys.exit(EXIT_MOTEUR)
    return enveloppe
