"""Turn a validated dossier into the facts durable_rules can safely hold.

durable_rules refuses ``Decimal`` and dates, mangles floats written in exponent form and
compares strings with numbers (hazard H9), crashes on facts without an ``id`` (H2) and
on facts with too many attributes. So every fact built here has an explicit id from a
fixed family (``f0``…, H7), every number is an integer scaled by 10⁴ (``1.48`` → 14800),
every date is an integer ``AAAAMMJJ`` with the time elapsed until the reference date
(``…__jours``, ``…__mois``, ``…__annees``) beside it, lists of values carry a sentinel so
that "does not contain" is decidable on an empty list, and the attribute count is
checked. Related entities are copied into a subject's fact (a loan carries its bien), so
no join can silently fail.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer.calculs.calendrier import annees_ecoulees, mois_ecoules
from lexfoyer.lecture.enregistrement import champ, enregistrement
from lexfoyer.lecture.erreurs import ErreurMoteur
from lexfoyer.droit.regles import SECTIONS_DOSSIER
from lexfoyer.cas.vocabulaire import chemins_dossier

ECHELLE = 10_000
SENTINELLE = "∅"
ATTRIBUTS_MAX = 230  # durable_rules fails beyond ~250 attributes per fact, nested included


def echelle(valeur: Decimal | int) -> int:
    """Exact scaled integer of a number that has at most 4 decimals."""
    resultat = Decimal(valeur) * ECHELLE
    if resultat != resultat.to_integral_value():
        raise ErreurMoteur(f"nombre {valeur} trop précis pour le moteur (4 décimales au plus)")
    return int(resultat)


def desechelle(valeur: int) -> Decimal:
    return (Decimal(valeur) / ECHELLE).normalize() if valeur % ECHELLE else Decimal(valeur // ECHELLE)


def date_entier(jour: date) -> int:
    return jour.year * 10000 + jour.month * 100 + jour.day


def entier_date(valeur: int) -> date:
    return date(valeur // 10000, valeur // 100 % 100, valeur % 100)


def _motif(chemin: tuple) -> tuple:
    return tuple("[]" if isinstance(x, int) else x for x in chemin)


@enregistrement
class Faits:
    """The facts of one dossier, and what the engine's actions need beside them."""

    liste: list[dict]
    chemins: dict[tuple[str, str], str]  # (type, ref) -> dossier path of the entity
    donnees: dict  # the dossier as loaded (Decimal), for calculations
    date_reference: date
    entites: dict[tuple[str, str], dict] = champ(default_factory=dict)  # (type, ref) -> raw dict
    presumes: list = champ(default_factory=list)  # droit.presomptions.Presume: facts the law presumed


class _Constructeur:
    def __init__(self, date_reference: date):
        self.date_reference = date_reference
        self.genres = chemins_dossier()

    def valeur(self, v: Any, chemin_schema: tuple, nom: str, sortie: dict) -> None:
        if v is None:
            return
        genre = self.genres.get(chemin_schema)
        if isinstance(v, bool):
            sortie[nom] = v
        elif isinstance(v, (int, Decimal)):
            sortie[nom] = echelle(v)
        elif isinstance(v, str) and genre == "date":
            jour = date.fromisoformat(v)
            sortie[nom] = date_entier(jour)
            sortie[nom + "__jours"] = (self.date_reference - jour).days
            sortie[nom + "__mois"] = mois_ecoules(jour, self.date_reference)
            sortie[nom + "__annees"] = annees_ecoulees(jour, self.date_reference)
        elif isinstance(v, str):
            sortie[nom] = v
        elif isinstance(v, dict):
            sous: dict = {}
            for k, w in v.items():
                cle = k if (chemin_schema + (k,)) in self.genres else "*"
                self.valeur(w, chemin_schema + (cle,), k, sous)
            sortie[nom] = sous
        elif isinstance(v, list):
            if all(not isinstance(x, (dict, list)) for x in v):
                sortie[nom] = [SENTINELLE] + [echelle(x) if isinstance(x, (int, Decimal)) and not isinstance(x, bool) else x for x in v]
            # lists of objects are entities of their own, or inputs of calculations

    def objet(self, brut: dict, chemin_schema: tuple, exclure: tuple = ()) -> dict:
        sortie: dict = {}
        for k, v in brut.items():
            if k not in exclure:
                self.valeur(v, chemin_schema + (k,), k, sortie)
        return sortie


def _compter(objet: Any) -> int:
    if isinstance(objet, dict):
        return sum(_compter(v) for v in objet.values()) or 1
    return 1


