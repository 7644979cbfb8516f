"""``lexfoyer entretien``: ask the client's missing facts one by one, write each answer into
the dossier, re-evaluate, and stop when nothing relevant is missing.

What makes it safe to point at a lawyer's file:

- the answer is written *at its place* (the schema's order of the fields) by a round-trip
  YAML library (ruamel.yaml), so the file keeps its comments, its order and its layout;
- the new text is checked exactly as ``evaluate`` checks a dossier (safe reader, schema,
  cross-references) before anything is written: a value the schema refuses is asked
  again with the located message, and the file is never touched;
- the file is replaced atomically (a temporary file in the same directory, then
  :func:`os.replace`): an interrupted interview never leaves a half-written dossier.

The terminal dialogue lives in the command (:mod:`lexfoyer.cli.main`); this module only
takes a function that asks one question and returns the raw answer.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from lexfoyer.api import evaluer_dossier
from lexfoyer.cas.dossier import dossier_depuis_texte
from lexfoyer.droit.base import Base
from lexfoyer.lecture.enregistrement import champ, enregistrement
from lexfoyer.lecture.erreurs import ErreurDonnees
from lexfoyer.lecture.schemas import schema
from lexfoyer.cas.vocabulaire import _resoudre

PASSER = {"", "?", "passer", "je ne sais pas", "nsp"}
ARRETER = {"fin", "stop", "q", "quitter"}
_MORCEAU = re.compile(r"([a-z_][a-z0-9_]*)(?:\[([0-9]+)\])?")


class Arret(Exception):
    """The lawyer asked to stop the interview."""


class ReponseInvalide(ValueError):
    """An answer that cannot be the value asked for (French message for the lawyer)."""


def lire_reponse(brut: str, question: dict) -> Any:
    """The Python value of a typed answer, by the kind of answer the schema expects."""
    texte = brut.strip()
    genre, valeurs = question.get("reponse", "texte"), question.get("valeurs") or []
    if genre == "choix":
        if texte.isdigit() and 1 <= int(texte) <= len(valeurs):
            return valeurs[int(texte) - 1]
        if texte in valeurs:
            return texte
        raise ReponseInvalide("choisir l'une des valeurs proposées (ou son numéro)")
    if genre == "booleen":
        if texte.lower() in ("o", "oui", "y", "yes", "vrai", "true"):
            return True
        if texte.lower() in ("n", "non", "no", "faux", "false"):
            return False
        raise ReponseInvalide("répondre oui ou non")
    if genre == "date":
        try:
            return date.fromisoformat(texte)
        except ValueError:
            raise ReponseInvalide("une date AAAA-MM-JJ") from None
    if genre in ("entier", "nombre"):
        try:
            nombre = Decimal(texte.replace("\u202f", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ReponseInvalide("un nombre (par exemple 1850 ou 1850,50)") from None
        if not nombre.is_finite():
            raise ReponseInvalide("un nombre fini")
        if genre == "entier" or nombre == nombre.to_integral_value():
            if genre == "entier" and nombre != nombre.to_integral_value():
                raise ReponseInvalide("un nombre entier")
            return int(nombre)
        return nombre
    if genre == "liste":
        elements = [e.strip() for e in texte.split(",") if e.strip()]
        if valeurs and any(e not in valeurs for e in elements):
            raise ReponseInvalide("des valeurs parmi celles proposées, séparées par des virgules")
        return elements
    return texte


# -- round-trip YAML -----------------------------------------------------------------
def _yaml(decalage: tuple[int, int, int]) -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    mapping, sequence, offset = decalage
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    y.representer.add_representer(Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", str(d)))
    return y


_DECALAGES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


def charger_aller_retour(texte: str) -> tuple[YAML, Any]:
    """A YAML reader/writer that reproduces ``texte`` byte for byte, and the document.

    The indentation of lists is not recorded by ruamel.yaml: the first of the usual
    layouts that writes the unchanged document back identically is kept."""
    for decalage in _DECALAGES:
        y = _yaml(decalage)
        donnees = y.load(texte)
        if ecrire_texte(y, donnees) == texte:
            return y, donnees
    y = _yaml(_DECALAGES[0])
    return y, y.load(texte)


def ecrire_texte(y: YAML, donnees: Any) -> str:
    flux = io.StringIO()
    y.dump(donnees, flux)
    return flux.getvalue()


def _ordre_schema(noeud: dict) -> list[str]:
    return list(_resoudre(noeud, schema("dossier")).get("properties", {}))


def _inserer(table: CommentedMap, cle: str, valeur: Any, ordre: list[str]) -> None:
    """Put ``cle`` where the schema's order puts it; a comment (or blank line) that
    followed the table's last entry stays at the end of the table."""
    if cle in table:
        table[cle] = valeur
        return
    rang = ordre.index(cle) if cle in ordre else len(ordre)
    position = len(table)
    for i, existante in enumerate(table):
        if existante in ordre and ordre.index(existante) > rang:
            position = i
            break
    if position == len(table) and len(table) and not isinstance(table[list(table)[-1]], (dict, list)):
        derniere = list(table)[-1]
        commentaire = table.ca.items.pop(derniere, None)
        table.insert(position, cle, valeur)
        if commentaire is not None:
            # the blank line or comment that closed the table now closes its new last line
            hote, nom = table, cle
            while isinstance(hote[nom], CommentedMap) and len(hote[nom]):
                hote, nom = hote[nom], list(hote[nom])[-1]
            hote.ca.items[nom] = commentaire
        return
    table.insert(position, cle, valeur)


