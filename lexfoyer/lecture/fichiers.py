"""Reading an input file safely: only a regular file, within a size limit, never blocking.

A FIFO, a device such as ``/dev/zero``, a directory or an unreadable file is named for what
it is, in French, in one located line (never « fichier introuvable », never read forever).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lexfoyer.lecture.erreurs import ErreurDonnees, Probleme, raison_os


def lire_octets(chemin: Path | str, taille_max: int, nom: str | None = None) -> bytes:
    """The bytes of a regular file (at most ``taille_max + 1``), or a located French error.

    The file is opened without blocking and checked *after* opening, so that a FIFO, a
    device such as ``/dev/zero`` or a directory is named for what it is, never read
    forever nor called « introuvable ».
    """
    nom = nom or str(chemin)

    def erreur(message: str) -> ErreurDonnees:
        return ErreurDonnees([Probleme(nom, 1, 1, "", message)])

    try:
        descripteur = os.open(chemin, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise erreur("fichier introuvable") from None
    except IsADirectoryError:
        raise erreur("c'est un répertoire, pas un fichier") from None
    except OSError as exc:
        raise erreur(f"lecture impossible ({raison_os(exc)})") from None
    try:
        mode = os.fstat(descripteur).st_mode
        if stat.S_ISDIR(mode):
            raise erreur("c'est un répertoire, pas un fichier")
        if not stat.S_ISREG(mode):
            genre = ("un tube (FIFO)" if stat.S_ISFIFO(mode) else "un périphérique" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                     else "une socket" if stat.S_ISSOCK(mode) else "un fichier spécial")
            raise erreur(f"{genre}, pas un fichier ordinaire : non lu")
        morceaux, taille = [], 0
        while taille <= taille_max:
            morceau = os.read(descripteur, taille_max + 1 - taille)
            if not morceau:
                break
            morceaux.append(morceau)
            taille += len(morceau)
        return b"".join(morceaux)
    except OSError as exc:
        raise erreur(f"lecture impossible ({raison_os(exc)})") from None
    finally:
        os.close(descripteur)
