"""Records (lexfoyer.lecture.enregistrement) behave as the dataclasses they replace.

Each property builds the same class twice, once with ``dataclasses`` and once with
:func:`enregistrement`, and checks that both agree on construction, equality, hashing,
ordering, ``repr`` and frozenness for arbitrary values.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, strategies as st

from lexfoyer.lecture.enregistrement import (
    ModificationInterdite, champ, champs, enregistrement, est_enregistrement, remplacer,
)


@dataclasses.dataclass(frozen=True, order=True)
class PointDC:
    x: int
    y: str = "a"
    z: tuple = dataclasses.field(default=(), compare=False, repr=False)
    liste: list = dataclasses.field(default_factory=list, compare=False)


@enregistrement(frozen=True, order=True)
class Point:
    x: int
    y: str = "a"
    z: tuple = champ(default=(), compare=False, repr=False)
    liste: list = champ(default_factory=list, compare=False)


@dataclasses.dataclass
class SacDC:
    a: int
    b: list = dataclasses.field(default_factory=list)


@enregistrement
class Sac:
    a: int
    b: list = champ(default_factory=list)


valeurs = st.tuples(st.integers(-5, 5), st.sampled_from(["a", "b", "é"]), st.tuples(st.integers()))


def _paire(v):
    x, y, z = v
    return PointDC(x, y, z), Point(x, y, z)


def _repr_sans_classe(objet) -> str:
    return repr(objet).split("(", 1)[1]


@given(valeurs, valeurs)
def test_egalite_hachage_ordre_comme_dataclasses(v1, v2):
    dc1, r1 = _paire(v1)
    dc2, r2 = _paire(v2)
    assert (dc1 == dc2) is (r1 == r2)
    assert (dc1 < dc2, dc1 <= dc2, dc1 > dc2, dc1 >= dc2) == (r1 < r2, r1 <= r2, r1 > r2, r1 >= r2)
    if r1 == r2:
        assert hash(r1) == hash(r2)
    assert _repr_sans_classe(dc1) == _repr_sans_classe(r1)
    assert sorted([r2, r1]) == sorted([r1, r2])


@given(st.integers(), st.lists(st.integers(), max_size=3))
def test_construction_par_position_ou_par_nom(a, b):
    assert vars(Sac(a, b)) == dataclasses.asdict(SacDC(a, b))
    assert vars(Sac(b=b, a=a)) == vars(Sac(a, b))
    assert list(vars(Sac(b=b, a=a))) == ["a", "b"]  # field order, whatever the call order


def test_defaut_fabrique_neuf_a_chaque_fois():
    assert Sac(1).b is not Sac(1).b
    assert Point(1).liste is not Point(1).liste
    assert Point(1).y == "a" and Point.y == "a"


def test_mutable_non_hachable_et_gele_immuable():
    with pytest.raises(TypeError):
        hash(Sac(1))
    point = Point(1)
    with pytest.raises(ModificationInterdite):
        point.x = 2
    with pytest.raises(AttributeError):
        del point.x
    sac = Sac(1)
    sac.a = 2
    assert sac.a == 2


def test_arguments_faux_refuses_comme_une_dataclass():
    for appel in (lambda: Sac(), lambda: Sac(1, [], 3), lambda: Sac(1, a=2), lambda: Sac(1, c=3)):
        with pytest.raises(TypeError):
            appel()


def test_comparaison_entre_classes_differentes():
    assert Point(1) != PointDC(1)
    assert Sac(1) != Point(1)
    with pytest.raises(TypeError):
        Point(1) < Sac(1)  # noqa: B015


def test_remplacer_et_introspection():
    point = Point(1, "b", (2,))
    autre = remplacer(point, x=3)
    assert (autre.x, autre.y, autre.z) == (3, "b", (2,)) and point.x == 1
    assert champs(Point) == champs(point) == ("x", "y", "z", "liste")
    assert est_enregistrement(Point) and not est_enregistrement(PointDC) and not est_enregistrement(point)


def test_champ_sans_defaut_apres_un_defaut_refuse():
    with pytest.raises(TypeError):
        @enregistrement
        class Mauvais:
            a: int = 1
            b: int


def test_classvar_refuse_plutot_que_pris_pour_un_champ():
    from typing import ClassVar
    with pytest.raises(TypeError, match="n'est pas un champ"):
        @enregistrement
        class Mauvais:
            a: int
            constante: ClassVar[int] = 3


def test_methode_propre_conservee():
    @enregistrement(frozen=True)
    class Nomme:
        nom: str

        def __repr__(self) -> str:
            return f"<{self.nom}>"

    assert repr(Nomme("x")) == "<x>"
    assert hash(Nomme("x")) == hash(Nomme("x"))


@dataclasses.dataclass
class MelangeDC:
    a: int
    b: int
    c: int = 3
    d: list = dataclasses.field(default_factory=lambda: ["d"])
    e: str = "e"


@enregistrement
class Melange:
    a: int
    b: int
    c: int = 3
    d: list = champ(default_factory=lambda: ["d"])
    e: str = "e"


@given(st.integers(0, 5), st.sets(st.sampled_from("abcdef")))
def test_tout_melange_de_positions_et_de_noms_comme_une_dataclass(positions, noms):
    valeurs = dict(zip("abcdef", range(10, 16)))
    args = [valeurs[n] for n in "abcde"[:positions]]
    kwargs = {n: valeurs[n] for n in noms}
    try:
        attendu = vars(MelangeDC(*args, **kwargs))
    except TypeError:
        with pytest.raises(TypeError):
            Melange(*args, **kwargs)
        return
    obtenu = Melange(*args, **kwargs)
    assert vars(obtenu) == attendu and list(vars(obtenu)) == list(attendu)


def test_init_ecrits_a_la_main_comme_le_commun():
    # Tir and Valeur write their __init__ out (hot paths): same fields, order and defaults
    from lexfoyer.moteur.execution import Tir
    from lexfoyer.moteur.valeurs import Valeur
    tir = Tir(1, "r", "oui", "dossier", ("d1",))
    assert list(vars(tir)) == list(champs(Tir)) and tir.conclut == [] and tir.condition is None
    assert Tir(1, "r", "oui", "dossier", ()).conclut is not Tir(1, "r", "oui", "dossier", ()).conclut
    valeur = Valeur()
    assert list(vars(valeur)) == list(champs(Valeur)) and vars(valeur) == {
        "valeur": None, "possible": None, "lus": {}, "manque": [], "formule": ""}
    assert Valeur(1, lus={"a": 1}) == Valeur(valeur=1, lus={"a": 1}) != Valeur(2)
