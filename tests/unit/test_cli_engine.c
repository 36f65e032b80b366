/*
 * test_cli_engine: the command engine (mgmt/cli_engine.h) against a real
 * manager state -- the fixture domain in a temporary SQLite store, the
 * static OA, a dataplane that is not there.
 *
 * Golden transcripts: every tests/unit/cli/NAME.in (argv[1] is that
 * folder) is run line by line in a fresh manager and its transcript
 * (`-> line`, then the answer) compared with NAME.ok. Lines starting `@`
 * set the caller: `@roles Network,Server` (`@roles` alone: read-only),
 * `@user NAME`. CLI_GOLDEN_UPDATE=1 writes the .ok files instead.
 *
 * Then: malformed commands each answer ERROR and leave the domain and the
 * store as they were; role refusals change nothing; every change is one
 * audit row with user, origin, command and result.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/log.h"
#include "mgmt/cli_engine.h"
#include "mgmt/manager.h"
#include "mgmt/users.h"
#include "profiles/store.h"
#include "profiles_fixture.h"

static const char *golden_dir;

#define ALL_ROLES                                                                                  \
    ((1u << METHOD_ROLE_DOMAIN) | (1u << METHOD_ROLE_NETWORK) | (1u << METHOD_ROLE_SERVER) |       \
     (1u << METHOD_ROLE_STORAGE))

struct env {
    char dir[64];
    char path[128];
    struct manager m;
};

/* env_create_domain: a manager over a new store holding `d` (taken). */
/* repeatable_random_bytes: the same "random" bytes in every run, so the
 * UUIDs of new profiles are the same in every transcript */
static unsigned repeatable_random_counter;
static int repeatable_random_bytes(unsigned char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bytes[i] = (unsigned char)(repeatable_random_counter * 17 + i);
    repeatable_random_counter++;
    return 0;
}

static struct env *env_create_domain(struct domain *d)
{
    struct env *e = calloc(1, sizeof(*e));
    char err[512];

