"""Facilitators open a cohort in admin: milestones, coaches and admitted participants."""

import pytest

from library.models import Cohort, CohortParticipant, DocumentStep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _inline(prefix, rows, total=None):
    data = {
        f"{prefix}-TOTAL_FORMS": str(total if total is not None else len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def test_a_facilitator_opens_a_cohort_and_admits_participants(
    client, facilitator, topic, coach, country
):
    participant = UserFactory(country=country)
    client.force_login(facilitator)
    assert client.get("/en/admin/library/cohort/add/").status_code == 200
    data = {
        "name_ar": "فوج التوثيق",
        "name_en": "Documentation cohort",
        "description_ar": "",
        "description_en": "",
        "topic": topic.pk,
        "starts_on": "2026-11-01",
        "ends_on": "2027-02-28",
        "coaches": [coach.pk],
        **_inline(
            "milestones",
            [
                {"kind": "outline", "due_on": "2026-11-20"},
                {"kind": "first_draft", "due_on": "2026-12-20"},
                {"kind": "final", "due_on": "2027-02-15"},
            ],
        ),
        **_inline("cohortwebinar_set", []),
        **_inline("participants", [{"member": participant.pk, "coach": ""}]),
    }
    response = client.post("/en/admin/library/cohort/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cohort = Cohort.objects.get()
    assert cohort.milestones.count() == 3
    admitted = CohortParticipant.objects.get()
    assert admitted.member == participant and admitted.admitted_by == facilitator
    assert admitted.coach == coach  # the cohort's coach by default
    assert client.get(f"/en/library/cohorts/{cohort.pk}/").status_code == 200
    assert client.get("/en/admin/library/document/").status_code == 200
    assert client.get("/en/admin/library/cohortparticipant/").status_code == 200
    assert not DocumentStep.objects.exists()
