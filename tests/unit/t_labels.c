/* The label domains: every key and Chinese label of the SPEC maps to its
 * key, nothing else does, and the output language follows the
 * environment. */
#include <stdlib.h>

#include "pb.h"
#include "tap.h"

struct want {
	const char *key, *zh;
};

static void check_domain(const pb_domain *d, const char *name,
			 const struct want *w, size_t n, const char *list)
{
	char buf[512];
	size_t i;

	is_str(d->name, name, "domain is called %s", name);
	is_int(d->n, n, "%s domain has %zu entries", list, n);
	for (i = 0; i < n; i++) {
		is_str(pb_domain_key(d, w[i].key), w[i].key, "key %s", w[i].key);
		is_str(pb_domain_key(d, w[i].zh), w[i].key, "label %s -> %s",
		       w[i].zh, w[i].key);
		is_str(pb_domain_label(d, w[i].key, 1), w[i].zh,
		       "zh label of %s", w[i].key);
	}
	pb_domain_list(d, buf, sizeof buf);
	is_str(buf, list, "list of %s", name);
}

static void lang(const char *pb_lang, const char *lc_all,
		 const char *lc_messages, const char *lang_, int want,
		 const char *what)
{
	const char *names[] = {"PB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
	const char *vals[] = {pb_lang, lc_all, lc_messages, lang_};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (vals[i])
			setenv(names[i], vals[i], 1);
		else
			unsetenv(names[i]);
	}
	is_int(pb_lang_zh(), want, "%s", what);
}

int main(void)
{
	static const struct want orgs[] = {
		{"district", "区委"},	  {"street", "街道党工委"},
		{"community", "社区党组织"},
		{"garrison", "驻军"},	  {"agency", "机关"},
		{"institution", "事业单位"}, {"enterprise", "企业"},
		{"private", "非公企业"},   {"school", "学校"},
		{"social", "社会组织"},	  {"team", "志愿服务队"},
		{"other", "其他"},
	};
	static const struct want members[] = {
		{"resident", "居民党员"},     {"retired", "离退休党员"},
		{"in-service", "在职党员"},   {"floating", "流动党员"},
		{"unemployed", "下岗失业党员"}, {"veteran", "转业退伍党员"},
	};
	static const struct want pairs[] = {
		{"enterprise", "社企共建"}, {"military", "军民共建"},
		{"unit", "单位共建"},	    {"school", "校社共建"},
		{"aid", "帮扶结对"},	    {"other", "其他"},
	};
	static const struct want events[] = {
		{"meeting", "联席会议"},      {"service", "志愿服务"},
		{"aid", "扶贫帮困"},	      {"environment", "环境共建"},
		{"safety", "平安共保"},	      {"culture", "文体活动"},
		{"education", "教育宣传"},    {"visit", "走访慰问"},
		{"festival", "节庆联欢"},     {"consultation", "大事协商"},
		{"commendation", "评选表彰"}, {"other", "其他"},
	};
	static const struct want types[] = {
		{"cash", "资金"},  {"goods", "物资"},	  {"space", "场地"},
		{"equipment", "设备"}, {"service", "服务"},
	};
	char small[12];

	check_domain(&pb_org_kinds, "kind", orgs, 12,
		     "district, street, community, garrison, agency, institution, "
		     "enterprise, private, school, social, team, other");
	check_domain(&pb_member_categories, "category", members, 6,
		     "resident, retired, in-service, floating, unemployed, "
		     "veteran");
	check_domain(&pb_pair_kinds, "kind", pairs, 6,
		     "enterprise, military, unit, school, aid, other");
	check_domain(&pb_event_kinds, "kind", events, 12,
		     "meeting, service, aid, environment, safety, culture, "
		     "education, visit, festival, consultation, commendation, "
		     "other");
	check_domain(&pb_contribution_types, "type", types, 5,
		     "cash, goods, space, equipment, service");

	/* English labels */
	is_str(pb_domain_label(&pb_org_kinds, "community", 0),
	       "Community Party organization", "en community");
	is_str(pb_domain_label(&pb_org_kinds, "garrison", 0), "Garrison",
	       "en garrison");
	is_str(pb_domain_label(&pb_org_kinds, "district", 0),
	       "District Party committee", "en district");
	is_str(pb_domain_label(&pb_member_categories, "in-service", 0),
	       "In-service member", "en in-service");
	is_str(pb_domain_label(&pb_pair_kinds, "enterprise", 0),
	       "Community-enterprise", "en pair enterprise");
	is_str(pb_domain_label(&pb_event_kinds, "meeting", 0), "Joint meeting",
	       "en meeting");
	is_str(pb_domain_label(&pb_contribution_types, "cash", 0), "Funds",
	       "en cash");
	is_str(pb_domain_label(&pb_org_kinds, "bogus", 1), "bogus",
	       "unknown key labels as itself");

	/* what is not accepted */
	is_str(pb_domain_key(&pb_org_kinds, "bogus"), NULL, "unknown key");
	is_str(pb_domain_key(&pb_org_kinds, ""), NULL, "empty input");
	is_str(pb_domain_key(&pb_org_kinds, NULL), NULL, "NULL input");
	is_str(pb_domain_key(&pb_org_kinds, "Street"), NULL, "case matters");
	is_str(pb_domain_key(&pb_org_kinds, " street"), NULL, "no trimming");
	is_str(pb_domain_key(&pb_org_kinds, "驻军 "), NULL, "no trimming zh");
	is_str(pb_domain_key(&pb_org_kinds, "Garrison"), NULL,
	       "English label is not input");
	is_str(pb_domain_key(&pb_member_categories, "military"), NULL,
	       "key of another domain");
	is_str(pb_domain_key(&pb_pair_kinds, "企业"), NULL,
	       "label of another domain");
	is_str(pb_domain_key(&pb_event_kinds, "meet"), NULL, "no prefixes");

	pb_domain_list(&pb_pair_kinds, small, sizeof small);
	is_str(small, "enterprise,", "list truncates to the buffer");

	/* language */
	lang(NULL, NULL, NULL, NULL, 0, "nothing set: English");
	lang(NULL, NULL, NULL, "zh_CN.UTF-8", 1, "LANG zh_CN: Chinese");
	lang(NULL, NULL, NULL, "en_US.UTF-8", 0, "LANG en_US: English");
	lang(NULL, NULL, NULL, "C", 0, "LANG C: English");
	lang("en", NULL, NULL, "zh_CN.UTF-8", 0, "PB_LANG en beats LANG");
	lang("zh", "C", NULL, "C", 1, "PB_LANG zh beats LC_ALL");
	lang("fr", NULL, NULL, "zh_TW.UTF-8", 1, "other PB_LANG ignored");
	lang("", NULL, NULL, "zh_CN.UTF-8", 1, "empty PB_LANG ignored");
	lang(NULL, "en_US.UTF-8", NULL, "zh_CN.UTF-8", 0, "LC_ALL beats LANG");
	lang(NULL, "zh_CN.UTF-8", "C", "C", 1, "LC_ALL zh wins");
	lang(NULL, "", "zh_CN.UTF-8", "C", 1,
	     "empty LC_ALL falls to LC_MESSAGES");
	lang(NULL, NULL, "C", "zh_CN.UTF-8", 0, "LC_MESSAGES beats LANG");
	lang(NULL, "", "", "zh_SG", 1, "empty ones fall through to LANG");

	return done_testing();
}
