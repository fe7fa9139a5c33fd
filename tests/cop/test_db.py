"""`cop.db.compiled_once`: a queryset compiled once per database, run as it is."""

import pytest
from django.db import connection

from cop.db import compiled_once
from members.models import Country

from ..factories import CountryFactory

pytestmark = pytest.mark.django_db


def test_the_queryset_is_built_once_and_runs_as_the_queryset_would():
    CountryFactory(code="X1", name_en="Test one")
    CountryFactory(code="X2", name_en="Test two")
    built = []

    @compiled_once
    def codes():
        built.append(1)
        return Country.objects.filter(name_en__startswith="Test ").order_by("-code")

    first = codes()
    assert codes() is first and codes("default") is first
    assert len(built) == 1
    assert [c.code for c in Country.objects.raw(*first)] == ["X2", "X1"]
    # Later rows are read by the same SQL: only the compiling is kept, not the result.
    CountryFactory(code="X3", name_en="Test three")
    assert [c.code for c in Country.objects.raw(*codes())] == ["X3", "X2", "X1"]
    assert len(built) == 1
    codes.forget()
    codes()
    assert len(built) == 2


def test_parameters_travel_with_the_sql(country, other_country):
    @compiled_once
    def jordan():
        return Country.objects.filter(code="JO").values_list("name_en")

    sql, params = jordan()
    assert "JO" in params and "JO" not in sql
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall() == [("Jordan",)]
