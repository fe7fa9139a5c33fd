"""Keeping the results' tallies (`surveys.models.tallies`) equal to the submitted answers.

Every writer goes through the same two steps:

- `tally_delta(responses)` reads what some responses' submitted answers add
  to the tallies (one aggregate query over their answers);
- `tallies_apply(delta)` adds it to the tallies: one
  `INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n` per table, atomic
  per row, so concurrent submissions never lose a count, with the rows in
  key order and the tables in a fixed order, so they never deadlock.

Saving a response (`answering.response_save`) reads the delta of its old
answers before replacing them and of the new ones after, and applies the
difference in the same transaction; responses made in bulk (synthetic data)
apply theirs once; `tallies_rebuild` starts again from the raw answers (the
command `rebuild_survey_tallies`, and the migration that made the tables).

The functions take `apps` so that a migration can run them with its
historical models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction

SUBMITTED = "submitted"

# (model, key columns, conflict target (the unique index), count columns), in the
# order tallies are written: every writer locks rows in the same order.
TALLIES = (
    ("SurveyTally", ("survey_id", "country_id"), "survey_id, COALESCE(country_id, 0)",
     ("respondents", "revision")),
    ("QuestionTally", ("survey_id", "question_id", "country_id"),
     "question_id, COALESCE(country_id, 0)", ("answers", "others", "texts")),
    ("ChoiceTally", ("survey_id", "question_id", "choice_id", "country_id"),
     "choice_id, COALESCE(country_id, 0)", ("chosen", "firsts", "rank_sum")),
    ("NumberTally", ("survey_id", "question_id", "country_id", "value"),
     "question_id, COALESCE(country_id, 0), value", ("answers",)),
)  # fmt: skip
ROWS_PER_STATEMENT = 500

# What some submitted responses add to each tally, in one query (portable SQL:
# PostgreSQL in production, SQLite in local runs).
_DELTA_SQL = """
SELECT 'SurveyTally', r.survey_id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), r.country_id,
       CAST(NULL AS NUMERIC(14, 2)), COUNT(*), 0, 0
  FROM {response} r
 WHERE r.status = %s AND r.id IN ({ids})
 GROUP BY r.survey_id, r.country_id
UNION ALL
SELECT 'QuestionTally', r.survey_id, a.question_id, CAST(NULL AS INTEGER), r.country_id, a.number_value, COUNT(*),
       SUM(CASE WHEN a.other_text <> '' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.text_value <> '' OR a.other_text <> '' THEN 1 ELSE 0 END)
  FROM {answer} a JOIN {response} r ON r.id = a.response_id
 WHERE r.status = %s AND r.id IN ({ids})
 GROUP BY r.survey_id, a.question_id, r.country_id, a.number_value
UNION ALL
SELECT 'ChoiceTally', r.survey_id, c.question_id, c.choice_id, r.country_id,
       CAST(NULL AS NUMERIC(14, 2)), COUNT(*),
       SUM(CASE WHEN c.rank = 1 THEN 1 ELSE 0 END), COALESCE(SUM(c.rank), 0)
  FROM {answerchoice} c
  JOIN {answer} a ON a.id = c.answer_id
  JOIN {response} r ON r.id = a.response_id
 WHERE r.status = %s AND r.id IN ({ids})
 GROUP BY r.survey_id, c.question_id, c.choice_id, r.country_id