    snprintf(e->dir, sizeof(e->dir), "/tmp/test_cli.XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    snprintf(e->path, sizeof(e->path), "%s/store.db", e->dir);
    struct store *s = store_open(e->path, err, sizeof(err));
    assert_non_null(s);
    /* the store wants a server VLAN on untagged map entries too */
    for (unsigned i = 0; i < d->n_profiles; i++)
        for (unsigned c = 0; c < d->profiles[i].n_enet; c++)
            for (unsigned k = 0; k < d->profiles[i].enet[c].n_port_map; k++)
                if (d->profiles[i].enet[c].port_map[k].vlan == 0)
                    d->profiles[i].enet[c].port_map[k].vlan = 1;
    d->generation = 1;
    if (store_save(s, d, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    assert_int_equal(ops_state_init(&e->m.st, d, s, err, sizeof(err)), 0);
    e->m.st.random_bytes = repeatable_random_bytes; /* UUIDs the transcripts can show */
    repeatable_random_counter = 0;
    e->m.oa = oa_static_create();
    assert_non_null(e->m.oa);
    e->m.dataplane_path = "/nonexistent/openvc-test-dataplane.sock";
    e->m.sync = dataplane_sync_create(e->m.dataplane_path);
    assert_non_null(e->m.sync);
    return e;
}

/* env_create: a manager over a new store holding the fixture domain. */
static struct env *env_create(void)
{
    return env_create_domain(fixture_domain());
}

static void env_destroy(struct env *e)
{
    char cmd[160];

    dataplane_sync_destroy(e->m.sync);
    e->m.oa->destroy(e->m.oa);
    store_close(e->m.st.store);
    ops_state_free(&e->m.st);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", e->dir);
    assert_int_equal(system(cmd), 0);
    free(e);
}

/* run: one line as `roles`; the answer (caller frees) and *ok. */
static char *run(struct env *e, unsigned roles, const char *line, bool *ok)
{
    struct cli_caller who = {"tester", "unit", roles};
    struct cli_text out;

    cli_text_init(&out);
    bool r = cli_execute(&e->m, &who, line, &out);
    if (ok != NULL)
        *ok = r;
    char *s = strdup(cli_text_get(&out));
    cli_text_free(&out);
    return s;
}

/* ------------------------------------------------------------ golden */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = calloc(1, (size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(f);
    return s;
}

/* roles_parse: "Network,Server" into a mask. */
static unsigned roles_parse(const char *text)
{
    static const char *const names[] = {"", "domain", "network", "server", "storage"};
    unsigned mask = 0;
    char copy[128], *save = NULL;

    snprintf(copy, sizeof(copy), "%s", text);
    for (char *w = strtok_r(copy, ", \n", &save); w; w = strtok_r(NULL, ", \n", &save))
        for (unsigned r = 1; r < METHOD_ROLE_COUNT; r++)
            if (strcasecmp(w, names[r]) == 0)
                mask |= 1u << r;
    return mask;
}

/* transcript: run every line of `in` in a fresh manager. */
static void transcript(const char *in, struct cli_text *out)
{
    struct env *e = env_create();
    struct cli_caller who = {"Administrator", "unit", ALL_ROLES};
    char user[64] = "Administrator";
    char *copy = strdup(in), *save = NULL;

    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        if (strncmp(line, "@roles", 6) == 0) {
            who.roles_mask = roles_parse(line + 6);
            cli_text_printf(out, "%s\n", line);
            continue;
        }
        if (strncmp(line, "@user ", 6) == 0) {
            snprintf(user, sizeof(user), "%s", line + 6);
            who.user = user;
            continue;
        }
        cli_text_printf(out, "-> %s\n", line);
        cli_execute(&e->m, &who, line, out);
    }
    free(copy);
    env_destroy(e);
}

static void test_golden(void **state)
{
    (void)state;
    DIR *dir = opendir(golden_dir);
    struct dirent *de;
    unsigned files = 0;
    bool update = getenv("CLI_GOLDEN_UPDATE") != NULL;

    assert_non_null(dir);
    while ((de = readdir(dir)) != NULL) {
        size_t n = strlen(de->d_name);
        char path[512], ok_path[512];
        if (n < 4 || strcmp(de->d_name + n - 3, ".in") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", golden_dir, de->d_name);
        snprintf(ok_path, sizeof(ok_path), "%s/%.*s.ok", golden_dir, (int)(n - 3), de->d_name);
        char *in = read_file(path);
        assert_non_null(in);
        struct cli_text out;
        cli_text_init(&out);
        transcript(in, &out);
        if (update) {
            FILE *f = fopen(ok_path, "w");
            assert_non_null(f);
            fputs(cli_text_get(&out), f);
            fclose(f);
        } else {
            char *want = read_file(ok_path);
            if (want == NULL)
                fail_msg("%s: missing (run with CLI_GOLDEN_UPDATE=1 and review it)", ok_path);
            if (strcmp(want, cli_text_get(&out)) != 0) {
                char got_path[600];
                snprintf(got_path, sizeof(got_path), "/tmp/%.*s.got", (int)(n - 3), de->d_name);
                FILE *f = fopen(got_path, "w");
                if (f != NULL) {
                    fputs(cli_text_get(&out), f);
                    fclose(f);
                }
                fail_msg("%s differs from the transcript: diff -u %s %s", de->d_name, ok_path,
                         got_path);
            }
            free(want);
        }
        cli_text_free(&out);
        free(in);
        files++;
    }
    closedir(dir);
    assert_true(files >= 3);
}

/* ------------------------------------------------------------ refusals */

/* stored_generation: the generation saved in the store. */
static uint64_t stored_generation(struct env *e)
{
    struct domain *d = domain_create();
    char err[256];

    assert_int_equal(store_load(e->m.st.store, d, err, sizeof(err)), 0);
    uint64_t g = d->generation;
    domain_destroy(d);
    return g;
}

struct bad_input {
    const char *line;
    const char *expect; /* in the answer */
};

static void test_bad_input_changes_nothing(void **state)
{
    (void)state;
    char *big = malloc(65537);
    memset(big, 'x', 65536);
    memcpy(big, "add network ", 12);
    big[65536] = '\0';
    const struct bad_input table[] = {
        {"frob network X", "ERROR: unknown subcommand \"frob\": valid subcommands are add"},
        {"add netwrk X", "ERROR: unknown managed element \"netwrk\" for add: valid elements are"},
        {"add", "ERROR: add needs a managed element: "},
        {"add network", "ERROR: missing parameter for add network: usage: add network <Name>"},
        {"add network A B", "ERROR: too many parameters for add network (\"B\")"},
        {"add network X Colour=Red",
         "ERROR: property \"colour\" is not valid for add network: valid properties are "
         "UplinkSet, VLanID"},
        {"add network X UplinkSet=SUS-A VLanID=5000",
         "ERROR: VLanID=5000 is not valid: use a number from 1 to 4094"},
        {"add network X UplinkSet=SUS-A VLanID=abc", "VLanID=abc is not valid"},
        {"add network X State=Maybe", "ERROR: State=Maybe is not valid: use Enabled or Disabled"},
        {"add network X UplinkSet=SUS-A VLanID=101", "ERROR: "}, /* VLAN used by Prod101 */
        {"add network X UplinkSet=Nope VLanID=900", "ERROR: "},
        {"add network Prod101", "ERROR: "}, /* name in use */
        {"add network \"X", "ERROR: unbalanced quotes"},
        {big, "ERROR: line is too long (65536 bytes, at most 8192)"},
        {"add network X\x01", "ERROR: byte 0x01 at column 14 is not printable text"},
        {"add network \xff", "ERROR: byte 0xff at column 13 is not valid UTF-8"},
        {"set network Nope SmartLink=Enabled", "ERROR: network Nope does not exist"},
        {"set network Prod101", "ERROR: set network Prod101 changes nothing"},
        {"set network Prod101 MaxSpeedType=Custom", "ERROR: MaxSpeedType=Custom needs the speed"},
        {"remove network Nope", "ERROR: "},
        {"remove network Prod101", "ERROR: "}, /* profiles use it */
        {"add profile Web01", "ERROR: "},
        {"assign profile Spare enc0:17", "ERROR: device bay enc0:17 is not valid"},
        {"assign profile Spare enc4:1",
         "ERROR: device bay enc4:1 is not valid: use encK:B, enclosure K 0-3 and bay B 1-16"},
        {"assign profile Spare enc1:17", "ERROR: device bay enc1:17 is not valid"},
        {"assign profile Spare enc1:0", "ERROR: device bay enc1:0 is not valid"},
        {"assign profile Spare enc1-2", "ERROR: device bay enc1-2 is not valid"},
        {"assign profile Spare enc2:1",
         "ERROR: enclosure enc2 is not in the domain (its enclosures: enc0)"},
        {"show server enc3:4", "ERROR: enclosure enc3 is not in the domain"},
        {"poweron server enc1:1", "ERROR: enclosure enc1 is not in the domain"},
        {"import enclosure enc1", "ERROR: enclosure enc1 is not in the wiring: the OA sees enc0"},
        {"import enclosure ENC0", "ERROR: enclosure enc0 is imported already"},
        {"import enclosure enc7", "ERROR: enclosure enc7 does not exist"},
        {"import enclosure", "ERROR: "},
        {"import enclosure encyclopedia", "ERROR: enclosure encyclopedia does not exist"},
        {"assign profile Spare enc0:1", "ERROR: "}, /* bay has Web01 */
        {"set enet-connection Web01 9 PXE=Enabled", "ERROR: connection \"9\" is not valid"},
        {"set enet-connection Web01 1 PXE=Sometimes",
         "ERROR: PXE=Sometimes is not valid: use Enabled, Disabled or UseBIOS"},
        {"set enet-connection Web01 1 SpeedType=Custom Speed=150", "ERROR: "},
        {"set enet-connection Web01 1 SpeedType=Custom", "ERROR: SpeedType=Custom needs Speed"},
        {"show network * -output=script9", "ERROR: -output value \"script9\" is not valid"},
        {"show network * -verbose", "ERROR: option -verbose is not valid for show network"},
        {"add uplinkset S2 ConnectionMode=Fast",
         "ERROR: ConnectionMode=Fast is not valid: use Failover or Auto"},
        {"add uplinkport enc0:1:X9 UplinkSet=SUS-A", "ERROR: "},
        {"add uplinkport enc0:1:X3", "ERROR: add uplinkport needs UplinkSet=<set>"},
        {"add mac-range", "ERROR: give Predefined=<0-63>, or Start=<address> End=<address>"},
        {"add mac-range Predefined=64", "ERROR: Predefined=64 is not valid"},
        {"add mac-range Predefined=0", "ERROR: "}, /* already there */
        {"add enet-connection Web01 AddressType=User-Defined EthernetMAC=zz", "ERROR: "},
        {"add enet-connection Spare AddressType=User-Defined EthernetMAC=02:56:43:00:00:00",
         "ERROR: "}, /* held by Web01 */
        {"set domain MacAging=1", "ERROR: MacAging=1 is not valid"},
        {"set mac-cache Refresh=0", "ERROR: Refresh=0 is not valid"},
        {"set mac-cache Refresh=31", "ERROR: Refresh=31 is not valid"},
        {"set mac-cache Enabled=maybe Refresh=10", "ERROR: Enabled=maybe is not valid"},
        {"set mac-cache Interval=5", "ERROR: "},
        {"set mac-cache", "ERROR: set mac-cache changes nothing"},
        {"set port-protect networkLoop=On",
         "ERROR: networkLoop=On is not valid: use Enabled or Disabled"},
        {"set port-protect pauseFlood=Enabled networkLoop=yes",
         "ERROR: networkLoop=yes is not valid"},
        {"set port-protect Loop=Enabled",
         "ERROR: property \"loop\" is not valid for set port-protect"},
        {"set port-protect", "ERROR: set port-protect changes nothing"},
        {"set port-protect networkLoop=Disabled extra", "ERROR: "},
        {"reset port-protect now", "ERROR: "},
        {"reset port-protect", "ERROR: "}, /* no dataplane here */
        {"help nothing", "ERROR: no help for nothing"},
    };
    struct env *e = env_create();
    uint64_t g = e->m.st.domain->generation;

    assert_int_equal(stored_generation(e), g);
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        bool ok = true;
        char *answer = run(e, ALL_ROLES, table[i].line, &ok);
        if (ok || strncmp(answer, "ERROR: ", 7) != 0 || strstr(answer, table[i].expect) == NULL)
            fail_msg("\"%.60s\": answer \"%s\" is not \"%s...\"", table[i].line, answer,
                     table[i].expect);
        assert_null(strstr(answer, "SUCCESS"));
        free(answer);
        assert_int_equal(e->m.st.domain->generation, g);
        assert_int_equal(stored_generation(e), g);
    }
    free(big);
    env_destroy(e);
}

static void test_roles(void **state)
{
    (void)state;
    struct env *e = env_create();
    uint64_t g = e->m.st.domain->generation;
    bool ok;
    char *a;

    /* Server only: no network, but assignment */
    a = run(e, 1u << METHOD_ROLE_SERVER, "add network N1", &ok);
    assert_false(ok);
    assert_string_equal(a, "ERROR: Operation not permitted for the current user's role (needs "
                           "Network)\n");
    free(a);
    assert_int_equal(stored_generation(e), g);
    a = run(e, 1u << METHOD_ROLE_SERVER, "assign profile Spare enc0:4", &ok);
    assert_true(ok);
    assert_string_equal(a, "SUCCESS: Profile Spare assigned to enc0:4\n");
    free(a);
    assert_int_equal(stored_generation(e), g + 1);

    /* the MAC cache is a domain setting: Domain role */
    struct env *d = env_create();
    uint64_t dg = d->m.st.domain->generation;
    a = run(d, (1u << METHOD_ROLE_NETWORK) | (1u << METHOD_ROLE_SERVER),
            "set mac-cache Enabled=false", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "(needs Domain)"));
    free(a);
    assert_int_equal(stored_generation(d), dg);
    assert_true(d->m.st.domain->mac_cache_enabled);
    a = run(d, 1u << METHOD_ROLE_DOMAIN, "set mac-cache Enabled=false Refresh=9", &ok);
    assert_true(ok);
    assert_string_equal(a, "SUCCESS: MAC cache failover settings changed\n");
    free(a);
    assert_int_equal(stored_generation(d), dg + 1);
    assert_false(d->m.st.domain->mac_cache_enabled);
    assert_int_equal(d->m.st.domain->mac_cache_refresh_s, 9);
    /* port protection too, its reset included */
    a = run(d, 1u << METHOD_ROLE_NETWORK, "set port-protect networkLoop=Disabled", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "(needs Domain)"));
    free(a);
    a = run(d, 1u << METHOD_ROLE_NETWORK, "reset port-protect", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "(needs Domain)"));
    free(a);
    assert_int_equal(stored_generation(d), dg + 1);
    assert_true(d->m.st.domain->port_protect_network_loop);
    a = run(d, 1u << METHOD_ROLE_DOMAIN, "set port-protect networkLoop=Disabled", &ok);
    assert_true(ok);
    assert_string_equal(a, "SUCCESS: Port protection settings changed\n");
    free(a);
    assert_int_equal(stored_generation(d), dg + 2);
    assert_false(d->m.st.domain->port_protect_network_loop);
    assert_true(d->m.st.domain->port_protect_pause_flood);
    env_destroy(d);

