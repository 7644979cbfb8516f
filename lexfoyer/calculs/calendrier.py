"""The one calendar of lexfoyer: adding to dates and comparing them, as French law counts.

Every date computed anywhere (a deadline, a majority, an age, the end of a franchise, the
time elapsed until the reference date) goes through this module, so that the same dossier
never gets two answers from two helpers. Rounding is explicit, as Catala makes it:

- **months and years** are calendar months (never 30-day approximations). When the target
  month has no day with the same number, the period ends on the *last day of that month*
  (C. pr. civ., art. 641 al. 1 for deadlines: 31 January + 1 month = 28/29 February);
- **birthdays** are the exception: someone born on 29 February completes a year of age on
  *1 March* in a common year (the day after 28 February, when the full year has elapsed), so
  a child born on 29 February 2008 turns 18 on 1 March 2026;
- **days** are calendar days.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def ajouter(jour: date, *, jours: int = 0, mois: int = 0, annees: int = 0) -> date:
    """``jour`` plus calendar years, months, then days (end of month when the day is missing)."""
    total = jour.year * 12 + jour.month - 1 + mois + 12 * annees
    annee, mois_final = divmod(total, 12)
    dernier = calendar.monthrange(annee, mois_final + 1)[1]
    return date(annee, mois_final + 1, min(jour.day, dernier)) + timedelta(days=jours)


def ajouter_mois(jour: date, mois: int) -> date:
    """Same day ``mois`` months later; the last day of the month when it does not exist."""
    return ajouter(jour, mois=mois)


def ajouter_jours(jour: date, jours: int) -> date:
    return jour + timedelta(days=jours)


def anniversaire(naissance: date, age: int) -> date:
    """The day a person born on ``naissance`` completes ``age`` years (29 February → 1 March)."""
    try:
        return naissance.replace(year=naissance.year + age)
    except ValueError:
        return date(naissance.year + age, 3, 1)


def age_revolu(naissance: date, jour: date) -> int:
    """Whole years completed on ``jour`` (a birthday counts on its day)."""
    age = jour.year - naissance.year
    if (jour.month, jour.day) < (naissance.month, naissance.day):
        age -= 1
    return age


def mois_ecoules(debut: date, fin: date) -> int:
    """Whole calendar months from ``debut`` to ``fin`` (negative when ``fin`` is earlier)."""
    mois = (fin.year - debut.year) * 12 + fin.month - debut.month
    if mois > 0 and fin.day < debut.day:
        mois -= 1
    elif mois < 0 and fin.day > debut.day:
        mois += 1
    return mois


def annees_ecoulees(debut: date, fin: date) -> int:
    """Whole years from ``debut`` to ``fin`` (negative when ``fin`` is earlier)."""
    if fin >= debut:
        return mois_ecoules(debut, fin) // 12
    return -(mois_ecoules(fin, debut) // 12)


def jours_ecoules(debut: date, fin: date) -> int:
    return (fin - debut).days
