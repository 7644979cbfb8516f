"""Calendar arithmetic for legal deadlines (months and years, not 30-day approximations)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def ajouter_mois(jour: date, mois: int) -> date:
    """Same day ``mois`` months later; the last day of the month when it does not exist."""
    total = jour.year * 12 + jour.month - 1 + mois
    annee, mois_final = divmod(total, 12)
    dernier = calendar.monthrange(annee, mois_final + 1)[1]
    return date(annee, mois_final + 1, min(jour.day, dernier))


def ajouter_jours(jour: date, jours: int) -> date:
    return jour + timedelta(days=jours)