    /* importing an enclosure is the domain's: Domain role (the role is
     * checked before the enclosure is looked for) */
    a = run(e, 1u << METHOD_ROLE_SERVER | 1u << METHOD_ROLE_NETWORK, "import enclosure enc1", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "(needs Domain)"));
    free(a);

    /* read-only: show yes, change no */
    a = run(e, 0, "show profile Spare -output=script1", &ok);
    assert_true(ok);
    assert_non_null(strstr(a, "Device Bay=enc0:4\n"));
    free(a);
    a = run(e, 0, "unassign profile Spare", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "(needs Server)"));
    free(a);
    /* WWN ranges need Storage, MAC ranges Network */
    a = run(e, 1u << METHOD_ROLE_NETWORK, "add wwn-range Predefined=3", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "(needs Storage)"));
    free(a);
    a = run(e, 1u << METHOD_ROLE_STORAGE, "add mac-range Predefined=3", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "(needs Network)"));
    free(a);
    assert_int_equal(stored_generation(e), g + 1);
    a = run(e, 1u << METHOD_ROLE_STORAGE, "add wwn-range Predefined=3", &ok);
    assert_true(ok);
    free(a);
    assert_int_equal(stored_generation(e), g + 2);
    /* several commands: each answered; ok only when all succeed */
    a = run(e, 1u << METHOD_ROLE_NETWORK, "add network N1; add profile P9; show network N1", &ok);
    assert_false(ok);
    assert_non_null(strstr(a, "SUCCESS: Network N1 added\nERROR: Operation not permitted"));
    assert_non_null(strstr(a, "SUCCESS: 1 network\nName "));
    free(a);
    env_destroy(e);
}

