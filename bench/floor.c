/* The floor: what any command over the database must at least do. Open
 * the file, run SELECT 1, close. A pb command's wall time is measured
 * against this one's, taken in the same run.
 *
 * With -s, the floor of a command that reads the database: the query
 * reads sqlite_master, so SQLite loads the schema and opens the -wal
 * (a read transaction), which SELECT 1 never does; and, as pb's reads,
 * it leaves the -wal as it found it (no checkpoint at its close, which
 * SQLite's last connection would do).  A reference beside the figures,
 * not their divisor.
 *
 * usage: floor [-s] DB */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *sql = "SELECT 1";
	int keep_wal = 0;
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc;

	if (argc == 3 && strcmp(argv[1], "-s") == 0) {
		sql = "SELECT 1 FROM sqlite_master WHERE name = 'orgs'";
		keep_wal = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fputs("usage: floor [-s] DB\n", stderr);
		return 64;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) !=
		    SQLITE_OK ||
	    (keep_wal && sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
					   1, NULL) != SQLITE_OK) ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "floor: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 70;
	}
	rc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc ? 0 : 70;
}
