from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from factorytier.audit.services import record

from .models import EmailPreference


@login_required
def preferences(request):
    pref, _ = EmailPreference.objects.get_or_create(user=request.user)
    if request.method == "POST":
        mode = request.POST.get("mode", "")
        if mode not in EmailPreference.Mode.values:
            messages.error(request, "邮件提醒：请选择即时发送或每日汇总")
        else:
            before = pref.mode
            pref.mode = mode
            pref.save(update_fields=["mode"])
            record(request.user, "notices.preference", pref, before={"mode": before}, after={"mode": mode})
            messages.success(request, f"已保存：{pref.get_mode_display()}")
        return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"pref": pref, "modes": EmailPreference.Mode.choices})