struct audit_rows {
    unsigned n;
    char last_user[64], last_origin[64], last_command[128], last_result[256];
};

static int audit_row(void *arg, const struct store_audit_entry *entry)
{
    struct audit_rows *r = arg;

    r->n++;
    snprintf(r->last_user, sizeof(r->last_user), "%s", entry->user);
    snprintf(r->last_origin, sizeof(r->last_origin), "%s", entry->origin);
    snprintf(r->last_command, sizeof(r->last_command), "%s", entry->command);
    snprintf(r->last_result, sizeof(r->last_result), "%s", entry->result);
    return 0;
}

static void audit_rows(struct env *e, struct audit_rows *r)
{
    char err[256];
    memset(r, 0, sizeof(*r));
    assert_int_equal(store_audit_list(e->m.st.store, 0, audit_row, r, err, sizeof(err)), 0);
}

/* execute: cli.execute as a JSON-RPC client would call it. */
static int execute(struct env *e, const char *user, const char *line, json_t **result,
                   char *message)
{
    int code = 0;
    json_t *params =
        json_pack("{s:s, s:s, s:s}", "line", line, "user", user, "origin", "ssh 1.2.3.4");
    int rc = manager_method_CLI_EXECUTE(params, result, &code, message, &e->m);
    json_decref(params);
    return rc;
}

