import pytest

from factorytier.accounts.choices import Role
from factorytier.core import clock
from factorytier.reviews.models import ExpertProfile

from ..factories import UserFactory


def make_expert(name="专家", organisation="上海交通大学", industries=("36",), links=("生产作业",), **kw):
    user = UserFactory(role=Role.EXPERT, display_name=name, email=f"{name}@example.com")
    ExpertProfile.objects.create(user=user, name=name, organisation=organisation, industries=list(industries),
                                 guide_links=list(links), invited_at=clock.now(), **kw)
    return user


@pytest.fixture
def expert_factory(db):
    return make_expert
