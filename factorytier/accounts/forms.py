from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import SHANGHAI_DISTRICTS, UnitKind
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


class EnterpriseRegistrationForm(forms.ModelForm):
    """An enterprise registers itself: its profile plus the first user's log-in."""

    uscc = forms.CharField(label="统一社会信用代码", max_length=30, help_text="18 位，字母大写")
    district = forms.ChoiceField(label="所在区", choices=DISTRICT_CHOICES)
    username = forms.CharField(label="登录用户名", max_length=150, help_text="字母、数字或 @ . + - _")
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于接收申报状态通知")
    password1 = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label="确认密码", strip=False, widget=forms.PasswordInput)

    class Meta:
        model = Enterprise
        fields = [
            "name", "uscc", "address", "district", "nature", "legal_entity", "industry",
            "contact_name", "contact_mobile",
        ]

    def clean_uscc(self):
        value = self.cleaned_data["uscc"].strip()
        from .validators import validate_uscc

        validate_uscc(value)
        if Enterprise.objects.filter(uscc=value).exists():
            raise forms.ValidationError("该统一社会信用代码的企业已注册账户，请使用已有账户登录，或联系企业内已注册的同事添加。")
        return value

    def validate_unique(self):
        # clean_uscc already explains a duplicate code in the applicant's words.
        exclude = self._get_validation_exclusions() | {"uscc"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as e:
            self._update_errors(e)

    def clean_contact_mobile(self):
        value = self.cleaned_data["contact_mobile"].strip()
        validate_mobile(value)
        return value

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        User.username_validator(value)
        if User.objects.filter(Q(username__iexact=value) | Q(mobile=value)).exists():
            raise forms.ValidationError("该用户名已被使用，请换一个")
        return value

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致")
        elif p1:
            probe = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        mobile = data.get("contact_mobile")
        if mobile and User.objects.filter(mobile=mobile).exists():
            self.add_error("contact_mobile", "该手机号已绑定其他账户，请更换联系人手机或联系管理员")
        district = data.get("district")
        if district and not RecommendingUnit.objects.filter(kind=UnitKind.DISTRICT, district=district).exists():
            self.add_error("district", "该区的推荐单位尚未配置，请联系系统管理员")
        return data


TOKEN_LIFETIMES = [(30, "30 天"), (90, "90 天（默认）"), (180, "180 天"), (365, "365 天")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=60, help_text="例如：本企业 ERP 对接")
    days = forms.TypedChoiceField(label="有效期", choices=TOKEN_LIFETIMES, coerce=int, initial=90, required=False,
                                  empty_value=90, help_text="到期后令牌自动失效；修改密码时所有令牌立即吊销")
