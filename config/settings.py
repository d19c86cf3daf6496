"""Settings for dangjian. Everything that differs per deployment comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DANGJIAN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def _secret(name: str, nbytes: int) -> str:
    """A secret from the environment, else one generated once and kept under var/ (embedded use)."""
    if value := os.environ.get(name):
        return value
    path = VAR_DIR / "secrets" / name.lower()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(os.urandom(nbytes).hex())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _env_bool("DANGJIAN_DEBUG", False)
SECRET_KEY = _secret("DANGJIAN_SECRET_KEY", 32)
ALLOWED_HOSTS = os.environ.get("DANGJIAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
# Behind a reverse proxy: the request header (as in request.META, e.g. "HTTP_X_REAL_IP") that carries the client's
# address, so the public forms' limits count residents and not the proxy. Empty: the connection's own address.
CLIENT_IP_HEADER = os.environ.get("DANGJIAN_CLIENT_IP_HEADER", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "treebeard",
    "axes",
    "django_tasks_db",
    "dangjian.core",
    "dangjian.members",
    "dangjian.orglife",
    "dangjian.villages",
    "dangjian.service",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dangjian.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "dangjian.core.middleware.RequestIdMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "dangjian.core.context_processors.navigation",
            ],
        },
    }
]

# DATABASE_URL: sqlite:///path or postgres://user:pass@host:port/name; default: SQLite under var/.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangjian.sqlite3'}"),
        conn_max_age=int(os.environ.get("DANGJIAN_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:workbench"
LOGOUT_REDIRECT_URL = "core:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "dangjian.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout after repeated failures (等保 level 3): 5 failures per username lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
# Lock by username only: offices share one NAT address, so locking by address would lock out colleagues.
# models.W040: on SQLite the INCLUDE columns of a covering index are dropped; the index still serves the query.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Idle timeout: the session expires 30 minutes after the last request (IdleTimeoutMiddleware renews it, at most
# once a minute, instead of a session write on every request).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if _env_bool("DANGJIAN_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "dangjian" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "dangjian" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("DANGJIAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dangjian.core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "党建平台 API",
    "DESCRIPTION": (
        "基层党建综合管理平台 REST API。认证: POST /api/v1/auth/token/ 取得令牌, 以 Authorization: Token … 调用。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}
# --- API documentation offline (drf-spectacular-sidecar): Swagger UI from our own static files, no CDN. ---
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS |= {
    # Several hundred operations: the page opens with the tags collapsed and a filter box, so it renders at once.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "filter": True, "deepLinking": True},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrgKindEnum": "dangjian.core.choices.OrgKind",
        "PairOutputKindEnum": "dangjian.villages.choices.OutputKind",
        "PairActivityKindEnum": "dangjian.villages.choices.PairActivityKind",
        "ScopeKindEnum": "dangjian.core.api.serializers.SCOPE_KINDS",
        "StandingEnum": "dangjian.core.choices.Standing",
        "MemberStatusEnum": "dangjian.core.choices.MemberStatus",
        "ApplicantStatusEnum": "dangjian.members.choices.ApplicantStatus",
        "RecruitRoleEnum": "dangjian.members.choices.RecruitRole",
        "CampaignStatusEnum": "dangjian.members.choices.CampaignStatus",
        "FollowupStatusEnum": "dangjian.members.choices.FollowupStatus",
        "HardshipKindEnum": "dangjian.members.choices.HardshipKind",
        "VisitKindEnum": "dangjian.members.choices.VisitKind",
        "DuesKindEnum": "dangjian.members.choices.DuesKindChoice",
        "ReductionKindEnum": "dangjian.members.choices.ReductionKind",
        "TrainingKindEnum": "dangjian.orglife.choices.TrainingKind",
        "TrainingGroupEnum": "dangjian.orglife.choices.TrainingGroup",
        "EnrolmentStatusEnum": "dangjian.orglife.choices.EnrolmentStatus",
        "QuestionKindEnum": "dangjian.orglife.choices.QuestionKind",
        "StudySourceEnum": "dangjian.orglife.choices.StudySource",
        "CommitmentKindEnum": "dangjian.orglife.choices.CommitmentKind",
        "ArticleKindEnum": "dangjian.orglife.choices.ArticleKind",
        "MeetingKindEnum": "dangjian.orglife.choices.MeetingKind",
        "MeetingStatusEnum": "dangjian.orglife.choices.MeetingStatus",
        "AttendanceStatusEnum": "dangjian.orglife.choices.AttendanceStatus",
        "CheckinMethodEnum": "dangjian.orglife.choices.CheckinMethod",
        "PaymentMethodEnum": "dangjian.members.choices.PaymentMethod",
        "ActivityStatusEnum": "dangjian.orglife.choices.ActivityStatus",
        "NoticeReachEnum": "dangjian.orglife.choices.NoticeReach",
        "ReportKindEnum": "dangjian.orglife.choices.ReportKind",
        "ReportStatusEnum": "dangjian.orglife.choices.ReportStatus",
        "ReportReviewEnum": "dangjian.orglife.forms.notices.REVIEW_CHOICES",
        "PointSourceEnum": "dangjian.orglife.choices.PointSource",
        "CycleEnum": "dangjian.orglife.choices.Cycle",
        "MemberCategoryEnum": "dangjian.core.choices.MemberCategory",
        "StandingBasisEnum": "dangjian.members.choices.StandingBasis",
        "TransferReasonEnum": "dangjian.members.choices.TransferReason",
        "ElectionBodyEnum": "dangjian.villages.choices.ElectionBody",
        "CommitteeBodyEnum": "dangjian.villages.choices.CommitteeBody",
        "TwoNewKindEnum": "dangjian.villages.choices.TwoNewKind",
        "PostingRoleEnum": "dangjian.villages.choices.PostingRole",
        "PostingStatusEnum": "dangjian.villages.choices.PostingStatus",
        "PostingEndReasonEnum": "dangjian.villages.choices.PostingEndReason",
        "PostingLeaveStatusEnum": "dangjian.villages.choices.LeaveStatus",
        "PostingReportStatusEnum": "dangjian.villages.choices.ReportStatus",
        "ReportCycleEnum": "dangjian.villages.choices.ReportCycle",
        "ShowcaseStatusEnum": "dangjian.villages.choices.ShowcaseStatus",
        "ShowcaseLevelEnum": "dangjian.villages.choices.ShowcaseLevel",
        "ShowcaseVisitKindEnum": "dangjian.villages.choices.VisitKind",
        "VillageCategoryBasisEnum": "dangjian.villages.choices.CategoryBasis",
        "VillagePolicyStatusEnum": "dangjian.villages.choices.PolicyStatus",
        "ProjectCategoryEnum": "dangjian.villages.choices.ProjectCategory",
        "ProjectStatusEnum": "dangjian.villages.choices.ProjectStatus",
        "TalentPoolEnum": "dangjian.villages.choices.TalentPool",
        "TalentStatusEnum": "dangjian.villages.choices.TalentStatus",
        "PoliticalStatusEnum": "dangjian.villages.choices.PoliticalStatus",
        "ExpertFieldEnum": "dangjian.villages.choices.ExpertField",
        "ServiceTeamKindEnum": "dangjian.villages.choices.ServiceTeamKind",
        "SecondmentStatusEnum": "dangjian.villages.choices.SecondmentStatus",
        "MentoringStatusEnum": "dangjian.villages.choices.MentoringStatus",
        "TalentAgeBandEnum": "dangjian.villages.selectors.talent.AGE_BANDS",
        "TalentEducationFilterEnum": "dangjian.villages.selectors.talent.EDUCATION_CHOICES",
        "SecondmentPhaseEnum": "dangjian.villages.selectors.talent.SECONDMENT_PHASES",
        "RectRoundStatusEnum": "dangjian.villages.choices.RoundStatus",
        "RectTeamRoleEnum": "dangjian.villages.choices.TeamRole",
        "WeakCriterionEnum": "dangjian.villages.choices.WeakCriterion",
        "ExitConditionEnum": "dangjian.villages.choices.ExitCondition",
        "CentreLevelEnum": "dangjian.service.choices.CentreLevel",
        "CentreStatusEnum": "dangjian.service.choices.CentreStatus",
        "WorksKindEnum": "dangjian.service.choices.WorksKind",
        "WorksStatusEnum": "dangjian.service.choices.WorksStatus",
        "RoomKindEnum": "dangjian.service.choices.RoomKind",
        "PlaceStateEnum": "dangjian.service.choices.PlaceState",
        "DutyKindEnum": "dangjian.service.choices.DutyKind",
        "DutySlotEnum": "dangjian.service.choices.DutySlot",
        "RequestChannelEnum": "dangjian.service.choices.RequestChannel",
        "RequestCategoryEnum": "dangjian.service.choices.RequestCategory",
        "ServiceModeEnum": "dangjian.service.choices.ServiceMode",
        "RequestStatusEnum": "dangjian.service.choices.RequestStatus",
        "SatisfactionEnum": "dangjian.service.choices.Satisfaction",
        "RatingSourceEnum": "dangjian.service.choices.RatingSource",
        "IssueChannelEnum": "dangjian.service.choices.IssueChannel",
        "IssueCategoryEnum": "dangjian.service.choices.IssueCategory",
        "IssueStatusEnum": "dangjian.service.choices.IssueStatus",
        "IssueFeedbackEnum": "dangjian.service.choices.IssueFeedback",
        "MediationLevelEnum": "dangjian.service.choices.MediationLevel",
        "DisputeKindEnum": "dangjian.service.choices.DisputeKind",
        "DisputeStatusEnum": "dangjian.service.choices.DisputeStatus",
        "ReferTargetEnum": "dangjian.service.choices.ReferTarget",
        "DecisionCategoryEnum": "dangjian.service.choices.DecisionCategory",
        "DecisionStatusEnum": "dangjian.service.choices.DecisionStatus",
        "DecisionStepKindEnum": "dangjian.service.choices.DecisionStepKind",
        "DisclosureChannelEnum": "dangjian.service.choices.DisclosureChannel",
        "ExpenseCategoryEnum": "dangjian.service.choices.ExpenseCategory",
        "ExpenseStatusEnum": "dangjian.service.choices.ExpenseStatus",
        "SignRoleEnum": "dangjian.service.choices.SignRole",
        "SignVerdictEnum": "dangjian.service.choices.SignVerdict",
        "FundKindEnum": "dangjian.service.choices.FundKind",
        "AssetKindEnum": "dangjian.service.choices.AssetKind",
        "AssetStatusEnum": "dangjian.service.choices.AssetStatus",
        "ResourceKindEnum": "dangjian.service.choices.ResourceKind",
        "ResourceStatusEnum": "dangjian.service.choices.ResourceStatus",
        "AuditRoundStatusEnum": "dangjian.service.choices.AuditRoundStatus",
        "AuditBodyEnum": "dangjian.service.choices.AuditBody",
        "AuditConclusionEnum": "dangjian.service.choices.AuditConclusion",
        "AuditCategoryEnum": "dangjian.service.choices.AuditCategory",
        "AuditSeverityEnum": "dangjian.service.choices.AuditSeverity",
        "AuditFindingStatusEnum": "dangjian.service.choices.AuditFindingStatus",
    },
}
# --- end of API documentation block ---

# Field encryption and audit hashing: "sm" (SM4-GCM, HMAC-SM3, SM3; GB/T 39786-2021) or "aes" (AES-GCM, SHA-256).
DANGJIAN_CRYPTO_SUITE = os.environ.get("DANGJIAN_CRYPTO_SUITE", "sm")
DANGJIAN_FIELD_KEY = _secret("DANGJIAN_FIELD_KEY", 16)
DANGJIAN_INDEX_KEY = _secret("DANGJIAN_INDEX_KEY", 32)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANGJIAN_LOG_LEVEL", "WARNING")},
}
