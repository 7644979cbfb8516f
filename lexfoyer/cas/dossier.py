"""Load a dossier: safe YAML, schema, then the cross-references a schema cannot see.

An absent field means *unknown*, never false or zero; nothing is guessed. What is
checked here is only what would make the dossier incoherent (an id that names nobody,
quote-parts that do not sum to 100, a ``proprietaire`` on a bien that is not ``propre``);
whether the law applies is the engine's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lexfoyer.lecture.erreurs import ErreurDonnees
from lexfoyer.lecture.schemas import valider
from lexfoyer.lecture.yamlsur import DocumentYaml, charger_fichier, charger_texte

DECIMALES_MAX = 4


@dataclass
class Dossier:
    """A validated dossier and where each of its values is in its file."""

    doc: DocumentYaml
    date_reference: date

    @property
    def donnees(self) -> dict:
        return self.doc.donnees

    @property
    def reference(self) -> str:
        return self.donnees["dossier"]["reference"]

    @property
    def fichier(self) -> str:
        return self.doc.fichier


def _nombres(valeur: Any, chemin: tuple):
    if isinstance(valeur, dict):
        for k, v in valeur.items():
            yield from _nombres(v, chemin + (k,))
    elif isinstance(valeur, list):
        for i, v in enumerate(valeur):
            yield from _nombres(v, chemin + (i,))
    elif isinstance(valeur, Decimal):
        yield chemin, valeur


def _dates(valeur: Any, chemin: tuple):
    from lexfoyer.cas.vocabulaire import chemins_dossier
    genres = chemins_dossier()

    def motif(c: tuple) -> tuple:
        return tuple("[]" if isinstance(x, int) else x for x in c)

    def parcourir(v: Any, c: tuple):
        if isinstance(v, dict):
            for k, w in v.items():
                yield from parcourir(w, c + (k,))
        elif isinstance(v, list):
            for i, w in enumerate(v):
                yield from parcourir(w, c + (i,))
        elif isinstance(v, str) and genres.get(motif(c)) == "date":
            yield c, v

    yield from parcourir(valeur, chemin)


def verifier_references(doc: DocumentYaml) -> list:
    """Cross-reference and value checks, one located problem each."""
    d = doc.donnees
    pb = []
    for chemin, nombre in _nombres(d, ()):
        if nombre.as_tuple().exponent < -DECIMALES_MAX:
            pb.append(doc.probleme(chemin, f"{nombre} a plus de {DECIMALES_MAX} décimales"))
    for chemin, texte in _dates(d, ()):
        try:
            date.fromisoformat(texte)
        except ValueError:
            pb.append(doc.probleme(chemin, f"« {texte} » n'est pas une date du calendrier"))
    personnes = [p["id"] for p in d.get("personnes", [])]
    biens = [b["id"] for b in d.get("biens", [])]
    prets = [p["id"] for p in d.get("prets", [])]
    for nom, ids in (("personnes", personnes), ("biens", biens), ("prets", prets)):
        vus = set()
        for i, ident in enumerate(ids):
            if ident in vus:
                pb.append(doc.probleme((nom, i, "id"), f"identifiant « {ident} » en double"))
            vus.add(ident)

    def personne(chemin: tuple, valeur: Any, permis: tuple = ()) -> None:
        if valeur is not None and valeur not in personnes and valeur not in permis:
            pb.append(doc.probleme(chemin, f"« {valeur} » n'est l'identifiant d'aucune personne du dossier"))

    violences = d.get("situation_familiale", {}).get("violences", {})
    personne(("situation_familiale", "violences", "victime"), violences.get("victime"))
    for i, e in enumerate(d.get("enfants", [])):
        personne(("enfants", i, "residence"), e.get("residence"), ("alternee",))
    for i, b in enumerate(d.get("biens", [])):
        propriete = b.get("propriete")
        if "proprietaire" in b:
            personne(("biens", i, "proprietaire"), b["proprietaire"])
            if propriete != "propre":
                pb.append(doc.probleme(("biens", i, "proprietaire"), "« proprietaire » ne s'emploie qu'avec « propriete: propre »"))
        if "quotes_parts" in b:
            if propriete not in ("indivis", None):
                pb.append(doc.probleme(("biens", i, "quotes_parts"), "« quotes_parts » ne s'emploie qu'avec « propriete: indivis » (un bien commun est partagé 50/50)"))
            for qui in b["quotes_parts"]:
                personne(("biens", i, "quotes_parts", qui), qui)
            total = sum(b["quotes_parts"].values(), Decimal(0))
            if total != 100:
                pb.append(doc.probleme(("biens", i, "quotes_parts"), f"les quotes-parts totalisent {total} % au lieu de 100 %"))
        personne(("biens", i, "occupant"), b.get("occupant"))
        for j, a in enumerate(b.get("apports_propres", [])):
            personne(("biens", i, "apports_propres", j, "personne"), a.get("personne"))
    for i, p in enumerate(d.get("prets", [])):
        if "bien" in p and p["bien"] not in biens:
            pb.append(doc.probleme((("prets", i, "bien")), f"« {p['bien']} » n'est l'identifiant d'aucun bien du dossier"))
        for j, e in enumerate(p.get("emprunteurs", [])):
            personne(("prets", i, "emprunteurs", j), e)
        assures = set()
        for j, a in enumerate(p.get("assurance", [])):
            personne(("prets", i, "assurance", j, "assure"), a.get("assure"))
            if a.get("assure") in assures:
                pb.append(doc.probleme(("prets", i, "assurance", j, "assure"), f"« {a['assure']} » a déjà une assurance sur ce prêt"))
            assures.add(a.get("assure"))
    for j, t in enumerate(d.get("location", {}).get("titulaires", [])):
        personne(("location", "titulaires", j), t)
    demandes = d.get("demandes", {})
    for section in ("desolidarisation", "attribution_logement"):
        personne(("demandes", section, "demandeur"), demandes.get(section, {}).get("demandeur"))
    rachat = demandes.get("rachat_soulte", {})
    personne(("demandes", "rachat_soulte", "acquereur"), rachat.get("acquereur"))
    if "bien" in rachat and rachat["bien"] not in biens:
        pb.append(doc.probleme(("demandes", "rachat_soulte", "bien"), f"« {rachat['bien']} » n'est l'identifiant d'aucun bien du dossier"))
    return pb


def _finir(doc: DocumentYaml, date_forcee: date | None) -> Dossier:
    problemes = valider(doc, "dossier")
    if not problemes:
        problemes = verifier_references(doc)
    if problemes:
        raise ErreurDonnees(problemes)
    texte = doc.donnees["dossier"].get("date_reference")
    jour = date_forcee or (date.fromisoformat(texte) if texte else date.today())
    return Dossier(doc, jour)


def charger_dossier(chemin: Path | str, date_reference: date | None = None) -> Dossier:
    """Read, validate and cross-check a dossier file; :class:`ErreurDonnees` otherwise."""
    doc = charger_fichier(chemin)
    if not isinstance(doc.donnees, dict):
        from lexfoyer.lecture.erreurs import Probleme
        raise ErreurDonnees([Probleme(doc.fichier, 1, 1, "", "un dossier est une table YAML (clé: valeur)")])
    return _finir(doc, date_reference)


def dossier_depuis_texte(texte: str, nom: str = "<dossier>", date_reference: date | None = None) -> Dossier:
    doc = charger_texte(texte, nom)
    if not isinstance(doc.donnees, dict):
        from lexfoyer.lecture.erreurs import Probleme
        raise ErreurDonnees([Probleme(nom, 1, 1, "", "un dossier est une table YAML (clé: valeur)")])
    return _finir(doc, date_reference)