static void test_cli_execute_method(void **state)
{
    (void)state;
    struct env *e = env_create();
    char message[RPC_SERVER_MESSAGE_MAX] = "", err[256], generated[USERS_PASSWORD_MAX + 1];
    bool created = false;
    json_t *r = NULL;

    assert_int_equal(
        users_bootstrap(e->m.st.store, "Admin12345", &created, generated, err, sizeof(err)), 0);
    assert_true(created);
    /* Administrator: every role */
    assert_int_equal(
        execute(e, "Administrator",
                "add user viewer Password=Viewer123 Roles=\"\"; show user viewer -output=script1",
                &r, message),
        0);
    assert_true(json_is_true(json_object_get(r, "ok")));
    assert_non_null(
        strstr(json_string_value(json_object_get(r, "output")),
               "SUCCESS: User viewer added\nSUCCESS: 1 user\nUser Name=viewer\nRoles=<None>\n"));
    json_decref(r);
    /* a read-only user shows but does not change */
    assert_int_equal(execute(e, "viewer", "show network Prod101; add network X", &r, message), 0);
    assert_false(json_is_true(json_object_get(r, "ok")));
    const char *out = json_string_value(json_object_get(r, "output"));
    assert_non_null(strstr(out, "SUCCESS: 1 network\n"));
    assert_non_null(strstr(
        out, "ERROR: Operation not permitted for the current user's role (needs Network)\n"));
    json_decref(r);
    assert_null(domain_find_network(e->m.st.domain, "X"));
    /* unknown or disabled users run nothing */
    assert_int_equal(execute(e, "mallory", "show domain", &r, message), -1);
    assert_string_equal(message, "user mallory does not exist or is disabled");
    assert_int_equal(execute(e, "Administrator", "set user viewer Enabled=false", &r, message), 0);
    json_decref(r);
    assert_int_equal(execute(e, "viewer", "show domain", &r, message), -1);
    /* the password never reaches the audit trail */
    struct audit_rows rows;
    audit_rows(e, &rows);
    assert_string_equal(rows.last_command, "set user viewer Enabled=false");
    char line[256];
    snprintf(line, sizeof(line),
             "set user Administrator Password=NewPass123 FullName=\"The Admin\"");
    assert_int_equal(execute(e, "Administrator", line, &r, message), 0);
    assert_true(json_is_true(json_object_get(r, "ok")));
    json_decref(r);
    audit_rows(e, &rows);
    assert_string_equal(rows.last_user, "Administrator");
    assert_string_equal(rows.last_origin, "ssh 1.2.3.4");
    assert_string_equal(rows.last_command,
                        "set user Administrator password=******** fullname=\"The Admin\"");
    assert_null(strstr(rows.last_command, "NewPass123"));
    env_destroy(e);
}

