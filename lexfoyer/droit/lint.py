"""``lexfoyer lint``: consistency of the knowledge base and the rules.

Load errors (schema, dangling citations, unknown facts or parameters, cycles) stop the
load itself; lint adds what a lawyer editing the base must not leave behind: versions
of a provision that overlap or leave a gap, an id that does not match its current
number, rules that no scenario test reaches, statuses never tested, parameters or
provisions that nothing uses; citation links that do not open the article they cite
(:func:`verifier_liens`); and a rule that could cite a provision on a date when no
version of it is in force (:func:`verifier_vigueur`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from lexfoyer.droit.base import Base
from lexfoyer.droit.verification import verifier_verdicts
from lexfoyer.lecture.erreurs import Probleme
from lexfoyer.flux.scenarios import charger_scenarios, couverture, fichiers_scenarios


def verifier_versions(base: Base) -> list[Probleme]:
    problemes = []
    for d in base.dispositions.values():
        ligne, colonne = d.position

        def pb(message: str) -> None:
            problemes.append(Probleme(d.fichier, ligne, colonne, d.id, message))

        numero = d.id.split("/", 1)[1]
        if d.versions[-1].numero.replace(".", "") != numero:
            pb(f"l'identifiant devrait reprendre le numéro en vigueur « {d.versions[-1].numero} »")
        for v in d.versions:
            if v.fin is not None and v.fin < v.debut:
                pb(f"version {v.numero} : fin {v.fin} avant son début {v.debut}")
        for avant, apres in zip(d.versions, d.versions[1:]):
            if avant.fin is None:
                pb(f"version {avant.numero} sans date de fin alors qu'une version lui succède le {apres.debut}")
            elif avant.fin >= apres.debut:
                pb(f"versions {avant.numero} et {apres.numero} se chevauchent ({avant.fin} ≥ {apres.debut})")
            elif avant.fin + timedelta(days=1) != apres.debut:
                pb(f"trou entre les versions {avant.numero} (fin {avant.fin}) et {apres.numero} (début {apres.debut})")
    for p in base.parametres.values():
        if not p.valeurs[0].definie and not p.valeurs[0].note:  # a documented unknown period is fine
            problemes.append(Probleme(p.fichier, p.position[0], p.position[1], p.id, "la première valeur est nulle"))
    return problemes


# The texts of the base: Légifrance id of the whole text (what a link to the code names) and
# the words a Légifrance search for one of its articles must contain.
TEXTES = {
    "code-civil": ("LEGITEXT000006070721", "code civil"),
    "code-consommation": ("LEGITEXT000006069565", "code de la consommation"),
    "code-monetaire-financier": ("LEGITEXT000006072026", "code monetaire et financier"),
    "code-general-impots": ("LEGITEXT000006069577", "code general des impots"),
    "code-commerce": ("LEGITEXT000005634379", "code de commerce"),
    "code-securite-sociale": ("LEGITEXT000006073189", "code de la securite sociale"),
    "code-travail": ("LEGITEXT000006072050", "code du travail"),
    "code-action-sociale-familles": ("LEGITEXT000006074069", "code de l'action sociale et des familles"),
    "code-assurances": ("LEGITEXT000006073984", "code des assurances"),
    "code-construction-habitation": ("LEGITEXT000006074096", "code de la construction et de l'habitation"),
    "loi-89-462": ("LEGITEXT000006069108", "loi n° 89-462"),
    "decret-55-22": ("LEGITEXT000006060726", "decret n° 55-22"),
    "hcsf": (None, "hcsf"),
}
# natures that are not texts published on Légifrance: no citation link is required
SANS_LEGIFRANCE = {"dispositif", "contrat"}
_ARTICLE = re.compile(r"^/(codes|loda)/article_lc/(LEGIARTI\d{12})(?:/(\d{4}-\d{2}-\d{2}))?/?$")
_JORF = re.compile(r"^/jorf/(?:id|article_jo)/(JORF(?:TEXT|ARTI)\d{12})/?$")
_TEXTE_ENTIER = re.compile(r"/(texte_lc|section_lc)/|/codes/id/LEGITEXT|/loda/id/|^/codes/?$")


#: a version that cites the loi or décret an article of a code came from (before its
#: codification): « Décr. n° 80-473 du 28 juin 1980, art. 2 », « Loi n° 79-596 … »
_HORS_CODE = re.compile(r"^(?:loi|d[ée]cr(?:et|\.)|ordonnance|ord\.|arr[êe]t[ée])\s+n°\s*([\d-]+)", re.IGNORECASE)


def _plat(texte: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", texte.lower()) if unicodedata.category(c) != "Mn")


def verifier_liens(base: Base) -> list[Probleme]:
    """Every version's citation link opens that article on Légifrance, or is a search for it.

    Refused: no link; a third-party page as the link (sources keep those); an address of a
    whole code or text, or of a section, given as an article link; an article link of an
    ended version without the date (``/AAAA-MM-JJ``) that selects it, or with a date outside
    the version; a link naming another code than the provision's; a search that does not
    name the article and its code; the same LEGIARTI id on two provisions (unless both
    versions are the same former article, split since between two provisions).
    """
    problemes = []
    porteurs: dict[str, list[tuple]] = {}
    for d in sorted(base.dispositions.values(), key=lambda d: d.id):
        ligne, colonne = d.position

        def pb(message: str) -> None:
            problemes.append(Probleme(d.fichier, ligne, colonne, d.id, message))

        if d.nature in SANS_LEGIFRANCE:
            continue
        legitext, libelle = TEXTES.get(d.code, (None, None))
        for v in d.versions:
            nom = f"version {v.numero} du {v.debut}"
            hors_code = _HORS_CODE.match(v.citation or "")
            # the text the version cites: the code, or the loi / décret before codification
            libelle_v, legitext_v = (hors_code.group(1), None) if hors_code else (libelle, legitext)
            if not v.url:
                pb(f"{nom} : aucune adresse Légifrance (url) — l'adresse de l'article, ou à défaut une recherche (lien: recherche)")
                continue
            morceaux = urlsplit(v.url)
            if morceaux.netloc != "www.legifrance.gouv.fr":
                pb(f"{nom} : le lien de citation doit être une adresse Légifrance, pas « {morceaux.netloc} » (une page tierce reste dans sources)")
                continue
            autres_textes = [t for t in re.findall(r"LEGITEXT\d{12}", v.url) if t != legitext_v]
            if autres_textes and legitext_v:
                pb(f"{nom} : l'adresse désigne le texte {autres_textes[0]}, pas celui de la disposition ({legitext_v})")
            if v.lien == "recherche":
                requete = _plat(" ".join(" ".join(x) for x in parse_qs(morceaux.query).values()) or unquote(morceaux.query))
                numero = _plat(v.numero)
                if not morceaux.path.startswith("/search"):
                    pb(f"{nom} : marquée « recherche » mais l'adresse n'est pas une recherche Légifrance")
                elif numero not in requete.replace(".", ""):
                    pb(f"{nom} : la recherche ne nomme pas l'article {v.numero}")
                elif libelle_v and _plat(libelle_v) not in requete:
                    pb(f"{nom} : la recherche ne nomme pas le texte de la disposition (« {libelle_v} »)")
                continue
            if _TEXTE_ENTIER.search(morceaux.path):
                pb(f"{nom} : adresse d'un code, d'un texte ou d'une section entière, pas de l'article")
                continue
            article, jorf = _ARTICLE.match(morceaux.path), _JORF.match(morceaux.path)
            if not article and not jorf:
                pb(f"{nom} : adresse Légifrance qui n'est pas celle d'un article (…/article_lc/LEGIARTI…) ; sinon, lien: recherche")
                continue
            if article:
                attendu = "codes" if d.code.startswith("code-") and not hors_code else "loda"
                if article.group(1) != attendu:
                    pb(f"{nom} : un article {'de code' if attendu == 'codes' else 'hors code'} s'ouvre par /{attendu}/article_lc/")
                jour = article.group(3)
                if jour:
                    try:
                        quand = date.fromisoformat(jour)
                    except ValueError:
                        quand = None
                    if quand is None or not v.en_vigueur_le(quand):
                        pb(f"{nom} : la date {jour} de l'adresse n'est pas dans la version ({v.debut} → {v.fin or '…'})")
                elif v.fin is not None:
                    pb(f"{nom} : version ancienne sans la date qui la sélectionne (…/{article.group(2)}/AAAA-MM-JJ)")
                porteurs.setdefault(article.group(2), []).append((d, v))
            else:
                porteurs.setdefault(jorf.group(1), []).append((d, v))
    for ident, liste in sorted(porteurs.items()):
        dispositions = {d.id for d, _v in liste}
        if len(dispositions) > 1 and len({(d.code, v.numero) for d, v in liste}) > 1:
            for d, v in liste:
                autres = ", ".join(sorted(dispositions - {d.id}))
                problemes.append(Probleme(d.fichier, d.position[0], d.position[1], d.id,
                                          f"version {v.numero} du {v.debut} : l'identifiant {ident} est aussi celui de {autres}"))
    return problemes


# Governing dates lint checks every rule for: from this date on (the recodification of the
# Code de la consommation, 1 July 2016, whose new numbering the rules are written in; older
# governing dates are read with the former numbers the kb holds, and what the kb lacks is
# left out of the report with a note), or from a later date the rule itself sets (see
# ``debut_controle``).
DEBUT_CONTROLE = date(2016, 7, 1)


def _borne(t) -> date | None:
    if t.operateur == "min" and isinstance(t.valeur, str):
        try:
            return date.fromisoformat(t.valeur)
        except ValueError:
            return None
    return None


def debut_controle(base: Base, regle, _vus: frozenset = frozenset()) -> tuple[date, str]:
    """The first governing date lint checks ``regle`` for, and why.

    A rule concludes on any governing date from :data:`DEBUT_CONTROLE`, except where it says
    otherwise: a ``min`` date on its governing-date fact in ``portee`` (the rule is out of
    scope before) or in a condition (before it, the rule is not applicable because the text
    did not exist yet — the report then cites nothing that was not in force, see
    :func:`lexfoyer.rapport.construction.fondements_conclusion`), and the first value of a
    dated parameter a condition compares with (before it, the rule cannot conclude). A
    ``min`` date on a date the rule's calculation derives from its facts (``calcul.…``, such
    as the day the landlord is informed by the letter that governs) counts the same way, and
    so does the start of a conclusion the rule requires, when both rules read the law at the
    same date.
    """
    debut, raison = DEBUT_CONTROLE, "début du contrôle de la base"
    tests = list(regle.portee) + [t for c in regle.conditions for t in c.tests]
    for t in tests:
        borne = _borne(t)
        if borne is not None and (t.fait == regle.date or t.racine == "calcul") and borne > debut:
            debut, raison = borne, f"{t.fait} ≥ {t.valeur}"
    for c in regle.conditions:
        autre = base.regle_de(c.conclusion) if c.conclusion and c.statut == "applicable" else None
        if autre is not None and autre.date == regle.date and autre.id not in _vus:
            borne, pourquoi = debut_controle(base, autre, _vus | {regle.id})
            if borne > debut:
                debut, raison = borne, f"conclusion {c.conclusion} requise : {pourquoi}"
    for c in regle.conditions:
        for t in c.tests:
            if isinstance(t.valeur, dict) and "parametre" in t.valeur:
                ident = regle.parametres.get(t.valeur["parametre"])
                if ident in base.parametres:
                    premiere = base.parametres[ident].valeurs[0].debut
                    if premiere > debut:
                        debut, raison = premiere, f"paramètre {ident} défini depuis le {premiere}"
    return debut, raison


def trous(disposition, debut: date) -> list[tuple[date, date | None]]:
    """Periods from ``debut`` on when ``disposition`` has no version in force (None: open end)."""
    manques, curseur = [], debut
    for v in disposition.versions:
        if v.fin is not None and v.fin < curseur:
            continue
        if v.debut > curseur:
            manques.append((curseur, v.debut - timedelta(days=1)))
        if v.fin is None:
            return manques
        curseur = max(curseur, v.fin + timedelta(days=1))
    manques.append((curseur, None))
    return manques


def fondements_possibles(base: Base, regle) -> list[str]:
    """Every provision a conclusion of ``regle`` may cite, read at its governing date: its
    own, then those of the intermediate conclusions named in ``fondements_selon``."""
    idents = list(regle.fondements)
    for cible in regle.fondements_selon:
        idents += base.regle_de(cible).fondements
    return list(dict.fromkeys(idents))


def verifier_vigueur(base: Base) -> list[Probleme]:
    """No rule cites a provision on a governing date when no version of it is in force (its
    own fondements and those its ``fondements_selon`` steps add, read at the rule's date)."""
    problemes = []
    for r in sorted(base.regles.values(), key=lambda r: r.id):
        debut, raison = debut_controle(base, r)
        for f in fondements_possibles(base, r):
            if base.dispositions[f].nature in SANS_LEGIFRANCE:
                continue  # a local scheme is not law: its « versions » date the documents read
            for de, a in trous(base.dispositions[f], debut):
                periode = f"du {de} au {a}" if a else f"à partir du {de}"
                problemes.append(Probleme(r.fichier, r.position[0], r.position[1], r.id,
                                          f"fondement « {f} » sans version en vigueur {periode} (date qui gouverne : {r.date} ; contrôlée depuis le {debut} : {raison})"))
    return problemes


def verifier_usage(base: Base) -> list[Probleme]:
    problemes = []
    utilises = {p for r in base.regles.values() for p in r.parametres.values()}
    for p in base.parametres.values():
        if p.id not in utilises:
            problemes.append(Probleme(p.fichier, p.position[0], p.position[1], p.id, "paramètre utilisé par aucune règle (information)"))
    return problemes


def verifier_couverture(base: Base, racine_tests: Path) -> list[Probleme]:
    problemes = []
    scenarios = []
    for fichier in fichiers_scenarios([racine_tests]):
        scenarios += charger_scenarios(fichier)
    vus = couverture(scenarios)
    for r in sorted(base.regles.values(), key=lambda r: r.id):
        statuts = vus.get(r.conclusion, set())
        if not statuts:
            problemes.append(Probleme(r.fichier, r.position[0], r.position[1], r.id, "règle atteinte par aucun scénario de test"))
            continue
        attendus = {"applicable", "non_applicable"} | ({"a_verifier"} if any(
            t.absent == "inconnu" and t.operateur != "existe" for c in r.conditions for t in c.tests) or any(c.conclusion for c in r.conditions) or r.calcul else set())
        for statut in sorted(attendus - statuts):
            problemes.append(Probleme(r.fichier, r.position[0], r.position[1], r.id, f"statut « {statut} » testé par aucun scénario"))
    return problemes


def linter(base: Base, racine_tests: Path | None, informations: bool = False) -> list[Probleme]:
    problemes = verifier_versions(base) + verifier_liens(base) + verifier_vigueur(base) + verifier_verdicts(base)
    if racine_tests is not None and racine_tests.is_dir():
        problemes += verifier_couverture(base, racine_tests)
    if informations:
        problemes += verifier_usage(base)
    return sorted(problemes)
