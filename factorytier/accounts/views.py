from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from factorytier.audit.services import record
from factorytier.core import clock

from .forms import ApiTokenForm, EnterpriseRegistrationForm, LoginForm, RecipientLanguagePasswordResetForm
from .models import ApiToken, User
from .services import create_api_token, register_enterprise, revoke_api_token


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A language other than the default, picked once, follows the user to any browser (no query: the user
        # is loaded already). The default is not forced: a browser asking for English still gets English.
        language = self.request.user.language
        if language and language != settings.LANGUAGE_CODE and self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, httponly=False)
        return response


class ChineseFieldPasswordChangeForm(PasswordChangeForm):
    error_messages = {**PasswordChangeForm.error_messages, "password_incorrect": gettext_lazy("原密码不正确，请重新输入。")}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChineseFieldPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(self.request.user, "user.password_change", self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail. The link in the mail uses the platform's configured address, never the
    request's Host header."""

    template_name = "accounts/password_reset_form.html"
    form_class = RecipientLanguagePasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["email"].label = _("电子邮箱")
        form.fields["email"].max_length = 254
        return form

    @property
    def extra_email_context(self):
        return {"base_url": settings.FACTORYTIER_BASE_URL.rstrip("/")}

    # At most this many reset mails per hour for one address and from one client: the page answers the same
    # either way, so it can be used neither to flood a mailbox nor to learn which addresses are registered.
    PER_EMAIL, PER_CLIENT = 3, 10

    def form_valid(self, form):
        from django.core.cache import cache

        from factorytier.audit.middleware import client_ip

        email_key = "pwreset:e:" + form.cleaned_data["email"].strip().lower()
        client_key = f"pwreset:ip:{client_ip(self.request)}"
        for key in (email_key, client_key):
            cache.add(key, 0, 3600)
        if cache.incr(email_key) > self.PER_EMAIL or cache.incr(client_key) > self.PER_CLIENT:
            return redirect(self.get_success_url())
        return super().form_valid(form)


@require_POST
def set_language(request):
    """The site's language switcher (Django's set_language); a signed-in user's choice is also kept on the
    account, so that notices and e-mails reach them in that language."""
    from django.utils.translation import check_for_language
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES) and check_for_language(language) \
            and request.user.language != language:
        User.objects.filter(pk=request.user.pk).update(language=language)
        request.user.language = language
    return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(form.user, "user.password_reset", form.user, note="通过邮件链接重设密码")
        return response


def register(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = register_enterprise(form.cleaned_data, form.recommending_unit())
        except IntegrityError:
            form.explain_conflict()  # a simultaneous registration took the code, user name or mobile
        else:
            login(request, user, backend="factorytier.accounts.backends.UsernameOrMobileBackend")
            messages.success(request, "注册成功，欢迎使用。请先完善智能工厂自评信息。")
            return redirect("core:home")
    return render(request, "accounts/register.html", {"form": form})


@login_required
def profile(request):
    new_token = request.session.pop("new_api_token", None)
    form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        token, clear = create_api_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"] or 90)
        request.session["new_api_token"] = clear
        expires = token.expires_at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M")
        messages.success(request, f"令牌已创建，有效期至 {expires}。请立即复制保存，离开本页后将无法再次查看。")
    else:
        messages.error(request, "令牌名称：" + "；".join(form.errors.get("name", ["请填写"])))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(request.user, token)
    messages.success(request, f"令牌“{token.name}”已吊销。")
    return redirect("accounts:profile")

