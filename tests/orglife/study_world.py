"""Study data for tests: in every branch a question, a published quiz answered by one member (passed), and a
self-study entry for another (shared by the study tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.orglife.choices import QuestionKind
from dangjian.orglife.models import Question, Quiz, QuizAttempt, StudyLog
from dangjian.orglife.services import study as services


def study_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        question = services.question_create(
            actor=None,
            org=org,
            topic="党章",
            kind=QuestionKind.SINGLE,
            stem="党的最高领导机关是",
            options=["党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处"],
            answer=[0],
            explanation="见党章第十条",
        )
        quiz = services.quiz_create(
            actor=None,
            org=org,
            title="党章知识测试",
            opens_on=today,
            closes_on=today + dt.timedelta(days=30),
            study_hours=Decimal("2.0"),
            questions=[question],
        )
        services.quiz_publish(actor=None, quiz=quiz)
        attempt = services.quiz_submit(
            actor=None, quiz=quiz, person=tree.people[key][0], answers={str(question.pk): [0]}
        )
        log = services.study_log_create(
            actor=None, person=tree.people[key][1], day=today, hours=Decimal("3.0"), note="自学党章总纲"
        )
        found[key] = (question, quiz, attempt, log)
    question, quiz, attempt, log = found["a1"]
    logs = list(StudyLog.objects.filter(org_path=tree.village_a1.path))
    return {Question: [question], Quiz: [quiz], QuizAttempt: [attempt], StudyLog: logs}
