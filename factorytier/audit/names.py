"""Names the audit log shows that the models hold as plain Chinese (model and column verbose names), marked here
for the catalogue: the log translates them when it shows an entry (presenters.object_type_label, field_label).
A name missing here simply stays Chinese on an English page."""

from django.utils.translation import gettext_noop

MODEL_NAMES = (
    gettext_noop("推荐单位"), gettext_noop("企业"), gettext_noop("用户"), gettext_noop("接口令牌"),
    gettext_noop("审计日志"), gettext_noop("申报批次"), gettext_noop("推荐名额"), gettext_noop("申报书"),
    gettext_noop("自评信息"), gettext_noop("附件"), gettext_noop("提交快照"), gettext_noop("承诺佐证材料"),
    gettext_noop("草稿版本"), gettext_noop("评审专家"), gettext_noop("利益冲突"), gettext_noop("评审分配"),
    gettext_noop("评分表"), gettext_noop("现场核查"), gettext_noop("现场核查材料"), gettext_noop("认定决定"),
    gettext_noop("待发通知"), gettext_noop("结果公布"), gettext_noop("培育期"), gettext_noop("培育里程碑"),
    gettext_noop("培育进展报告"), gettext_noop("后台任务"), gettext_noop("站内通知"), gettext_noop("邮件提醒设置"),
    gettext_noop("申报书文件"), gettext_noop("推荐名单"), gettext_noop("推荐名单条目"), gettext_noop("名单导入"),
    gettext_noop("名单条目"), gettext_noop("纸质版收件"),
)

COLUMN_NAMES = (
    gettext_noop("上传时间"), gettext_noop("上次汇总时间"), gettext_noop("专家委员会结论"), gettext_noop("企业名称"),
    gettext_noop("保存时间"), gettext_noop("公告说明"), gettext_noop("公布时间"), gettext_noop("内容"),
    gettext_noop("冲突类型"), gettext_noop("决定依据（评分、现场核查结论）"), gettext_noop("决定时所处状态"), gettext_noop("决定时间"),
    gettext_noop("决定结果（目标状态）"), gettext_noop("分数"), gettext_noop("分配方式"), gettext_noop("分配时间"),
    gettext_noop("分配理由"), gettext_noop("创建时间"), gettext_noop("到期前30天提醒"), gettext_noop("到期前90天提醒"),
    gettext_noop("加权总分"), gettext_noop("发出时间"), gettext_noop("发布时间"), gettext_noop("变化"),
    gettext_noop("变更前"), gettext_noop("变更后"), gettext_noop("变更后版本"), gettext_noop("名单"),
    gettext_noop("名称"), gettext_noop("在库"), gettext_noop("培育开始日期"), gettext_noop("培育期截止日期"),
    gettext_noop("姓名"), gettext_noop("实际完成日期"), gettext_noop("对象"), gettext_noop("对象类型"),
    gettext_noop("对象编号"), gettext_noop("导入时间"), gettext_noop("层级"), gettext_noop("工作单位"),
    gettext_noop("工作单位统一社会信用代码"), gettext_noop("已读时间"), gettext_noop("所属企业集团"), gettext_noop("报告期"),
    gettext_noop("报送时间"), gettext_noop("排序"), gettext_noop("提交时间"), gettext_noop("操作"),
    gettext_noop("操作人"), gettext_noop("收到时间"), gettext_noop("文件名"), gettext_noop("时间"),
    gettext_noop("更新时间"), gettext_noop("有效行"), gettext_noop("本人确认资料时间"), gettext_noop("来源"),
    gettext_noop("来源地址"), gettext_noop("标题"), gettext_noop("核查发现（逐条款）"), gettext_noop("核查日期"),
    gettext_noop("核查组成员"), gettext_noop("核查结论"), gettext_noop("正文"), gettext_noop("熟悉的场景指引环节"),
    gettext_noop("熟悉行业（国民经济行业大类代码）"), gettext_noop("版本"), gettext_noop("状态"), gettext_noop("理由"),
    gettext_noop("申请验收时间"), gettext_noop("确认时间"), gettext_noop("类型"), gettext_noop("纸质版一致"),
    gettext_noop("纸质版摘要"), gettext_noop("线上版摘要"), gettext_noop("结论说明"), gettext_noop("统一社会信用代码"),
    gettext_noop("职称/职务"), gettext_noop("计划完成日期"), gettext_noop("记录时间"), gettext_noop("评审截止"),
    gettext_noop("评语"), gettext_noop("说明"), gettext_noop("进展情况"), gettext_noop("进度"),
    gettext_noop("退回重报时间"), gettext_noop("退回重报理由"), gettext_noop("邀请时间"), gettext_noop("邮件提醒"),
    gettext_noop("里程碑"), gettext_noop("链接"), gettext_noop("错误"), gettext_noop("验收申请说明"),
)