"""


@dataclass
class TallyDelta:
    """Counts to add to each tally: {model name: {key: [count, ...]}} (negative: subtract)."""

    rows: dict[str, dict[tuple, list[int]]] = field(
        default_factory=lambda: {name: {} for name, *_ in TALLIES}
    )

    def add(self, name: str, key: tuple, counts) -> None:
        current = self.rows[name].get(key)
        if current is None:
            self.rows[name][key] = list(counts)
        else:
            self.rows[name][key] = [a + b for a, b in zip(current, counts, strict=True)]

    def minus(self, other: TallyDelta | None) -> TallyDelta:
        """This delta less `other` (the answers a response had before it was saved again)."""
        result = TallyDelta()
        for name, rows in self.rows.items():
            for key, counts in rows.items():
                result.add(name, key, counts)
        if other is not None:
            for name, rows in other.rows.items():
                for key, counts in rows.items():
                    result.add(name, key, [-count for count in counts])
        # Any change to a country's responses raises its revision once (the cache key).
        for counts in result.rows["SurveyTally"].values():
            counts[1] = 1
        return result


def tally_delta(responses, *, apps=global_apps) -> TallyDelta:
    """What the submitted ones among `responses` (a queryset) add to the tallies (one query).

    Per country: respondents; per question: answers, "other, please say"
    answers and written answers; per option: times chosen, ranked first and
    the sum of its ranks; per number question and value: answers.
    """
    ids_sql, ids_params = responses.order_by().values("pk").query.sql_with_params()
    tables = {
        name: apps.get_model("surveys", name)._meta.db_table
        for name in ("Response", "Answer", "AnswerChoice")
    }
    sql = _DELTA_SQL.format(
        ids=ids_sql,
        response=tables["Response"],
        answer=tables["Answer"],
        answerchoice=tables["AnswerChoice"],
    )
    params = [SUBMITTED, *ids_params] * 3
    delta = TallyDelta()
    with connections[responses.db].cursor() as cursor:
        cursor.execute(sql, params)
        for name, survey, question, choice, country, value, *counts in cursor.fetchall():
            counts = [int(count) for count in counts]
            if name == "SurveyTally":
                delta.add(name, (survey, country), [counts[0], 1])
            elif name == "ChoiceTally":
                delta.add(name, (survey, question, choice, country), counts)
            else:
                delta.add("QuestionTally", (survey, question, country), counts)
                if value is not None:
                    delta.add("NumberTally", (survey, question, country, value), counts[:1])
    return delta


def _order(key: tuple) -> tuple:
    return tuple(0 if part is None else part for part in key)


def tallies_apply(delta: TallyDelta, *, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Add `delta` to the tallies, creating the rows it is the first to count.

    Rows whose counts do not change are left alone (a country's revision
    always changes: it is the results' cache key).
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, keys, target, counts in TALLIES:
            rows = sorted(
                ((key, values) for key, values in delta.rows[name].items() if any(values)),
                key=lambda row: _order(row[0]),
            )
            if not rows:
                continue
            table = quote(apps.get_model("surveys", name)._meta.db_table)
            columns = ", ".join(quote(column) for column in (*keys, *counts))
            additions = ", ".join(
                f"{quote(column)} = {table}.{quote(column)} + EXCLUDED.{quote(column)}"
                for column in counts
            )
            row_sql = "(" + ", ".join(["%s"] * (len(keys) + len(counts))) + ")"
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                chunk = rows[start : start + ROWS_PER_STATEMENT]
                values_sql = ", ".join([row_sql] * len(chunk))
                # Names are the constants above; every value is a parameter.
                sql = f"INSERT INTO {table} ({columns}) VALUES {values_sql} "  # noqa: S608
                sql += f"ON CONFLICT ({target}) DO UPDATE SET {additions}"
                cursor.execute(sql, [part for key, values in chunk for part in (*key, *values)])


def tallies_rebuild(*, survey_ids=None, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> int:
    """Count the tallies of `survey_ids` (None: every survey) again from the raw answers.

    Concurrent submissions wait (the tally tables are locked against writes
    until the rebuild commits) so that none is counted twice or lost. The
    countries' revisions go up, never back, so no figures cached before the
    rebuild are served after it. Returns the number of surveys rebuilt.
    """
    Survey = apps.get_model("surveys", "Survey")
    Response = apps.get_model("surveys", "Response")
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            tables = ", ".join(
                connection.ops.quote_name(apps.get_model("surveys", name)._meta.db_table)
                for name, *_ in TALLIES
            )
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        surveys = Survey.objects.using(using).all()
        if survey_ids is not None:
            surveys = surveys.filter(pk__in=list(survey_ids))
        ids = list(surveys.values_list("pk", flat=True))
        apps.get_model("surveys", "SurveyTally").objects.using(using).filter(
            survey_id__in=ids
        ).update(respondents=0)
        for name in ("QuestionTally", "ChoiceTally", "NumberTally"):
            apps.get_model("surveys", name).objects.using(using).filter(survey_id__in=ids).delete()
        delta = tally_delta(
            Response.objects.using(using).filter(survey_id__in=ids), apps=apps
        ).minus(None)
        tallies_apply(delta, apps=apps, using=using)
    return len(ids)
