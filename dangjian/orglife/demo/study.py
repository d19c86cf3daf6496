"""Demo study: the county's question bank on 党章, the 支部工作条例 and the 党员教育管理工作条例, two quizzes this year
answered by about half the members of a few branches, and self-study registered so that the year's hours vary
around the 32 the rules ask for."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import BRANCH_KINDS, COUNTED_STANDINGS, AuditAction
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org, Person
from dangjian.orglife import rules
from dangjian.orglife.choices import QuestionKind, StudySource
from dangjian.orglife.demo.training import STUDY_LOG_COLUMNS
from dangjian.orglife.models import Question, Quiz, QuizAttempt, QuizQuestion, StudyLog

S, M, J = QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.JUDGE
CHARTER, BRANCH_RULES, EDUCATION_RULES = "党章", "支部工作条例", "党员教育管理工作条例"

# (topic, kind, stem, options, answer, explanation)
BANK = (
    (
        CHARTER,
        S,
        "中国共产党的最高理想和最终目标是",
        ["实现共产主义", "全面建成小康社会", "实现社会主义现代化", "实现共同富裕"],
        [0],
        "党章总纲。",
    ),
    (
        CHARTER,
        S,
        "党的最高领导机关是",
        ["党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处", "中央军事委员会"],
        [0],
        "党章第十条。",
    ),
    (CHARTER, S, "预备党员的预备期为", ["半年", "一年", "两年", "三年"], [1], "党章第七条:预备党员的预备期为一年。"),
    (
        CHARTER,
        S,
        "申请入党的中国工人、农民、军人、知识分子和其他社会阶层的先进分子,须年满",
        ["十六岁", "十八岁", "二十岁", "二十二岁"],
        [1],
        "党章第一条。",
    ),
    (
        CHARTER,
        S,
        "党的组织制度的根本原则是",
        ["民主集中制", "集体领导", "个人分工负责", "少数服从多数"],
        [0],
        "党章第十条。",
    ),
    (
        CHARTER,
        S,
        "党的基层组织是党在社会基层组织中的",
        ["战斗堡垒", "派出机构", "议事机构", "办事机构"],
        [0],
        "党章第五章“党的基层组织”。",
    ),
    (
        CHARTER,
        S,
        "企业、农村、机关、学校、科研院所、街道社区、社会组织等,凡是有正式党员几人以上的,都应当成立党的基层组织",
        ["二人", "三人", "五人", "七人"],
        [1],
        "党章第三十条。",
    ),
    (CHARTER, S, "留党察看最长不超过", ["半年", "一年", "两年", "三年"], [2], "党章第七章“党的纪律”。"),
    (
        CHARTER,
        S,
        "党的纪律处分中最重的一种是",
        ["警告", "严重警告", "留党察看", "开除党籍"],
        [3],
        "党章第七章“党的纪律”。",
    ),
    (
        CHARTER,
        S,
        "党员必须自觉遵守党的纪律,首先是党的",
        ["政治纪律和政治规矩", "组织纪律", "群众纪律", "生活纪律"],
        [0],
        "党章第三条。",
    ),
    (
        CHARTER,
        M,
        "党的纪律主要包括",
        ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"],
        [0, 1, 2, 3, 4, 5],
        "党章第七章“党的纪律”。",
    ),
    (
        CHARTER,
        M,
        "党章总纲要求全党增强的“四个意识”是",
        ["政治意识", "大局意识", "核心意识", "看齐意识"],
        [0, 1, 2, 3],
        "党章总纲。",
    ),
    (CHARTER, J, "党员的党龄,从预备期满转为正式党员之日算起。", [], [1], "党章第七条。"),
    (
        CHARTER,
        J,
        "党员如果没有正当理由,连续六个月不参加党的组织生活,或不交纳党费,或不做党所分配的工作,就被认为是自行脱党。",
        [],
        [1],
        "党章第九条。",
    ),
    (
        CHARTER,
        J,
        "党员有权在党的会议上和党报党刊上,参加关于党的政策问题的讨论。",
        [],
        [1],
        "党章第四条规定的党员权利。",
    ),
    (CHARTER, J, "中国共产党党徽党旗是中国共产党的象征和标志。", [], [1], "党章第十一章。"),
    (
        CHARTER,
        J,
        "预备党员享有表决权、选举权和被选举权。",
        [],
        [0],
        "党章第七条:预备党员除了没有表决权、选举权和被选举权以外,也享有同正式党员一样的权利。",
    ),
    (CHARTER, J, "党员必须按照规定交纳党费。", [], [1], "党章第八条。"),
    (
        BRANCH_RULES,
        S,
        "有正式党员几人以上的,应当成立党支部",
        ["二人", "三人", "五人", "七人"],
        [1],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (
        BRANCH_RULES,
        S,
        "党支部党员人数一般不超过",
        ["30名", "50名", "80名", "100名"],
        [1],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (
        BRANCH_RULES,
        S,
        "正式党员几人以上的党支部,应当设立党支部委员会",
        ["三人", "五人", "七人", "九人"],
        [2],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (
        BRANCH_RULES,
        S,
        "党支部委员会一般由几人组成",
        ["2至3人", "3至5人", "5至7人", "7至9人"],
        [1],
        "《中国共产党支部工作条例(试行)》:一般不超过7人。",
    ),
    (BRANCH_RULES, S, "支部党员大会一般每季度召开", ["1次", "2次", "3次", "4次"], [0], "“三会一课”制度。"),
    (BRANCH_RULES, S, "党支部委员会会议一般每月召开", ["1次", "2次", "3次", "4次"], [0], "“三会一课”制度。"),
    (BRANCH_RULES, S, "党小组会一般每月召开", ["1次", "2次", "3次", "4次"], [0], "“三会一课”制度。"),
    (
        BRANCH_RULES,
        S,
        "党支部书记每年至少为党员讲几次党课",
        ["1次", "2次", "3次", "4次"],
        [0],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (
        BRANCH_RULES,
        S,
        "党支部应当每月相对固定1天开展",
        ["主题党日", "民主评议党员", "组织生活会", "谈心谈话"],
        [0],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (
        BRANCH_RULES,
        M,
        "“三会一课”是指",
        ["支部党员大会", "党支部委员会会议", "党小组会", "按时上好党课"],
        [0, 1, 2, 3],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (
        BRANCH_RULES,
        J,
        "党支部是党的基础组织,是党组织开展工作的基本单元。",
        [],
        [1],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (
        BRANCH_RULES,
        J,
        "党支部每年至少召开1次组织生活会,一般安排在第四季度。",
        [],
        [1],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (BRANCH_RULES, J, "党支部一般每年开展1次民主评议党员。", [], [1], "《中国共产党支部工作条例(试行)》。"),
    (
        BRANCH_RULES,
        J,
        "党支部委员之间、党支部委员和党员之间、党员和党员之间,每年谈心谈话一般不少于1次。",
        [],
        [1],
        "《中国共产党支部工作条例(试行)》。",
    ),
    (BRANCH_RULES, J, "党支部委员会每届任期一律为3年。", [], [0], "党支部委员会每届任期为3年或者5年。"),
    (
        EDUCATION_RULES,
        S,
        "党员每年集中学习培训时间一般不少于",
        ["16学时", "24学时", "32学时", "56学时"],
        [2],
        "《中国共产党党员教育管理工作条例》。",
    ),
    (
        EDUCATION_RULES,
        S,
        "基层党组织书记和班子成员每年集中学习培训时间不少于",
        ["24学时", "32学时", "40学时", "56学时"],
        [3],
        "《中国共产党党员教育管理工作条例》。",
    ),
    (
        EDUCATION_RULES,
        S,
        "《中国共产党党员教育管理工作条例》由哪个机关印发",
        ["中共中央", "中央组织部", "中央宣传部", "中央党校"],
        [0],
        "2019年5月由中共中央印发。",
    ),
    (
        EDUCATION_RULES,
        M,
        "下列属于党员教育主要内容的有",
        ["党章党规党纪教育", "党的宗旨教育", "革命传统教育", "知识技能教育"],
        [0, 1, 2, 3],
        "《中国共产党党员教育管理工作条例》规定的教育内容。",
    ),
    (
        EDUCATION_RULES,
        M,
        "党组织可以采取的党员教育方式有",
        ["集中培训", "“三会一课”", "主题党日", "网络培训"],
        [0, 1, 2, 3],
        "《中国共产党党员教育管理工作条例》规定的教育方式。",
    ),
    (
        EDUCATION_RULES,
        J,
        "流动党员外出期间,应当主动与流出地党组织保持经常联系,按时交纳党费。",
        [],
        [1],
        "《中国共产党党员教育管理工作条例》。",
    ),
    (
        EDUCATION_RULES,
        J,
        "对年老体弱、行动不便的党员,可以不再开展教育。",
        [],
        [0],
        "应采取送学上门等方式,确保教育不漏一人。",
    ),
)

QUIZZES = (("党章党规知识测试(第一期)", 10, "1.0"), ("学习《党员教育管理工作条例》测试", 10, "1.0"))
QUIZ_BRANCHES = 12
SELF_NOTES = (
    "自学《中国共产党章程》",
    "自学《中国共产党支部工作条例(试行)》",
    "自学党的创新理论",
    "参加“学习强国”学习",
    "收看党员教育电视节目",
)


def _bank(county: Org) -> list[Question]:
    questions = [
        Question(
            county_id=county.pk,
            org=county,
            org_path=county.path,
            topic=topic,
            kind=kind,
            stem=stem,
            options=list(options),
            answer=list(answer),
            explanation=explanation,
        )
        for topic, kind, stem, options, answer, explanation in BANK
    ]
    return Question.objects.bulk_create(questions, batch_size=5000)


def _windows(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The first quiz early in the year (closed by now unless it is January), the second open today."""
    start = dt.date(today.year, 1, 1)
    first = (start, min(start + dt.timedelta(days=30), today))
    second = (max(start, today - dt.timedelta(days=10)), today + dt.timedelta(days=20))
    return [first, second]


