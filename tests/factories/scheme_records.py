"""The schemes' records: cadet units, CSC agreements and posts, ESP businesses, watch schemes,
Community Speed Watch and CSAS."""

from __future__ import annotations

from datetime import date, time

import factory

from schemes.models import (
    AgreementStatus,
    CadetUnit,
    ClaimType,
    CsasOrganisation,
    CsasPerson,
    CscAgreement,
    CscClaim,
    CscPost,
    EspBusiness,
    EspStatus,
    PostState,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchSite,
    WatchInterest,
    WatchMemberSnapshot,
    WatchMessage,
    WatchScheme,
    WatchSchemeType,
)
from tests.factories.base import Base
from tests.factories.places import DistrictFactory, ParishFactory


class CadetUnitFactory(Base):
    class Meta:
        model = CadetUnit

    name = factory.Sequence(lambda n: f"Unit {n} VPC")
    place = "Colchester"
    district = factory.SubFactory(DistrictFactory)


class EspBusinessFactory(Base):
    class Meta:
        model = EspBusiness

    name = factory.Sequence(lambda n: f"Business {n} Ltd")
    status = EspStatus.REGISTERED
    release_minutes_per_month = 480


class CscAgreementFactory(Base):
    class Meta:
        model = CscAgreement

    parish = factory.SubFactory(ParishFactory)
    signed_on = date(2021, 4, 1)
    posts_funded = 1
    status = AgreementStatus.ACTIVE


class CscPostFactory(Base):
    class Meta:
        model = CscPost

    agreement = factory.SubFactory(CscAgreementFactory)
    post_number = 1
    state = PostState.IN_POST
    state_since = date(2022, 1, 1)


class ClaimFactory(Base):
    class Meta:
        model = CscClaim

    post = factory.SubFactory(CscPostFactory)
    claim_type = ClaimType.MILEAGE
    claimed_on = date(2026, 7, 10)
    amount_pence = 4_500


class WatchTypeFactory(Base):
    class Meta:
        model = WatchSchemeType

    name = factory.Sequence(lambda n: f"Type {n} Watch")


class WatchSchemeFactory(Base):
    class Meta:
        model = WatchScheme

    name = factory.Sequence(lambda n: f"Scheme {n}")
    scheme_type = factory.SubFactory(WatchTypeFactory)
    liaison_officer = "EWLO Smith"


class SnapshotFactory(Base):
    class Meta:
        model = WatchMemberSnapshot

    scheme = factory.SubFactory(WatchSchemeFactory)
    recorded_on = date(2026, 6, 1)
    members = 100


class InterestFactory(Base):
    class Meta:
        model = WatchInterest

    scheme_id = factory.LazyFunction(lambda: WatchSchemeFactory().id)
    name = factory.Sequence(lambda n: f"Rider {n}")
    received_on = date(2026, 8, 1)


class MessageFactory(Base):
    class Meta:
        model = WatchMessage

    scheme_id = factory.LazyFunction(lambda: WatchSchemeFactory().id)
    sent_on = date(2026, 8, 2)
    subject = "Thefts of tack"
    recipients = 300


class SpeedGroupFactory(Base):
    class Meta:
        model = SpeedWatchGroup

    name = factory.Sequence(lambda n: f"Speed Group {n}")
    district = factory.SubFactory(DistrictFactory)
    started_on = date(2025, 3, 1)
    coordinator_name = "Sam Coord"


class SiteFactory(Base):
    class Meta:
        model = SpeedWatchSite

    group = factory.SubFactory(SpeedGroupFactory)
    location = factory.Sequence(lambda n: f"High Street {n}")
    speed_limit_mph = 30
    approved_on = date(2025, 3, 10)


class SessionFactory(Base):
    class Meta:
        model = SpeedWatchSession

    site = factory.SubFactory(SiteFactory)
    group = factory.LazyAttribute(lambda o: o.site.group)
    session_date = date(2026, 7, 14)
    start_time = time(8, 0)
    end_time = time(9, 0)
    vehicles_checked = 200
    vehicles_over_limit = 20
    first_letters = 15
    final_letters = 3
    referrals = 1


class CsasOrgFactory(Base):
    class Meta:
        model = CsasOrganisation

    name = factory.Sequence(lambda n: f"Council Wardens {n}")
    accredited_on = date(2020, 1, 15)


class CsasPersonFactory(Base):
    class Meta:
        model = CsasPerson

    organisation = factory.SubFactory(CsasOrgFactory)
    name = factory.Sequence(lambda n: f"Warden {n}")
    accredited_on = date(2024, 2, 1)
