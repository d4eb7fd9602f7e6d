from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from factorytier.core.language import policy_lang
from factorytier.policy import division_name, industry_name

from .choices import INDUSTRY_CHOICES, SHANGHAI_DISTRICTS, Nature, UnitKind
from .models import Enterprise, RecommendingUnit, User
from .validators import validate_mobile

DISTRICT_CHOICES = [("", "请选择")] + [(d, d) for d in SHANGHAI_DISTRICTS]


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("用户名或手机号"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": _("用户名（或手机号）或密码不正确。连续输错多次后账户将被临时锁定。"),
        "inactive": _("该账户已停用，请联系系统管理员。"),
    }


def _no_spaces(value: str) -> str:
    """Spaces (half- and full-width) and hyphens people type inside codes and phone numbers."""
    return "".join(ch for ch in (value or "") if ch not in " \u3000\t-")


class EnterpriseRegistrationForm(forms.ModelForm):
    """An enterprise registers itself: its profile, its recommending unit, and the first user's log-in."""

    ENTERPRISE_FIELDS = ("name", "uscc", "address", "district", "committee", "nature", "central_soe_group",
                         "legal_entity", "industry", "contact_name", "contact_mobile")
    LOGIN_FIELDS = ("username", "email", "password1", "password2")

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30, help_text=_("18 位；小写字母自动转为大写"))
    district = forms.ChoiceField(label=_("所在区"), choices=DISTRICT_CHOICES)
    committee = forms.ModelChoiceField(
        label=_("所在园区（管委会）"), required=False, queryset=RecommendingUnit.objects.none(),
        empty_label=_("不在以下园区（由所在区推荐）"),
        help_text=_("位于临港新片区、上海化学工业区或长兴岛的企业，由该管委会推荐（N.EX.P2、N.LD.P2）"),
    )
    central_soe_group = forms.ModelChoiceField(
        label=_("所属中央企业集团"), required=False, queryset=RecommendingUnit.objects.none(), empty_label=_("（非中央企业不填）"),
        help_text=_("中央企业（在沪企业）必填：卓越级由集团总部推荐（N.EX.P3），领航级由所在区（管委会）推荐（N.LD.P2）"),
    )
    # Longer than 11 so that "139 1234 5678" reaches clean_contact_mobile, which removes the spaces.
    contact_mobile = forms.CharField(label=_("联系人手机"), max_length=20, help_text=_("11 位手机号码，可含空格"))
    username = forms.CharField(label=_("登录用户名"), max_length=150, help_text=_("字母、数字或 @ . + - _"))
    email = forms.EmailField(label=_("电子邮箱"), required=False, help_text=_("用于接收申报状态通知"))
    password1 = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码"), strip=False, widget=forms.PasswordInput)

    class Meta:
        model = Enterprise
        fields = [
            "name", "uscc", "address", "district", "nature", "legal_entity", "industry",
            "contact_name", "contact_mobile",
        ]
        help_texts = {"industry": _("国民经济行业分类（GB/T 4754—2017）大类：采矿业、制造业、电力热力燃气及水生产和供应业")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = RecommendingUnit.objects.filter(kind=UnitKind.COMMITTEE)
        self.fields["central_soe_group"].queryset = RecommendingUnit.objects.filter(kind=UnitKind.CENTRAL_SOE)
        self.fields["committee"].error_messages["invalid_choice"] = _("请从列表中选择管委会")
        self.fields["central_soe_group"].error_messages["invalid_choice"] = _("请从列表中选择中央企业集团")
        for name in ("industry", "district", "committee", "central_soe_group"):  # official and place names are data
            if name in self.fields:
                self.fields[name].widget.attrs["lang"] = "zh-Hans"
        if policy_lang() == "en":  # the GB/T 4754-2017 divisions by the classification's English names
            blank = [c for c in self.fields["industry"].choices if c[0] == ""][:1]
            self.fields["industry"].choices = [*blank, *(
                (industry_name(group, "en"), [(code, division_name(code, "en")) for code, _name in divisions])
                for group, divisions in INDUSTRY_CHOICES)]
            self.fields["industry"].widget.attrs.pop("lang", None)
        self.fields["industry"].error_messages["invalid_choice"] = _("请从列表中选择所属行业（国民经济行业分类大类）")
        self.order_fields([*self.ENTERPRISE_FIELDS, *self.LOGIN_FIELDS])

    # What the template shows in its two groups (a field appears once: no name matching in the template).
    def enterprise_fields(self):
        return [self[name] for name in self.ENTERPRISE_FIELDS]

    def login_fields(self):
        return [self[name] for name in self.LOGIN_FIELDS]

    def clean_uscc(self):
        # A lowercase copy or one typed with spaces is the same code, not another one.
        value = _no_spaces(self.cleaned_data["uscc"]).upper()
        from .validators import validate_uscc

        validate_uscc(value)
        if Enterprise.objects.filter(uscc=value).exists():
            raise forms.ValidationError(USCC_TAKEN)
        return value

    def validate_unique(self):
        # clean_uscc already explains a duplicate code in the applicant's words.
        exclude = self._get_validation_exclusions() | {"uscc"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as e:
            self._update_errors(e)

    def clean_contact_mobile(self):
        value = _no_spaces(self.cleaned_data["contact_mobile"])
        validate_mobile(value)
        return value

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        User.username_validator(value)
        if User.objects.filter(Q(username__iexact=value) | Q(mobile=value)).exists():
            raise forms.ValidationError(USERNAME_TAKEN)
        return value

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif p1:
            probe = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        mobile = data.get("contact_mobile")
        if mobile and User.objects.filter(mobile=mobile).exists():
            self.add_error("contact_mobile", MOBILE_TAKEN)
        district = data.get("district")
        if district and not data.get("committee") and not RecommendingUnit.objects.filter(
                kind=UnitKind.DISTRICT, district=district).exists():
            self.add_error("district", _("该区的推荐单位尚未配置，请联系系统管理员"))
        nature, group = data.get("nature"), data.get("central_soe_group")
        if nature == Nature.CENTRAL_SOE and group is None and "central_soe_group" not in self.errors:
            if self.fields["central_soe_group"].queryset.exists():
                self.add_error("central_soe_group", _("中央企业请选择所属集团：卓越级申报由集团总部推荐"))
            else:
                self.add_error("central_soe_group", _("中央企业集团总部推荐单位尚未配置，请联系市经信委或系统管理员"))
        elif nature and nature != Nature.CENTRAL_SOE and group is not None:
            self.add_error("central_soe_group", _("仅中央企业（在沪企业）选择所属集团；其他企业请留空"))
        return data

    def recommending_unit(self):
        """The enterprise's own recommending unit: its 管委会 when it chose one, else its district's."""
        data = self.cleaned_data
        return data.get("committee") or RecommendingUnit.objects.get(kind=UnitKind.DISTRICT, district=data["district"])

    def explain_conflict(self) -> None:
        """Another registration with the same code, user name or mobile won the race between this form's
        checks and its save: say which, at the field (the database refused the duplicate)."""
        data = self.cleaned_data
        found = False
        if Enterprise.objects.filter(uscc=data.get("uscc")).exists():
            self.add_error("uscc", USCC_TAKEN)
            found = True
        if User.objects.filter(Q(username__iexact=data.get("username", "")) | Q(mobile=data.get("username", ""))).exists():
            self.add_error("username", USERNAME_TAKEN)
            found = True
        if User.objects.filter(mobile=data.get("contact_mobile")).exists():
            self.add_error("contact_mobile", MOBILE_TAKEN)
            found = True
        if not found:
            self.add_error(None, _("注册未完成：同一时间有相同信息的注册，请稍后重试"))


USCC_TAKEN = "该统一社会信用代码的企业已注册账户，请使用已有账户登录，或联系企业内已注册的同事添加。"
USERNAME_TAKEN = "该用户名已被使用，请换一个"
MOBILE_TAKEN = "该手机号已绑定其他账户，请更换联系人手机或联系管理员"


TOKEN_LIFETIMES = [(30, _("30 天")), (90, _("90 天（默认）")), (180, _("180 天")), (365, _("365 天"))]


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=60, help_text=_("例如：本企业 ERP 对接"))
    days = forms.TypedChoiceField(label=_("有效期"), choices=TOKEN_LIFETIMES, coerce=int, initial=90, required=False,
                                  empty_value=90, help_text=_("到期后令牌自动失效；修改密码时所有令牌立即吊销"))


class RecipientLanguagePasswordResetForm(PasswordResetForm):
    """Django's reset mail, worded in its recipient's language (`User.language`), like every other mail."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        from factorytier.notices.texts import language_of

        with translation.override(language_of(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
