from dangjian.members.models.care import CareVisit, Hardship
from dangjian.members.models.dual import CommunityRegistration, CommunityService
from dangjian.members.models.dues import DuesProfile, DuesRecord, DuesReduction
from dangjian.members.models.dues_setting import DuesSetting
from dangjian.members.models.evaluation import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from dangjian.members.models.recruitment import (
    Applicant,
    CandidateScore,
    RecruitDocument,
    RecruitPerson,
    RecruitSetting,
    RecruitStep,
    ScoreItem,
    TownshipQuota,
)
from dangjian.members.models.standing import StandingChange
from dangjian.members.models.transfers import MobileMember, MobileRecord, MobileReport, Transfer

__all__ = [
    "Applicant",
    "CandidateScore",
    "CareVisit",
    "CommunityRegistration",
    "CommunityService",
    "DuesProfile",
    "DuesRecord",
    "DuesReduction",
    "DuesSetting",
    "EvaluationCampaign",
    "EvaluationEntry",
    "EvaluationFollowup",
    "Hardship",
    "MobileMember",
    "MobileRecord",
    "MobileReport",
    "RecruitDocument",
    "RecruitPerson",
    "RecruitSetting",
    "RecruitStep",
    "ScoreItem",
    "StandingChange",
    "TownshipQuota",
    "Transfer",
]
