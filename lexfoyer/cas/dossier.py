"""Load a dossier: safe YAML, schema, then the cross-references a schema cannot see.

An absent field means *unknown*, never false or zero; nothing is guessed. What is
checked here is only what would make the dossier incoherent (an id that names nobody,
quote-parts that do not sum to 100, a ``proprietaire`` on a bien that is not ``propre``);
whether the law applies is the engine's business.

Text is checked here too, in every string and key of the dossier: the reader has already
refused the control and bidi characters; a line break or a tab is accepted only in the
free-text fields of :data:`CHAMPS_MULTILIGNES` (``dossier.notes``), never in an identifier,
a reference or a first name, where it would forge a line of the report. Identifiers that
become HTML anchors and links must differ by more than case, ``-`` or ``_`` (``m`` and
``M`` would share an anchor). Dates stay within :data:`ANNEE_MIN`–:data:`ANNEE_MAX`, so
that no computed deadline runs off Python's calendar.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lexfoyer.lecture.enregistrement import enregistrement
from lexfoyer.lecture.erreurs import ErreurDonnees, Probleme, extrait
from lexfoyer.lecture.schemas import valider
from lexfoyer.lecture.yamlsur import DocumentYaml, charger_fichier, charger_texte

DECIMALES_MAX = 4
#: dates of a dossier (and the date the law is read at) stay within these years
ANNEE_MIN, ANNEE_MAX = 1800, 2199
#: the only fields whose text may hold a line feed or a tab (``[]`` stands for any index)
CHAMPS_MULTILIGNES = frozenset({("dossier", "notes")})
#: the lists whose ids become subjects, hence HTML anchors and « dépend de » links
_LISTES_IDENTIFIEES = ("personnes", "enfants", "biens", "prets")
_SAUTS = re.compile("[\n\t]")


def hors_calendrier(jour: date) -> str | None:
    """Why ``jour`` cannot be a dossier's date (None when it can)."""
    if not ANNEE_MIN <= jour.year <= ANNEE_MAX:
        return f"date hors de la plage acceptée (années {ANNEE_MIN} à {ANNEE_MAX})"
    return None


def cle_ancre(ident: str) -> str:
    """What an id becomes in an HTML anchor: two ids with the same key would collide."""
    return re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")


@enregistrement
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


def _motif(chemin: tuple) -> tuple:
    return tuple("[]" if isinstance(x, int) else x for x in chemin)


def verifier_textes(doc: DocumentYaml) -> list:
    """Line breaks and tabs outside the free-text fields, in values and keys alike."""
    pb = []

    def parcourir(v: Any, chemin: tuple) -> None:
        if isinstance(v, dict):
            for k, w in v.items():
                if isinstance(k, str) and _SAUTS.search(k):
                    pb.append(doc.probleme(chemin + (k,), f"clé « {extrait(k)} » : saut de ligne ou tabulation refusé", cle=True))
                    continue
                parcourir(w, chemin + (k,))
        elif isinstance(v, list):
            for i, w in enumerate(v):
                parcourir(w, chemin + (i,))
        elif isinstance(v, str) and _motif(chemin) not in CHAMPS_MULTILIGNES:
            m = _SAUTS.search(v)
            if m:
                quoi = "saut de ligne" if m.group() == "\n" else "tabulation"
                pb.append(doc.probleme(chemin, f"{quoi} refusé : ce champ tient sur une ligne"
                                               + (" (seules les notes peuvent en avoir plusieurs)" if quoi == "saut de ligne" else "")))

    parcourir(doc.donnees, ())
    return pb


def verifier_references(doc: DocumentYaml) -> list:
    """Cross-reference and value checks, one located problem each."""
    d = doc.donnees
    pb = []
    for chemin, nombre in _nombres(d, ()):
        if nombre.as_tuple().exponent < -DECIMALES_MAX:
            pb.append(doc.probleme(chemin, f"{nombre} a plus de {DECIMALES_MAX} décimales"))
    for chemin, texte in _dates(d, ()):
        try:
            jour = date.fromisoformat(texte)
        except ValueError:
            pb.append(doc.probleme(chemin, f"« {extrait(texte)} » n'est pas une date du calendrier"))
            continue
        raison = hors_calendrier(jour)
        if raison:
            pb.append(doc.probleme(chemin, f"« {texte} » : {raison}"))
    personnes = [p["id"] for p in d.get("personnes", [])]
    biens = [b["id"] for b in d.get("biens", [])]
    prets = [p["id"] for p in d.get("prets", [])]
    for nom in _LISTES_IDENTIFIEES:
        vus: dict[str, tuple[int, str]] = {}
        for i, element in enumerate(d.get(nom, [])):
            ident = element.get("id")
            if not isinstance(ident, str):
                continue
            cle = cle_ancre(ident)
            if cle in vus:
                j, autre = vus[cle]
                if autre == ident:
                    pb.append(doc.probleme((nom, i, "id"), f"identifiant « {ident} » en double"))
                else:
                    pb.append(doc.probleme((nom, i, "id"), f"identifiant « {ident} » trop proche de « {autre} » ({nom}[{j}].id) : "
                                                          "deux identifiants doivent différer autrement que par les majuscules, « - » ou « _ »"))
            else:
                vus[cle] = (i, ident)

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
    textes = verifier_textes(doc)
    vus = {p.chemin for p in textes}
    problemes = textes + [p for p in valider(doc, "dossier") if p.chemin not in vus]
    if not problemes:
        problemes = verifier_references(doc)
    if not problemes and date_forcee is not None and hors_calendrier(date_forcee):
        problemes = [Probleme(doc.fichier, 1, 1, "", f"date de lecture du droit {date_forcee.isoformat()} : "
                                                     f"{hors_calendrier(date_forcee)}")]
    if problemes:
        raise ErreurDonnees(problemes)
    texte = doc.donnees["dossier"].get("date_reference")
    jour = date_forcee or (date.fromisoformat(texte) if texte else date.today())
    return Dossier(doc, jour)


def charger_dossier(chemin: Path | str, date_reference: date | None = None) -> Dossier:
    """Read, validate and cross-check a dossier file; :class:`ErreurDonnees` otherwise."""
    doc = charger_fichier(chemin)
    if not isinstance(doc.donnees, dict):
        raise ErreurDonnees([Probleme(doc.fichier, 1, 1, "", "un dossier est une table YAML (clé: valeur)")])
    return _finir(doc, date_reference)


def dossier_depuis_texte(texte: str, nom: str = "<dossier>", date_reference: date | None = None) -> Dossier:
    doc = charger_texte(texte, nom)
    if not isinstance(doc.donnees, dict):
        raise ErreurDonnees([Probleme(nom, 1, 1, "", "un dossier est une table YAML (clé: valeur)")])
    return _finir(doc, date_reference)
