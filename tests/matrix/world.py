"""The world every matrix row is tried in: one campaign, two enterprises in two districts, their
officers, two experts (one assigned), the commission, an administrator, and objects of each owner.

Row modules add what they need through `extend_world(world)`; they set `world.keys[...]` for the URL
templates and may add users with `world.users[...]` only for the fixed roles of `harness.ROLES`.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from factorytier.accounts.choices import Role
from factorytier.accounts.services import create_api_token
from factorytier.applications.models import Attachment, Evidence, Readiness, Version
from factorytier.applications.submission import freeze
from factorytier.core import clock
from factorytier.jobs.models import Job
from factorytier.rendering.models import RenderedDocument
from factorytier.reviews.models import Assignment

from ..factories import (
    ApplicationFactory,
    CampaignFactory,
    EnterpriseFactory,
    UnitFactory,
    UserFactory,
    enterprise_user,
    ready_application,
    recommender,
)
from .harness import row_modules

# The moment every row is tried at: the campaign's application stage is open.
MOMENT = clock.shanghai(2025, 7, 1, 10)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class World:
    """`keys` fill the rows' URL templates; `users` maps each role to its user (None for anon)."""

    def __init__(self):
        self.keys: dict[str, object] = {}
        self.users: dict[str, object] = {"anon": None}
        self.sessions: dict[str, str] = {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.keys[name]
        except KeyError:
            raise AttributeError(name) from None


def _attachment(application, name="证书.pdf"):
    return Attachment.objects.create(
        application=application, name=name, size=len(PDF), content_type="application/pdf",
        sha256="0" * 64, uploaded_at=clock.now(), file=SimpleUploadedFile("x.pdf", PDF),
    )


def _submitted(application):
    application.state = "submitted"
    application.submitted_at = clock.now()
    application.save()
    snapshot = freeze(application, clock.now())
    doc = RenderedDocument(snapshot=snapshot, format="pdf", sha256="0" * 64, created_at=clock.now())
    doc.file.save("a.pdf", ContentFile(PDF), save=False)
    doc.save()
    return snapshot


def build_world() -> World:
    w = World()
    unit_a, unit_b = UnitFactory(), UnitFactory()
    ent_a, ent_b = EnterpriseFactory(recommending_unit=unit_a), EnterpriseFactory(recommending_unit=unit_b)
    campaign = CampaignFactory()
    w.users.update({
        "ent_a": enterprise_user(ent_a), "ent_b": enterprise_user(ent_b),
        "officer": recommender(unit_a), "officer_other": recommender(unit_b),
        "expert_assigned": UserFactory(role=Role.EXPERT), "expert_unassigned": UserFactory(role=Role.EXPERT),
        "commission": UserFactory(role=Role.COMMISSION),
        "admin": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
    })
    # A's submitted application (领航级), with its snapshot, a rendered PDF and an attachment; an expert is assigned.
    sub_a = ready_application(enterprise=ent_a, campaign=campaign, tier="leading")
    att_sub_a = _attachment(sub_a, "营业执照.pdf")
    snap_a = _submitted(sub_a)
    Assignment.objects.create(application=sub_a, expert=w.users["expert_assigned"], assigned_at=clock.now())
    # A's draft (ready to submit: made after the 领航级 one so that A's readiness fits 卓越级), with two versions and an attachment.
    draft_a = ready_application(enterprise=ent_a, campaign=campaign, tier="excellent")
    draft_a.version = 2
    draft_a.save()
    for number in (1, 2):
        Version.objects.create(application=draft_a, number=number, title=draft_a.title if number == 2 else "旧的项目名称",
                               content=draft_a.content,
                               saved_at=clock.now())
    att_a = _attachment(draft_a)
    # B's submitted application and B's draft.
    sub_b = ready_application(enterprise=ent_b, campaign=campaign, tier="excellent")
    snap_b = _submitted(sub_b)
    draft_b = ApplicationFactory(enterprise=ent_b, campaign=campaign, tier="leading")
    Readiness.objects.get_or_create(enterprise=ent_b)
    # A's readiness evidence for a declared clause.
    ev_a = Evidence.objects.create(
        readiness=Readiness.objects.get(enterprise=ent_a), clause="R.B1", name="承诺书.pdf", size=len(PDF),
        content_type="application/pdf", sha256="0" * 64, uploaded_at=clock.now(), file=SimpleUploadedFile("e.pdf", PDF),
    )
    # The commission's finished export job, and a personal token of A's user.
    job = Job.objects.create(owner=w.users["commission"], kind="campaign_export", label="导出", status=Job.Status.DONE,
                             result_name="导出.xlsx")
    job.result_file.save("export.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    token_a, _ = create_api_token(w.users["ent_a"], "脚本")
    w.keys.update({
        "campaign": campaign.pk, "draft_a": draft_a.pk, "draft_a_version": draft_a.version, "att_a": att_a.pk,
        "sub_a": sub_a.pk, "att_sub_a": att_sub_a.pk, "snap_a": snap_a.pk, "digest_a": snap_a.digest,
        "sub_b": sub_b.pk, "snap_b": snap_b.pk, "draft_b": draft_b.pk, "ev_a": ev_a.pk, "job_c": job.pk,
        "token_a": token_a.pk, "ent_a_id": ent_a.pk, "ent_b_id": ent_b.pk, "unit_a": unit_a.pk, "unit_b": unit_b.pk,
    })
    for module in row_modules():
        hook = getattr(module, "extend_world", None)
        if hook is not None:
            hook(w)
    return w