static char *config_of(struct env *e);

/* SNMPv3 keys: masked in the audit trail, never shown, not in show config */
static void test_snmp_keys_hidden(void **state)
{
    (void)state;
    struct env *e = env_create();
    struct audit_rows rows;
    bool ok;
    char *answer;

    answer = run(e, ALL_ROLES, "add snmp-user ops AuthKey=AuthSecret1 PrivKey=PrivSecret2", &ok);
    assert_true(ok);
    free(answer);
    audit_rows(e, &rows);
    assert_string_equal(rows.last_command, "add snmp-user ops authkey=******** privkey=********");
    assert_string_equal(rows.last_result, "SUCCESS: SNMPv3 user ops added");
    /* a refused one too */
    answer = run(e, ALL_ROLES, "add snmp-user ops2 AuthKey=short PrivKey=PrivSecret2", &ok);
    assert_false(ok);
    free(answer);
    audit_rows(e, &rows);
    assert_string_equal(rows.last_command, "add snmp-user ops2 authkey=******** privkey=********");
    assert_non_null(strstr(rows.last_result, "ERROR: "));
    answer = run(e, ALL_ROLES, "add snmp-trap 10.1.1.1 User=ops", &ok);
    assert_true(ok);
    free(answer);
    answer = run(e, 0, "show snmp-user * -output=script2; show snmp", &ok);
    assert_true(ok);
    assert_null(strstr(answer, "AuthSecret1"));
    assert_null(strstr(answer, "PrivSecret2"));
    assert_non_null(strstr(answer, "ops;SHA;AES\n"));
    free(answer);
    char *config = config_of(e);
    assert_null(strstr(config, "AuthSecret1"));
    assert_null(strstr(config, "PrivSecret2"));
    assert_non_null(strstr(
        config, "\n# add snmp-user ops AuthKey=<key> PrivKey=<key> (keys are not shown)\n"
                "# add snmp-trap 10.1.1.1 Format=SNMPv3 User=ops (needs its SNMPv3 user)\n"));
    free(config);
    env_destroy(e);
}

