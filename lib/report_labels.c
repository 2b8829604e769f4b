/* Headings of report keys in English and Chinese, for table, md and html;
 * json, yaml, tsv and csv always show the keys themselves. */
#include <string.h>

#include "pb.h"

static const pb_label keys[] = {
	{"period", "统计期间", "Period"},
	{"from", "起", "From"},
	{"to", "止", "To"},
	{"label", "期间", "Label"},
	{"events", "活动", "Events"},
	{"total", "合计", "Total"},
	{"by_kind", "按类型", "By kind"},
	{"participation", "参与", "Participation"},
	{"orgs", "参与单位数", "Organizations"},
	{"members", "党员", "Members"},
	{"person_times", "人次", "Person-times"},
	{"volunteer_hours", "服务时长(小时)", "Hours served"},
	{"contributions", "捐赠", "Contributions"},
	{"count", "笔数", "Count"},
	{"cash_yuan", "资金(元)", "Cash (yuan)"},
	{"in_kind_yuan", "实物折价(元)", "In kind (yuan)"},
	{"goods", "物资", "Goods"},
	{"item", "物品", "Item"},
	{"unit", "单位", "Unit"},
	{"quantity", "数量", "Quantity"},
	{"beneficiaries", "受益", "Beneficiaries"},
	{"households", "户数", "Households"},
	{"persons", "人数", "Persons"},
	{"jobs", "再就业", "Jobs"},
	{"pairs", "共建对子", "Pairs"},
	{"active", "有效", "Active"},
	{"new", "新建", "New"},
	{"ended", "结束", "Ended"},
	{"dormant", "休眠", "Dormant"},
	{"registered", "已报到", "Registered"},
	{"new_registrations", "新报到", "New registrations"},
	{"by_category", "按类别", "By category"},
	{"opinions", "征询意见", "Opinions"},
	{"received", "收到", "Received"},
	{"answered", "已答复", "Answered"},
	{"answered_on_time", "按期答复", "Answered on time"},
	{"answered_on_time_rate", "按期答复率", "Answered on time (%)"},
	{"overdue", "逾期未答复", "Overdue"},
	{"previous", "上期", "Previous period"},
	{"unregistered", "未报到", "Not registered"},
	{"returns", "已返回", "Returned"},
	{"by_community", "按报到社区", "By community"},
	{"community", "社区", "Community"},
	{"name", "名称", "Name"},
	{"as_of", "截至日期", "As of"},
	{"days", "天数", "Days"},
	{"id", "编号", "ID"},
	{"due", "答复期限", "Due"},
	{"days_left", "剩余天数", "Days left"},
	{"days_overdue", "逾期天数", "Days overdue"},
	{"partner", "共建单位", "Partner"},
	{"kind", "类型", "Kind"},
	{"until", "截止日期", "Until"},
	{"roles", "任期届满", "Terms ending"},
	{"org", "组织", "Organization"},
	{"title", "职务", "Title"},
	{"code", "代码", "Code"},
	{"org_kind", "单位类型", "Kind"},
	{"organized", "组织的活动", "Organized"},
	{"attended", "参加的活动", "Attended"},
	{"gave", "捐助", "Gave"},
	{"member_events", "党员参加的活动", "Member attendance"},
	{"totals", "汇总", "Totals"},
	{"date", "日期", "Date"},
	{"event", "活动编号", "Event"},
	{"event_kind", "活动类型", "Kind"},
	{"event_title", "活动名称", "Title"},
	{"people", "人次", "People"},
	{"hours", "时长(小时)", "Hours"},
	{"hours_total", "总时长(小时)", "Hours total"},
	{"member_hours", "党员时长(小时)", "Member hours"},
	{"type", "捐助类型", "Type"},
	{"value_yuan", "折价(元)", "Value (yuan)"},
	{"events_organized", "组织活动", "Events organized"},
	{"events_attended", "参加活动", "Events attended"},
	{"meetings_attended", "参加联席会议", "Joint meetings attended"},
	{"since", "开始日期", "Since"},
	{"community_yuan", "社区投入(元)", "Community (yuan)"},
	{"partner_yuan", "共建单位投入(元)", "Partner (yuan)"},
	{"target_households", "目标户数", "Target households"},
	{"target_persons", "目标人数", "Target persons"},
	{"target_yuan", "目标金额(元)", "Target (yuan)"},
	{"yuan", "金额(元)", "Yuan"},
	{"one_sided", "单方参与", "One-sided"},
	{"weights", "权重", "Weights"},
	{"units", "参评单位", "Units"},
	{"contributions_yuan", "捐助(元)", "Contributions (yuan)"},
	{"pair_events", "结对活动", "Pair events"},
	{"score", "得分", "Score"},
	{"street", "街道", "Street"},
	{"rollup", "汇总说明", "Roll-up"},
	{"sources", "数据来源", "Sources"},
	{"read", "已读取", "Read"},
	{"incomplete", "不完整", "Incomplete"},
	{"failed", "未读取", "Left out"},
	{"shared_units", "多个街道共有的单位", "Units in several streets"},
	{"by", "识别依据", "Matched by"},
	{"units_counted", "单位计数", "Units counted"},
	{"members_counted", "党员计数", "Members counted"},
	{"streets", "街道", "Streets"},
	{"uscc", "统一社会信用代码", "USCC"},
	{"db", "数据库", "Database"},
	{"status", "退出码", "Exit status"},
	{"error", "原因", "Error"},
	{"awards", "表彰", "Awards"},
	{"award", "表彰称号", "Award"},
	{"awardee", "受表彰对象", "Awardee"},
	{"member", "党员编号", "Member ID"},
	{"meetings", "联席会议", "Joint meetings"},
	{"units_present", "出席单位数", "Units present"},
	{"units_expected", "应出席单位数", "Units expected"},
	{"attendance", "出席情况", "Attendance"},
	{"present", "出席", "Present"},
	{"by_unit", "按单位", "By unit"},
	{"meetings_expected", "应参加联席会议", "Joint meetings expected"},
	{"rate", "出席率(%)", "Attendance rate (%)"},
	/* What a report is (meta); a key that means another thing in
	 * another place is labelled by its place ("list.key"). */
	{"meta", "报告信息", "Report"},
	{"meta.title", "标题", "Title"},
	{"scope", "范围", "Scope"},
	{"compiler", "填报单位", "Compiled by"},
	{"generated", "生成日期", "Generated"},
	{"opinions.from", "提出单位", "Raised by"},
	{"from_name", "提出单位名称", "Raised by (name)"},
	{"community_name", "社区名称", "Community name"},
	{"partner_name", "共建单位名称", "Partner name"},
	{"org_name", "组织名称", "Organization name"},
	/* A person's name where a list holds people. */
	{"roles.name", "姓名", "Name"},
	{"members.name", "姓名", "Name"},
	/* An awardee is a unit or a person. */
	{"awards.name", "名称/姓名", "Name"},
	/* In a unit's sheet a bare 单位 would read as an organization. */
	{"gave.unit", "计量单位", "Unit"},
	/* One meeting's head-count, not a sum over events. */
	{"attendance.people", "出席人数", "People"},
};

