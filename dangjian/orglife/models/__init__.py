from dangjian.orglife.models.commitments import Commitment
from dangjian.orglife.models.content import Article, ArticleRead
from dangjian.orglife.models.meetings import Attendance, Meeting, MeetingPhoto
from dangjian.orglife.models.notices import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.models.points import PointEntry, PointItem, PointMonth, PointScheme, PointSetting, PointTotal
from dangjian.orglife.models.settings import MeetingRequirement, OrgLifeSetting
from dangjian.orglife.models.study import Question, Quiz, QuizAttempt, QuizQuestion, StudyLog
from dangjian.orglife.models.training import Enrolment, RotationTarget, TrainingClass
from dangjian.orglife.models.volunteers import Signup, TeamMember, VolunteerActivity, VolunteerTeam

__all__ = [
    "Article",
    "ArticleRead",
    "Attendance",
    "Commitment",
    "Enrolment",
    "InfoReport",
    "Meeting",
    "MeetingPhoto",
    "MeetingRequirement",
    "Notice",
    "NoticeReceipt",
    "OrgLifeSetting",
    "PointEntry",
    "PointItem",
    "PointMonth",
    "PointScheme",
    "PointSetting",
    "PointTotal",
    "Question",
    "Quiz",
    "QuizAttempt",
    "QuizQuestion",
    "RotationTarget",
    "Signup",
    "StudyLog",
    "TeamMember",
    "TrainingClass",
    "VolunteerActivity",
    "VolunteerTeam",
]