def biens_rachetes(donnees: dict) -> list[str] | None:
    """Ids of the biens the buy-out may concern; None when the dossier asks no buy-out.

    ``demandes.rachat_soulte.bien`` names it; when it is not written, every bien that is
    (or may be) co-owned — ``commun``, ``indivis`` or not yet qualified — is a candidate.
    With several candidates the soulte calculations ask which one
    (:mod:`lexfoyer.calculs.adaptateurs_soulte`), instead of guessing.
    """
    rachat = donnees.get("demandes", {}).get("rachat_soulte")
    if not rachat:
        return None
    if "bien" in rachat:
        return [rachat["bien"]]
    return [b["id"] for b in donnees.get("biens", []) if b.get("propriete") != "propre"]


def construire_faits(donnees: dict, date_reference: date) -> Faits:
    """All facts of a dossier, in a fixed order (ids ``f0``, ``f1``, … follow it)."""
    c = _Constructeur(date_reference)
    faits: list[dict] = []
    chemins: dict[tuple[str, str], str] = {}
    entites: dict[tuple[str, str], dict] = {}

    def ajouter(type_: str, ref: str, chemin: str, attributs: dict, brut: dict) -> None:
        attributs.update({"t": type_, "ref": ref, "_chemin": chemin})
        faits.append(attributs)
        chemins[(type_, ref)] = chemin
        entites[(type_, ref)] = brut

    # the dossier-level sections, on one fact
    sections = {s: donnees[s] for s in SECTIONS_DOSSIER if s in donnees}
    sections.setdefault("dossier", {})
    sections["dossier"] = dict(sections["dossier"], date_reference=date_reference.isoformat())
    titulaires = (donnees.get("location") or {}).get("titulaires")
    if isinstance(titulaires, list):
        sections["dossier"]["nb_titulaires_bail"] = len(titulaires)
    ajouter("dossier", "dossier", "", c.objet(sections, ()), sections)

    prets = donnees.get("prets", [])
    demande = donnees.get("demandes", {}).get("desolidarisation", {})
    demandeur = demande.get("demandeur")
    for i, p in enumerate(donnees.get("personnes", [])):
        attributs = c.objet(p, ("personnes", "[]"))
        ses_prets = [pr for pr in prets if p["id"] in pr.get("emprunteurs", [])]
        attributs["emprunteur"] = bool(ses_prets)
        if demandeur:
            if p["id"] == demandeur:
                attributs["role_desolidarisation"] = "demandeur"
            elif any(demandeur in pr.get("emprunteurs", []) for pr in ses_prets):
                attributs["role_desolidarisation"] = "restant"
        ajouter("personne", p["id"], f"personnes[{i}]", attributs, p)

    for i, e in enumerate(donnees.get("enfants", [])):
        attributs = c.objet(e, ("enfants", "[]"))
        ajouter("enfant", e.get("prenom") or f"enfant{i + 1}", f"enfants[{i}]", attributs, e)

    biens_faits: dict[str, dict] = {}
    rachetes = biens_rachetes(donnees)
    for i, b in enumerate(donnees.get("biens", [])):
        attributs = c.objet(b, ("biens", "[]"))
        propriete = b.get("propriete")
        if propriete == "commun":
            attributs["nb_proprietaires"] = echelle(2)
        elif propriete == "propre":
            attributs["nb_proprietaires"] = echelle(1)
        elif propriete == "indivis" and "quotes_parts" in b:
            attributs["nb_proprietaires"] = echelle(len(b["quotes_parts"]))
        attributs["objet_rachat"] = rachetes is not None and b["id"] in rachetes
        ajouter("bien", b["id"], f"biens[{i}]", attributs, b)
        biens_faits[b["id"]] = dict(attributs)

    personnes_faits = {f["ref"]: f for f in faits if f["t"] == "personne"}
    for i, p in enumerate(prets):
        attributs = c.objet(p, ("prets", "[]"), exclure=("assurance",))
        if "emprunteurs" in p:
            attributs["nb_emprunteurs"] = echelle(len(p["emprunteurs"]))
        if p.get("bien") in biens_faits:
            attributs["_bien"] = biens_faits[p["bien"]]
        pret_fait = dict(attributs)
        ajouter("pret", p["id"], f"prets[{i}]", attributs, p)
        for j, a in enumerate(p.get("assurance", [])):
            attributs_a = c.objet(a, ("prets", "[]", "assurance", "[]"))
            attributs_a["_pret"] = {k: v for k, v in pret_fait.items() if k not in ("_bien",)}
            if a.get("assure") in personnes_faits:
                attributs_a["_personne"] = {k: v for k, v in personnes_faits[a["assure"]].items() if k not in ("t", "ref")}
            ajouter("assurance", f"{p['id']}/{a['assure']}", f"prets[{i}].assurance[{j}]", attributs_a, a)

    for n, fait in enumerate(faits):
        fait["id"] = f"f{n}"
        taille = _compter(fait)
        if taille > ATTRIBUTS_MAX:
            raise ErreurMoteur(f"le fait {fait['t']} « {fait['ref']} » a {taille} attributs (maximum {ATTRIBUTS_MAX})")
    return Faits(faits, chemins, donnees, date_reference, entites)