static void test_audit(void **state)
{
    (void)state;
    struct env *e = env_create();
    struct cli_caller bill = {"bill", "ssh 10.0.0.5", 1u << METHOD_ROLE_NETWORK};
    struct cli_text out;
    struct audit_rows r;

    audit_rows(e, &r);
    unsigned before = r.n;
    cli_text_init(&out);
    /* a show is not audited; a change is one row (not one per method) */
    assert_true(
        cli_execute(&e->m, &bill, "show network *; add network Lab2 SmartLink=Enabled", &out));
    audit_rows(e, &r);
    assert_int_equal(r.n, before + 1);
    assert_string_equal(r.last_user, "bill");
    assert_string_equal(r.last_origin, "ssh 10.0.0.5");
    assert_string_equal(r.last_command, "add network Lab2 SmartLink=Enabled");
    assert_string_equal(r.last_result, "SUCCESS: Network Lab2 added");
    /* refusals too, with the error */
    assert_false(cli_execute(&e->m, &bill, "remove profile Web01", &out));
    audit_rows(e, &r);
    assert_int_equal(r.n, before + 2);
    assert_string_equal(r.last_command, "remove profile Web01");
    assert_string_equal(
        r.last_result, "ERROR: Operation not permitted for the current user's role (needs Server)");
    /* show audit lists them */
    cli_text_free(&out);
    cli_text_init(&out);
    assert_true(cli_execute(&e->m, &bill, "show audit Count=2 -output=script2,no-headers", &out));
    const char *text = cli_text_get(&out);
    assert_non_null(strstr(text, "SUCCESS: 2 audit entries\n"));
    assert_non_null(strstr(text, ";bill;ssh 10.0.0.5;add network Lab2 SmartLink=Enabled;SUCCESS: "
                                 "Network Lab2 added\n"));
    cli_text_free(&out);
    env_destroy(e);
}

/* config_of: the show config answer (caller frees). */
static char *config_of(struct env *e)
{
    bool ok = false;
    char *text = run(e, 0, "show config", &ok);
    if (!ok)
        fail_msg("show config: %s", text);
    return text;
}

/* new_domain: what vc-manager makes of a new store: the fixture's
 * enclosure and uplink ports, nothing configured, pre-defined MAC and WWN
 * range 0. */
static struct domain *new_domain(void)
{
    struct domain *d = fixture_domain();

    snprintf(d->name, sizeof(d->name), "new");
    d->n_networks = d->n_profiles = d->n_uplink_sets = 0;
    for (unsigned i = 0; i < d->n_uplink_ports; i++)
        d->uplink_ports[i].uplink_set[0] = '\0';
    for (unsigned b = 0; b < DOMAIN_BAYS; b++)
        d->enclosures[0].bays[b].profile[0] = '\0';
    d->aging_s = 300;
    return d;
}