def poser_valeur(donnees: CommentedMap, chemin: str, valeur: Any) -> None:
    """Write ``valeur`` at the dossier path ``chemin`` (``personnes[1].emploi.statut``),
    creating the tables on the way; an item of a list must already exist."""
    racine = schema("dossier")
    noeud: dict = racine
    courant: Any = donnees
    morceaux = chemin.split(".")
    for k, morceau in enumerate(morceaux):
        nom, rang = _MORCEAU.fullmatch(morceau).groups()
        proprietes = _resoudre(noeud, racine).get("properties", {})
        ordre = list(proprietes)
        noeud = _resoudre(proprietes.get(nom, {}), racine)
        dernier = k == len(morceaux) - 1
        if rang is not None:
            liste = courant.get(nom)
            if not isinstance(liste, list) or int(rang) >= len(liste):
                raise ReponseInvalide(f"« {chemin} » : l'élément n° {int(rang) + 1} n'existe pas dans le dossier")
            noeud = _resoudre(noeud.get("items", {}), racine)
            if dernier:
                liste[int(rang)] = valeur
                return
            courant = liste[int(rang)]
            continue
        if dernier:
            if isinstance(valeur, list):
                seq = CommentedSeq(valeur)
                seq.fa.set_flow_style()
                valeur = seq
            _inserer(courant, nom, valeur, ordre)
            return
        if not isinstance(courant.get(nom), dict):
            # the missing tables are built with the answer in them, then put in place at once
            _inserer(courant, nom, _tables(morceaux[k + 1:], valeur), ordre)
            return
        courant = courant[nom]


def _tables(morceaux: list[str], valeur: Any) -> CommentedMap:
    """``["emploi", "statut"]``, ``"cdi"`` → the nested tables ``{emploi: {statut: cdi}}``'s inside."""
    table = CommentedMap()
    tete = morceaux[0]
    if _MORCEAU.fullmatch(tete).group(2) is not None:
        raise ReponseInvalide(f"« {tete} » : l'élément n'existe pas dans le dossier")
    table[tete] = valeur if len(morceaux) == 1 else _tables(morceaux[1:], valeur)
    return table


def ecrire_atomique(chemin: Path, texte: str) -> None:
    """Replace ``chemin`` by ``texte`` all at once: a temporary file beside it, then rename."""
    mode = chemin.stat().st_mode & 0o777 if chemin.exists() else 0o644
    descripteur, temporaire = tempfile.mkstemp(prefix=f".{chemin.name}.", suffix=".tmp", dir=chemin.parent)
    try:
        with os.fdopen(descripteur, "w", encoding="utf-8", newline="") as flux:
            flux.write(texte)
            flux.flush()
            os.fsync(flux.fileno())
        os.chmod(temporaire, mode)
        os.replace(temporaire, chemin)
    except BaseException:
        if os.path.exists(temporaire):
            os.unlink(temporaire)
        raise


# -- the interview ---------------------------------------------------------------------
@enregistrement
class Bilan:
    """What an interview did: the answers written, the questions passed, why it ended."""

    ecrites: list[tuple[str, Any]] = champ(default_factory=list)
    passees: list[str] = champ(default_factory=list)
    fin: str = ""
    rapport: dict | None = None


def questions_restantes(rapport: dict, passees: set[str]) -> list[dict]:
    """The relevant questions the client can answer, best first (``rapport.questions``)."""
    presumes = {p.get("chemin") for p in rapport.get("presomptions") or []}
    return [q for q in rapport.get("questions", []) if q.get("pertinente", True) and q.get("chemin")
            and q["chemin"] not in passees and q["chemin"] not in presumes]


def mener_entretien(chemin: Path, base: Base, demander: Callable[[dict, int, str | None], str],
                    annoncer: Callable[[str], None], domaines: tuple[str, ...] = (),
                    date_lecture: date | None = None, maximum: int | None = None) -> Bilan:
    """Ask, write, re-evaluate, until nothing relevant is missing, ``maximum`` answers,
    or :class:`Arret`. ``demander(question, restantes, erreur)`` returns the raw answer."""
    bilan = Bilan()
    passees: set[str] = set()
    nom = str(chemin)
    while True:
        texte = chemin.read_text(encoding="utf-8")
        rapport = evaluer_dossier(dossier_depuis_texte(texte, nom, date_lecture), base, domaines)[1]
        bilan.rapport = rapport
        restantes = questions_restantes(rapport, passees)
        if not restantes:
            bilan.fin = "complet" if not passees else "reste_des_questions_passees"
            return bilan
        if maximum is not None and len(bilan.ecrites) + len(bilan.passees) >= maximum:
            bilan.fin = "maximum"
            return bilan
        question = restantes[0]
        erreur = None
        while True:
            try:
                brut = demander(question, len(restantes), erreur)
            except (Arret, EOFError, KeyboardInterrupt):
                bilan.fin = "arret"
                return bilan
            if brut.strip().lower() in ARRETER:
                bilan.fin = "arret"
                return bilan
            if brut.strip().lower() in PASSER:
                passees.add(question["chemin"])
                bilan.passees.append(question["chemin"])
                break
            try:
                valeur = lire_reponse(brut, question)
                y, donnees = charger_aller_retour(texte)
                poser_valeur(donnees, question["chemin"], valeur)
                nouveau = ecrire_texte(y, donnees)
                dossier_depuis_texte(nouveau, nom, date_lecture)  # exactly evaluate's checks
            except ReponseInvalide as exc:
                erreur = str(exc)
                continue
            except ErreurDonnees as exc:
                erreur = " ; ".join(p.message for p in exc.problemes)
                continue
            ecrire_atomique(chemin, nouveau)
            bilan.ecrites.append((question["chemin"], valeur))
            annoncer(f"→ {question['chemin']} = {_affichee(valeur)} écrit dans {nom}")
            break


def _affichee(valeur: Any) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur)
    return valeur.isoformat() if isinstance(valeur, date) else str(valeur)