/* Values of a roll-up's notes, shown in words. */
static const pb_label notes[] = {
	{"units_counted:uscc-else-name", "按统一社会信用代码只计一次，无代码的按名称",
	 "counted once by USCC, else by name"},
	{"members_counted:per-street", "按街道分别计数（各街道之间没有共同的人员标识）",
	 "counted per street (no person key across streets)"},
	{"incomplete:0", "否", "no"},
	{"incomplete:1", "是", "yes"},
	{"by:uscc", "统一社会信用代码", "USCC"},
	{"by:name", "名称", "name"},
	{"awardee:unit", "单位", "unit"},
	{"awardee:member", "党员", "member"},
};

/* Values shown by their label: "kind:aid" is a pair's kind. */
static const struct {
	const char *field;
	const pb_domain *domain;
} values[] = {
	{"kind", &pb_pair_kinds},
	{"org_kind", &pb_org_kinds},
	{"event_kind", &pb_event_kinds},
	{"type", &pb_contribution_types},
};

/* The label of "field:value" when the field's values have labels. */
static const char *value_label(const char *key, int zh)
{
	const char *colon = strchr(key, ':');
	size_t i, len;

	if (!colon)
		return NULL;
	for (i = 0; i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(notes[i].key, key) == 0)
			return zh ? notes[i].zh : notes[i].en;
	len = (size_t)(colon - key);
	for (i = 0; i < sizeof values / sizeof values[0]; i++)
		if (strlen(values[i].field) == len &&
		    strncmp(values[i].field, key, len) == 0 &&
		    pb_domain_key(values[i].domain, colon + 1))
			return pb_domain_label(values[i].domain, colon + 1, zh);
	return NULL;
}

const char *pb_report_label(const char *key, int zh)
{
	const pb_domain *domains[] = {&pb_event_kinds, &pb_member_categories};
	size_t i, j;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].key, key) == 0)
			return zh ? keys[i].zh : keys[i].en;
	for (i = 0; i < sizeof domains / sizeof domains[0]; i++)
		for (j = 0; j < domains[i]->n; j++)
			if (strcmp(domains[i]->labels[j].key, key) == 0)
				return zh ? domains[i]->labels[j].zh
					  : domains[i]->labels[j].en;
	return value_label(key, zh);
}
