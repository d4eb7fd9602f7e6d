from django import forms


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False)
    action = forms.CharField(label="操作", required=False)
    object_type = forms.CharField(label="对象类型", required=False)
    object_id = forms.CharField(label="对象编号", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "请输入有效的日期，如 2025-07-01"})
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "请输入有效的日期，如 2025-07-11"})
