"""Garbage collection of the ``lexfoyer`` process (:mod:`.commande`), off while it starts.

Importing the libraries, reading the base and evaluating one dossier allocate some
100 000 objects that all live until the process ends; the cyclic collector traversed
them about fifty times (8-12 ms of a one-dossier run, issue 14), freeing nothing. The
console command turns collection off before anything is imported
(:func:`arreter_au_demarrage`); a one-dossier ``evaluate`` leaves it off, and every command
that goes on (a batch, ``impact``, ``test``, the interview…) turns it back on with
:func:`reprendre_collecte` once started, the objects of its start frozen out of later
collections (``gc.freeze``). Anything else that runs :func:`lexfoyer.cli.main.main` (the
tests, another program) keeps its collector as it is: only what this module turned off
is turned back on.
"""

import gc

_ARRETEE_ICI = False  # whether arreter_au_demarrage turned this process's collector off


def arreter_au_demarrage() -> None:
    global _ARRETEE_ICI
    if gc.isenabled():
        gc.disable()
        _ARRETEE_ICI = True


def reprendre_collecte() -> None:
    """Turn collection back on if :func:`arreter_au_demarrage` turned it off (else nothing);
    what was allocated so far is frozen, so later collections do not traverse it again."""
    global _ARRETEE_ICI
    if _ARRETEE_ICI:
        _ARRETEE_ICI = False
        gc.freeze()
        gc.enable()
