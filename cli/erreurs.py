"""How every ``lexfoyer`` command reports bad input: located lines, exit 2, no traceback.

Shared by :mod:`lexfoyer.cli.main` and :mod:`lexfoyer.cli.calc`, so that no command handles the library's
errors its own way. Beyond the library's own errors, a system error (a full disk, a closed
pipe) is one French line and exit 2, and a defect of lexfoyer itself one line and exit 3:
Python's words and tracebacks never reach the lawyer (``LEXFOYER_TRACE=1`` shows them to
a developer).
"""

from __future__ import annotations

import functools
import os
import sys

import click

EXIT_DONNEES = 2
EXIT_MOTEUR = 3


def _taire_sortie() -> None:
    """Point stdout at /dev/null, so that Python's last flush cannot fail again at exit."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    try:
        nul = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nul, sys.stdout.fileno())
        os.close(nul)
    except (OSError, ValueError, AttributeError):
        pass


def erreurs_propres(fonction):
    """Turn the library's input errors into located lines and exit status 2."""

    @functools.wraps(fonction)
    def enveloppe(*args, **kwargs):
        from lexfoyer.lecture.erreurs import ErreurDonnees, ErreurMoteur, echapper, raison_os
        try:
            return fonction(*args, **kwargs)
        except ErreurDonnees as exc:
            for probleme in exc.problemes:
                click.echo(str(probleme), err=True)
            sys.exit(EXIT_DONNEES)
        except ErreurMoteur as exc:
            click.echo(f"erreur du moteur : {echapper(str(exc))}", err=True)
            sys.exit(EXIT_MOTEUR)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            if os.environ.get("LEXFOYER_TRACE"):
                raise
            lieu = f" « {echapper(str(exc.filename))} »" if exc.filename is not None else " sur la sortie standard"
            _taire_sortie()
            click.echo(f"écriture ou lecture impossible{lieu} ({raison_os(exc)})", err=True)
            sys.exit(EXIT_DONNEES)
        except Exception:  # noqa: BLE001 - a defect of lexfoyer: one line, never a traceback
            if os.environ.get("LEXFOYER_TRACE"):
                raise
            click.echo("erreur interne de lexfoyer (à signaler, avec la commande et le dossier) ; "
                       "LEXFOYER_TRACE=1 pour le détail", err=True)
            sys.exit(EXIT_MOTEUR)
    return enveloppe
