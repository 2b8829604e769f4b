#!/bin/sh
# pb-org tree (order, depth, member totals over the subtree) and the
# office-holders: role add, list and end.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run env -u PB_DB pb-org tree
is_status 0 "tree of an empty registry (the default database, not yet written)"
is_out_empty "prints nothing"

pb-org -q add --code jd --name 东湖街道 --kind street --members 5
pb-org -q add --code sq-b --name 西湖社区 --kind community --parent jd --members 20
pb-org -q add --code sq-a --name 东湖社区 --kind community --parent jd --members 30
pb-org -q add --code ent --name 华英公司 --kind private --parent sq-a --members 4
pb-org -q add --code army --name 武警某部 --kind garrison --parent sq-a
pb-org -q add --code gone --name 已撤销 --kind enterprise --parent sq-b --members 100 --left 2026-01-01
pb-org -q add --code alone --name 独立单位 --kind other --members 2

run pb-org tree
is_status 0 "tree"
is_out "0	alone	独立单位	other	2	2
0	jd	东湖街道	street	5	59
1	sq-a	东湖社区	community	30	34
2	army	武警某部	garrison		0
2	ent	华英公司	private	4	4
1	sq-b	西湖社区	community	20	20" "depth first, siblings by code; totals summed over the active subtree"

run pb-org tree --all --fields code,total_members
is_out "alone	2
jd	159
sq-a	34
army	0
ent	4
sq-b	120
gone	100" "--all includes the org that left, in the totals too"

run pb-org tree sq-a --header
is_out "depth	code	name	kind	members	total_members
0	sq-a	东湖社区	community	30	34
1	army	武警某部	garrison		0
1	ent	华英公司	private	4	4" "tree ROOT: the subtree, ROOT at depth 0"

run pb-org tree 东湖街道 -f json --fields code,depth,total_members
is_out '[
{"code":"jd","depth":0,"total_members":59},
{"code":"sq-a","depth":1,"total_members":34},
{"code":"army","depth":2,"total_members":0},
{"code":"ent","depth":2,"total_members":4},
{"code":"sq-b","depth":1,"total_members":20}
]' "tree ROOT by name in json; numbers bare"

run pb-org tree sq-a -f table --fields depth,name,members,total_members
is_out "Depth  Name        Members  Total members
    0  东湖社区         30             34
    1    武警某部                       0
    1    华英公司        4              4" "table indents names by depth"

run pb-org tree nowhere
is_status 1 "tree of an unknown root: 1"
is_out_empty "nothing on stdout"

# roles
run pb-org role add jd --title 名誉书记 --name 王强 --from-org army --since 2026-01-01
is_status 0 "role add with --from-org and 名誉书记"
is_out "1" "prints the role id"
run pb-org role add jd --title 书记 --name 李四 --since 2023-01-01 --until 2026-06-30
is_out "2" "the next role id"
run pb-org role add 东湖社区 --title 名誉主任 --name 赵六 --until 2026-11-27
is_out "3" "role add by org name; a term ending today"
run pb-org role add sq-a --title 书记 --name 钱七 --since 2026-12-01
is_out "4" "a term starting later"

run pb-org role list
is_status 0 "role list"
is_out "1	jd	东湖街道	名誉书记	王强	army	武警某部	2026-01-01		
3	sq-a	东湖社区	名誉主任	赵六				2026-11-27	
4	sq-a	东湖社区	书记	钱七			2026-12-01		" "ended roles are hidden; one ending today is still in office"
run pb-org role list --all --fields id,title,until
is_out "1	名誉书记	
2	书记	2026-06-30
3	名誉主任	2026-11-27
4	书记	" "role list --all shows ended terms"
run pb-org role list sq-a --fields id,name
is_out "3	赵六
4	钱七" "role list ORG"
run pb-org role list -f json --fields id,org,from_org jd
is_out '[
{"id":1,"org":"jd","from_org":"army"}
]' "role list -f json: org codes"
run pb-org role list nowhere
is_status 65 "role list of an unknown org: 65"

fails 65 "until 2026-06-30 is before since 2026-07-01" "role add until before since" \
	pb-org role add jd --title 书记 --name 孙八 --since 2026-07-01 --until 2026-06-30
fails 65 "unknown organization 'nowhere'" "role add to an unknown org" \
	pb-org role add nowhere --title 书记 --name 孙八
fails 65 "unknown organization 'nowhere'" "role add --from-org unknown" \
	pb-org role add jd --title 书记 --name 孙八 --from-org nowhere
fails 65 "missing name" "role add without --name" \
	pb-org role add jd --title 书记
fails 65 "missing title" "role add without --title" \
	pb-org role add jd --name 孙八
fails 65 "invalid date" "role add with a bad date" \
	pb-org role add jd --title 书记 --name 孙八 --since 2026-02-30
fails 64 "missing argument" "role add without ORG" \
	pb-org role add --title 书记 --name 孙八

run pb-org role end 1 --until 2026-11-26
is_status 0 "role end --until"
is_out_empty "prints nothing"
run pb-org role list --all --fields id,until jd
is_out "1	2026-11-26
2	2026-06-30" "the term has its end date"
run pb-org role list --fields id
is_out "3
4" "an ended term leaves the list"

run pb-org role end 3
is_status 0 "role end without --until"
run pb-org role list --all --fields id,until sq-a
is_out "3	2026-11-27
4	" "the term ends today (PB_TODAY)"

fails 65 "until 2026-11-30 is before since 2026-12-01" "role end before the term began" \
	pb-org role end 4 --until 2026-11-30
fails 1 "no role with id 99" "role end of an unknown id" pb-org role end 99
fails 64 "invalid role id 'x'" "role end of a non-number" pb-org role end x
fails 65 "invalid date" "role end with a bad date" pb-org role end 4 --until 2026-13-01
fails 64 "unknown subcommand 'role bogus'" "unknown role subcommand" pb-org role bogus

done_testing
