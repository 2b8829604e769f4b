/* The fixed vocabularies of the SPEC: stored as English keys, accepted as
 * key or Chinese label, shown as a label in the user's language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pb.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const pb_label org_kinds[] = {
	/* Above the streets: one database may hold a whole district. */
	{"district", "区委", "District Party committee"},
	{"street", "街道党工委", "Street Party working committee"},
	{"community", "社区党组织", "Community Party organization"},
	{"garrison", "驻军", "Garrison"},
	{"agency", "机关", "Government agency"},
	{"institution", "事业单位", "Public institution"},
	{"enterprise", "企业", "Enterprise"},
	{"private", "非公企业", "Non-public enterprise"},
	{"school", "学校", "School"},
	{"social", "社会组织", "Social organization"},
	{"team", "志愿服务队", "Volunteer team"},
	{"other", "其他", "Other"},
};

static const pb_label member_categories[] = {
	{"resident", "居民党员", "Resident member"},
	{"retired", "离退休党员", "Retired member"},
	{"in-service", "在职党员", "In-service member"},
	{"floating", "流动党员", "Floating member"},
	{"unemployed", "下岗失业党员", "Laid-off member"},
	{"veteran", "转业退伍党员", "Veteran member"},
};

static const pb_label pair_kinds[] = {
	{"enterprise", "社企共建", "Community-enterprise"},
	{"military", "军民共建", "Military-civilian"},
	{"unit", "单位共建", "Community-unit"},
	{"school", "校社共建", "School-community"},
	{"aid", "帮扶结对", "Assistance pairing"},
	{"other", "其他", "Other"},
};

static const pb_label event_kinds[] = {
	{"meeting", "联席会议", "Joint meeting"},
	{"service", "志愿服务", "Volunteer service"},
	{"aid", "扶贫帮困", "Poverty relief"},
	{"environment", "环境共建", "Environment"},
	{"safety", "平安共保", "Public safety"},
	{"culture", "文体活动", "Culture and sports"},
	{"education", "教育宣传", "Education"},
	{"visit", "走访慰问", "Visits"},
	{"festival", "节庆联欢", "Festival"},
	{"consultation", "大事协商", "Consultation"},
	{"commendation", "评选表彰", "Commendation"},
	{"other", "其他", "Other"},
};

static const pb_label contribution_types[] = {
	{"cash", "资金", "Funds"},
	{"goods", "物资", "Goods"},
	{"space", "场地", "Venue"},
	{"equipment", "设备", "Equipment"},
	{"service", "服务", "Service"},
};

/* Stored m/f; shown as 男/女 where people read it. */
static const pb_label genders[] = {
	{"m", "男", "Male"},
	{"f", "女", "Female"},
};

static const pb_label participant_roles[] = {
	{"organizer", "组织者", "Organizer"},
	{"participant", "参与者", "Participant"},
	{"awardee", "受表彰", "Awardee"},
};

const pb_domain pb_org_kinds = {"kind", org_kinds, NELEM(org_kinds)};
const pb_domain pb_member_categories = {"category", member_categories,
					NELEM(member_categories)};
const pb_domain pb_pair_kinds = {"kind", pair_kinds, NELEM(pair_kinds)};
const pb_domain pb_event_kinds = {"kind", event_kinds, NELEM(event_kinds)};
const pb_domain pb_contribution_types = {"type", contribution_types,
					 NELEM(contribution_types)};

const char *pb_domain_key(const pb_domain *d, const char *input)
{
	size_t i;

	if (input == NULL)
		return NULL;
	for (i = 0; i < d->n; i++)
		if (strcmp(input, d->labels[i].key) == 0 ||
		    strcmp(input, d->labels[i].zh) == 0)
			return d->labels[i].key;
	return NULL;
}

const char *pb_domain_label(const pb_domain *d, const char *key, int zh)
{
	size_t i;

	if (key == NULL)
		return NULL;
	for (i = 0; i < d->n; i++)
		if (strcmp(key, d->labels[i].key) == 0)
			return zh ? d->labels[i].zh : d->labels[i].en;
	return key;
}

/* Truncates rather than overflows; the lists are short enough that a
 * caller's message buffer holds them whole. */
void pb_domain_list(const pb_domain *d, char *buf, size_t len)
{
	size_t i, used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < d->n && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s",
				 i ? ", " : "", d->labels[i].key);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* PB_LANG overrides; otherwise the POSIX precedence of the locale
 * variables for messages decides. */
int pb_lang_zh(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *v = getenv("PB_LANG");
	size_t i;

	if (v && strcmp(v, "zh") == 0)
		return 1;
	if (v && strcmp(v, "en") == 0)
		return 0;
	for (i = 0; i < NELEM(vars); i++) {
		v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0;
	}
	return 0;
}
const pb_domain pb_participant_roles = {"role", participant_roles,
					 NELEM(participant_roles)};
const pb_domain pb_genders = {"gender", genders, NELEM(genders)};