def _attempt(
    quiz: Quiz, questions: list[Question], person: tuple[int, str], county_id: int, rng: random.Random, today: dt.date
) -> QuizAttempt:
    skill = rng.uniform(0.5, 0.98)
    answers, correct = {}, 0
    for question in questions:
        size = 2 if question.kind == QuestionKind.JUDGE else len(question.options)
        if rng.random() < skill:
            given = list(question.answer)
        elif question.kind == QuestionKind.MULTIPLE:
            given = sorted(rng.sample(range(size), max(1, len(question.answer) - 1)))
        else:
            given = [rng.choice([i for i in range(size) if [i] != question.answer])]
        answers[str(question.pk)] = given
        correct += rules.answer_correct(question.answer, given)
    score = rules.quiz_score(correct, len(questions))
    last = min(quiz.closes_on, today)
    day = quiz.opens_on + dt.timedelta(days=rng.randint(0, (last - quiz.opens_on).days))
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 21), rng.randint(0, 59))))
    return QuizAttempt(
        county_id=county_id,
        org_path=person[1],
        quiz=quiz,
        person_id=person[0],
        answers=answers,
        score=score,
        passed=rules.quiz_passed(score, quiz.pass_mark),
        submitted_at=moment,
    )


def _self_study(
    county: Org, people: list[tuple[int, str]], credited: dict[int, int], rng: random.Random, today: dt.date
) -> Iterator[tuple[Any, ...]]:
    """Two registrations a member on two days so far this year (up to 20 hours each, within the 24 a day), topping
    the hours up to about 32 — some more, some less. Hours are counted in tenths here: integers are quick for
    30,000 members."""
    start = dt.date(today.year, 1, 1)
    days = (today - start).days + 1
    parts, most = (2, 200) if days > 1 else (1, int(rules.SELF_STUDY_MAX_HOURS * 10))
    source = str(StudySource.SELF)
    for person_id, org_path in people:
        goal = max(20, int(rng.gauss(33, 7) * 2) * 5)
        missing = min(goal - credited.get(person_id, 0), parts * most)
        if missing <= 0:
            continue
        first = missing // 10 * 5 if parts == 2 else missing
        for tenths, offset in zip((first, missing - first), rng.sample(range(days), parts), strict=False):
            if tenths <= 0:
                continue
            day = start + dt.timedelta(days=offset)
            yield (
                county.pk,
                org_path,
                person_id,
                day,
                day.year,
                Decimal(tenths).scaleb(-1),
                source,
                "",
                rng.choice(SELF_NOTES),
            )


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add the bank, the quizzes with their attempts and the study ledger's quiz and self-study hours (set-based)."""
    bank = _bank(county)
    quizzes = []
    for (title, _count, hours), (opens_on, closes_on) in zip(QUIZZES, _windows(today), strict=True):
        quizzes.append(
            Quiz(
                county_id=county.pk,
                org=county,
                org_path=county.path,
                title=title,
                opens_on=opens_on,
                closes_on=closes_on,
                pass_mark=60,
                study_hours=Decimal(hours),
                published=True,
            )
        )
    Quiz.objects.bulk_create(quizzes, batch_size=5000)
    papers = {quiz.pk: rng.sample(bank, count) for quiz, (_, count, _) in zip(quizzes, QUIZZES, strict=True)}
    QuizQuestion.objects.bulk_create(
        [
            QuizQuestion(quiz_id=quiz_id, question=question, order=order)
            for quiz_id, paper in papers.items()
            for order, question in enumerate(paper, start=1)
        ],
        batch_size=5000,
    )

    branches = list(
        Org.objects.filter(county=county, kind__in=BRANCH_KINDS, numchild=0)
        .order_by("path")
        .values_list("path", flat=True)
    )
    chosen = rng.sample(branches, min(QUIZ_BRANCHES, len(branches)))
    takers = list(
        Person.objects.filter(county=county, standing__in=COUNTED_STANDINGS, org_path__in=chosen)
        .order_by("id")
        .values_list("id", "org_path")
    )
    attempts = [
        _attempt(quiz, papers[quiz.pk], person, county.pk, rng, today)
        for quiz in quizzes
        for person in takers
        if rng.random() < 0.5
    ]
    QuizAttempt.objects.bulk_create(attempts, batch_size=5000)
    by_pk = {quiz.pk: quiz for quiz in quizzes}
    quiz_logs = insert_rows(
        StudyLog,
        STUDY_LOG_COLUMNS,
        (
            (
                county.pk,
                attempt.org_path,
                attempt.person_id,
                timezone.localdate(attempt.submitted_at),
                attempt.submitted_at.year,
                by_pk[attempt.quiz_id].study_hours,
                str(StudySource.QUIZ),
                f"quiz:{attempt.quiz_id}",
                by_pk[attempt.quiz_id].title,
            )
            for attempt in attempts
            if attempt.passed
        ),
    )

    credited: dict[int, int] = {}
    for person_id, hours in StudyLog.objects.filter(county=county, year=today.year).values_list("person_id", "hours"):
        credited[person_id] = credited.get(person_id, 0) + int(hours * 10)
    members = list(
        Person.objects.filter(county=county, standing__in=COUNTED_STANDINGS)
        .order_by("id")
        .values_list("id", "org_path")
    )
    self_logs = insert_rows(StudyLog, STUDY_LOG_COLUMNS, _self_study(county, members, credited, rng, today))
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "study",
            "questions": len(bank),
            "quizzes": len(quizzes),
            "attempts": len(attempts),
            "study_logs": quiz_logs + self_logs,
        },
    )
