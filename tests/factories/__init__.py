"""Test data, one package split by feature: ``from tests import factories as f`` then ``f.SpecialFactory()``.

- base: the factories' base class and the password every test account has;
- places: commands, districts, parishes;
- people: volunteers, Specials, cadets and leaders, their records, applications;
- duties: shifts and duties;
- scheme_records: cadet units, CSC agreements, posts and claims, ESP, watch, Speed Watch, CSAS;
- accounts: users of every role, signing in, the role fixtures (installed by tests/conftest.py);
- dated: builders for dated data sets (``from tests.factories import dated as d``);
- counting: counting SQL statements.
"""

from tests.factories.accounts import UserFactory, csrf_token_from, follow_job, sign_in_form, sign_in_session
from tests.factories.base import PASSWORD, Base
from tests.factories.counting import QueryCounter
from tests.factories.duties import DutyFactory, ShiftFactory
from tests.factories.people import (
    ApplicationFactory,
    CadetFactory,
    CadetLeaderFactory,
    MembershipFactory,
    RankFactory,
    RoleTypeFactory,
    SkillFactory,
    SourceFactory,
    SpecialFactory,
    SpeedVolunteerFactory,
    StatusChangeFactory,
    TrainingRecordFactory,
    VettingFactory,
    VolunteerFactory,
)
from tests.factories.places import CommandFactory, DistrictFactory, ParishFactory
from tests.factories.scheme_records import (
    CadetUnitFactory,
    ClaimFactory,
    CsasOrgFactory,
    CsasPersonFactory,
    CscAgreementFactory,
    CscPostFactory,
    EspBusinessFactory,
    InterestFactory,
    MessageFactory,
    SessionFactory,
    SiteFactory,
    SnapshotFactory,
    SpeedGroupFactory,
    WatchSchemeFactory,
    WatchTypeFactory,
)

__all__ = [
    "PASSWORD",
    "ApplicationFactory",
    "Base",
    "CadetFactory",
    "CadetLeaderFactory",
    "CadetUnitFactory",
    "ClaimFactory",
    "CommandFactory",
    "CscAgreementFactory",
    "CscPostFactory",
    "CsasOrgFactory",
    "CsasPersonFactory",
    "DistrictFactory",
    "DutyFactory",
    "EspBusinessFactory",
    "InterestFactory",
    "MembershipFactory",
    "MessageFactory",
    "ParishFactory",
    "QueryCounter",
    "RankFactory",
    "RoleTypeFactory",
    "SessionFactory",
    "ShiftFactory",
    "SiteFactory",
    "SkillFactory",
    "SnapshotFactory",
    "SourceFactory",
    "SpecialFactory",
    "SpeedGroupFactory",
    "SpeedVolunteerFactory",
    "StatusChangeFactory",
    "TrainingRecordFactory",
    "UserFactory",
    "VettingFactory",
    "VolunteerFactory",
    "WatchSchemeFactory",
    "WatchTypeFactory",
    "csrf_token_from",
    "sign_in_form",
    "sign_in_session",
    "follow_job",
]