static void test_config_round_trip(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    /* what the CLI cannot restore yet: UUIDs */
    domain_find_profile(d, "Web01")->uuid[0] = '\0';
    d->aging_s = 600;
    struct env *a = env_create_domain(d);
    bool ok;
    char *answer;

    /* more than the fixture has: a user MAC range, a serial range and pool
     * serials, another WWN range, a user-defined MAC, FC connections, a network
     * with every property */
    const char *const setup[] = {
        "add mac-range Start=0a:00:00:00:00:00 End=0a:00:00:00:00:ff",
        "add serial-range Start=VCX0000100 End=VCX0000199",
        "set domain SerialNumberType=VC-Defined",
        "set mac-cache Enabled=false Refresh=17",
        "add wwn-range Predefined=7",
        "add network Dev MaxSpeedType=Custom MaxSpeed=5000 PrefSpeedType=Custom PrefSpeed=1000 "
        "SmartLink=Enabled MacLimit=100 State=Disabled",
        "add profile New01",
        "add enet-connection New01 Network=Dev AddressType=User-Defined "
        "EthernetMAC=0a:00:00:00:01:00",
        "set enet-connection New01 1 SpeedType=Custom Speed=3000 PXE=Disabled",
        "add enet-connection Spare AddressType=Factory-Default Network=Lab",
        "assign profile New01 enc0:4",
        "add profile San01 -nodefaultenetconn",
        "add fc-connection San01 Fabric=SAN-A SanBoot=Enabled BootTarget=50:01:43:80:00:00:00:01 "
        "BootLun=3",
        "add fc-connection San01 AddressType=User-Defined WWPN=30:56:43:00:00:00:10:00",
        "set fc-connection San01 2 SpeedType=Custom Speed=4000",
        "set snmp Enabled=true ReadCommunity=public2 Contact=\"ops desk\" Location=\"Rack 4\"",
        "add snmp-access 10.0.0.0/8",
        "add snmp-access 192.168.1.0/24",
        "add snmp-trap 10.0.0.9:162 Community=traps Format=SNMPv1",
    };
    for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++) {
        answer = run(a, ALL_ROLES, setup[i], &ok);
        if (!ok)
            fail_msg("%s: %s", setup[i], answer);
        free(answer);
    }
    char *first = config_of(a);
    assert_non_null(strstr(first, "SUCCESS: configuration of domain demo\nset domain "
                                  "DomainName=demo MacType=VC-Defined WwnType=VC-Defined "
                                  "SerialNumberType=VC-Defined MacAging=600\n"
                                  "set mac-cache Enabled=false Refresh=17\n"));
    assert_non_null(strstr(first, "\nadd wwn-range Predefined=7\n"));
    assert_non_null(strstr(first, "\nadd enet-connection Web01 Network=Prod101 PXE=Enabled "
                                  "SpeedType=Custom Speed=2500 AddressType=VC-Defined "
                                  "EthernetMAC=02:56:43:00:00:00 iScsiMAC=02:56:43:00:00:01\n"));
    assert_non_null(strstr(first, "\nadd server-port-map Web01:3 Native VLanID=1 Untagged=true\n"));
    assert_non_null(strstr(first, "\nassign profile New01 enc0:4\n"));
    assert_non_null(strstr(first, "\nset snmp Enabled=true ReadCommunity=public2 "
                                  "Contact=\"ops desk\" Location=\"Rack 4\"\n"
                                  "add snmp-access 10.0.0.0/8\nadd snmp-access 192.168.1.0/24\n"
                                  "add snmp-trap 10.0.0.9:162 Format=SNMPv1 Community=traps\n"));

    /* replay on a new domain, line by line as a config file */
    struct env *b = env_create_domain(new_domain());
    char *copy = strdup(strchr(first, '\n') + 1), *save = NULL;
    unsigned lines = 0;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        answer = run(b, ALL_ROLES, line, &ok);
        if (!ok)
            fail_msg("replay \"%s\": %s", line, answer);
        free(answer);
        lines++;
    }
    free(copy);
    assert_true(lines > 30);
    char *second = config_of(b);
    if (strcmp(first, second) != 0)
        fail_msg("show config differs after replay:\n--- first\n%s--- second\n%s", first, second);
    /* the same addresses, serials and assignments */
    struct domain *x = a->m.st.domain, *y = b->m.st.domain;
    assert_int_equal(x->n_profiles, y->n_profiles);
    for (unsigned i = 0; i < x->n_profiles; i++) {
        assert_string_equal(x->profiles[i].name, y->profiles[i].name);
        assert_string_equal(x->profiles[i].serial, y->profiles[i].serial);
        assert_int_equal(x->profiles[i].bay, y->profiles[i].bay);
        assert_int_equal(x->profiles[i].n_enet, y->profiles[i].n_enet);
        for (unsigned c = 0; c < x->profiles[i].n_enet; c++) {
            assert_int_equal(x->profiles[i].enet[c].mac, y->profiles[i].enet[c].mac);
            assert_int_equal(x->profiles[i].enet[c].iscsi_mac, y->profiles[i].enet[c].iscsi_mac);
            assert_int_equal(x->profiles[i].enet[c].mac_source, y->profiles[i].enet[c].mac_source);
        }
        assert_int_equal(x->profiles[i].n_fc, y->profiles[i].n_fc);
        for (unsigned c = 0; c < x->profiles[i].n_fc; c++) {
            assert_int_equal(x->profiles[i].fc[c].wwpn, y->profiles[i].fc[c].wwpn);
            assert_int_equal(x->profiles[i].fc[c].wwnn, y->profiles[i].fc[c].wwnn);
            assert_int_equal(x->profiles[i].fc[c].fcoe, y->profiles[i].fc[c].fcoe);
        }
    }
    /* a new profile takes the same next address in both */
    answer = run(a, ALL_ROLES, "add profile Next01", &ok);
    free(answer);
    answer = run(b, ALL_ROLES, "add profile Next01", &ok);
    free(answer);
    assert_int_equal(domain_find_profile(a->m.st.domain, "Next01")->enet[0].mac,
                     domain_find_profile(b->m.st.domain, "Next01")->enet[0].mac);
    assert_string_equal(domain_find_profile(a->m.st.domain, "Next01")->serial,
                        domain_find_profile(b->m.st.domain, "Next01")->serial);
    free(first);
    free(second);
    env_destroy(a);
    env_destroy(b);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_bad_input_changes_nothing),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_audit),
        cmocka_unit_test(test_snmp_keys_hidden),
        cmocka_unit_test(test_cli_execute_method),
        cmocka_unit_test(test_config_round_trip),
    };
    golden_dir = argc > 1 ? argv[1] : "tests/unit/cli";
    log_init("test_cli_engine", true, LOG_LEVEL_WARN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
