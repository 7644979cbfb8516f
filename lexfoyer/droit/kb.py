"""The knowledge base as Python objects: provisions with dated versions, dated parameters.

Loaded from ``kb/dispositions/*.yaml`` and ``kb/parametres/*.yaml``, each file validated
against its schema on every load. The point of the versions is the *governing date*: a
2014 loan is read under C. conso. L.312-22, a 2020 loan under L.313-51, and both numbers
find the same provision (the old one as an alias).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer.lecture.enregistrement import enregistrement


def en_date(texte: str | None) -> date | None:
    return date.fromisoformat(texte) if texte else None


@enregistrement(frozen=True)
class Version:
    numero: str
    citation: str
    debut: date
    fin: date | None
    url: str | None
    verifie: bool | None
    note: str | None
    lien: str | None = None  # "article" (the article itself on Légifrance) or "recherche" (a search)

    def en_vigueur_le(self, jour: date) -> bool:
        return self.debut <= jour and (self.fin is None or jour <= self.fin)

    @property
    def legiarti(self) -> str | None:
        """The Légifrance article id in the version's address, if it opens an article."""
        trouve = _LEGIARTI.search(self.url or "")
        return trouve.group(0) if trouve and self.lien != "recherche" else None


_LEGIARTI = re.compile(r"LEGIARTI\d{12}")


@enregistrement(frozen=True)
class Disposition:
    id: str
    citation: str
    intitule: str
    paraphrase: str
    versions: tuple[Version, ...]
    sources: tuple[dict, ...]
    guides: tuple[str, ...]
    derniere_verification: date | None
    notes: tuple[str, ...]
    ecarts_guides: tuple[str, ...]
    fichier: str
    position: tuple[int, int]
    nature: str = "article"

    @property
    def code(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def verifiee(self) -> bool:
        """True when at least one source was read at its address."""
        return any(s.get("verifie") for s in self.sources)

    def version_au(self, jour: date) -> Version | None:
        for version in self.versions:
            if version.en_vigueur_le(jour):
                return version
        return None

    def alias(self) -> list[str]:
        """Every ``code/numero`` this provision was known under."""
        return sorted({f"{self.code}/{v.numero}" for v in self.versions})


@enregistrement(frozen=True)
class ValeurDatee:
    debut: date
    valeur: Decimal | None
    bareme: tuple[tuple[Decimal, Decimal], ...] | None
    references: tuple[dict, ...]
    note: str | None

    @property
    def definie(self) -> bool:
        return self.valeur is not None or self.bareme is not None


@enregistrement(frozen=True)
class Parametre:
    id: str
    description: str
    unite: str
    fondements: tuple[str, ...]
    valeurs: tuple[ValeurDatee, ...]  # sorted by start date
    derniere_verification: date | None
    notes: tuple[str, ...]
    fichier: str
    position: tuple[int, int]

    def valeur_au(self, jour: date) -> ValeurDatee | None:
        """The value in force on ``jour``; None before the first value or after a null."""
        trouvee = None
        for valeur in self.valeurs:
            if valeur.debut <= jour:
                trouvee = valeur
        return trouvee if trouvee is not None and trouvee.definie else None

    def periode(self, valeur: ValeurDatee) -> tuple[date, date | None]:
        """Start and last day of a value (None: still in force)."""
        index = self.valeurs.index(valeur)
        if index + 1 < len(self.valeurs):
            suivante = self.valeurs[index + 1].debut
            return valeur.debut, date.fromordinal(suivante.toordinal() - 1)
        return valeur.debut, None


def disposition_depuis(donnees: dict[str, Any], fichier: str, position: tuple[int, int]) -> Disposition:
    versions = tuple(
        Version(
            numero=v["numero"],
            citation=v.get("citation") or donnees["citation"],
            debut=en_date(v["debut"]),
            fin=en_date(v.get("fin")),
            url=v.get("url"),
            verifie=v.get("verifie"),
            note=" ".join(v["note"].split()) if v.get("note") else None,
            lien=v.get("lien") or (("recherche" if "/search" in v["url"] else "article") if v.get("url") else None),
        )
        for v in donnees["versions"]
    )
    return Disposition(
        id=donnees["id"],
        citation=donnees["citation"],
        intitule=donnees["intitule"],
        paraphrase=" ".join(donnees["paraphrase"].split()),
        versions=tuple(sorted(versions, key=lambda v: v.debut)),
        sources=tuple(donnees["sources"]),
        guides=tuple(donnees.get("guides", ())),
        derniere_verification=en_date(donnees.get("derniere_verification")),
        notes=tuple(" ".join(n.split()) for n in donnees.get("notes", ())),
        ecarts_guides=tuple(" ".join(n.split()) for n in donnees.get("ecarts_guides", ())),
        fichier=fichier,
        position=position,
        nature=donnees.get("nature", "article"),
    )


def parametre_depuis(donnees: dict[str, Any], fichier: str, position: tuple[int, int]) -> Parametre:
    valeurs = []
    for debut, v in donnees["valeurs"].items():
        bareme = v.get("bareme")
        valeurs.append(ValeurDatee(
            debut=en_date(debut),
            valeur=Decimal(str(v["valeur"])) if v.get("valeur") is not None else None,
            bareme=tuple((Decimal(str(t["seuil"])), Decimal(str(t["taux"]))) for t in bareme) if bareme else None,
            references=tuple(v["references"]),
            note=v.get("note"),
        ))
    return Parametre(
        id=donnees["id"],
        description=donnees["description"],
        unite=donnees["unite"],
        fondements=tuple(donnees["fondements"]),
        valeurs=tuple(sorted(valeurs, key=lambda v: v.debut)),
        derniere_verification=en_date(donnees.get("derniere_verification")),
        notes=tuple(donnees.get("notes", ())),
        fichier=fichier,
        position=position,
    )
