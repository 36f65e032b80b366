/*
 * operations: the manager's changes to the domain, one transaction each
 * (mgmt/operations.h): copy, change, allocate, validate, rebuild the pools
 * from the copy, store durably, swap. The domain swapped out is kept as
 * the next change's copy (domain_copy_into: no 5 MB of fresh memory each). Why rebuild rather than
 * patch the pools: the pools are then by construction exactly what the committed domain holds
 * (store.h's rule), whatever the change released.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "mgmt/operations.h"
#include "profiles/pool.h"
#include "profiles/store.h"
#include "profiles/validate.h"

#define TXN_MAX_ALLOC (2 * DOMAIN_MAX_ENET + 2)

/* One change in progress: the copy and what was taken from the live pools. */
struct txn {
    struct manager_state *state;
    struct domain *copy;
    struct {
        struct pool *pool;
        uint64_t address;
    } taken[TXN_MAX_ALLOC];
    unsigned n_taken;
};

/* txn_begin: copy the committed domain into txn. -ENOMEM. */
static int txn_begin(struct manager_state *state, struct txn *txn, char *error, size_t error_size)
{
    memset(txn, 0, sizeof(*txn));
    txn->state = state;
    if (state->spare != NULL) {
        txn->copy = state->spare;
        state->spare = NULL;
        domain_copy_into(txn->copy, state->domain);
    } else {
        txn->copy = domain_clone(state->domain);
    }
    if (txn->copy == NULL) {
        snprintf(error, error_size, "out of memory");
        return -ENOMEM;
    }
    return 0;
}

/* txn_abort: give back every address taken, drop the copy; returns rc. */
static int txn_abort(struct txn *txn, int rc)
{
    for (unsigned i = 0; i < txn->n_taken; i++)
        pool_release(txn->taken[i].pool, txn->taken[i].address, NULL, 0);
    txn->n_taken = 0;
    domain_destroy(txn->state->spare);
    txn->state->spare = txn->copy;
    txn->copy = NULL;
    return rc;
}

/* txn_alloc: one address (pair: two, *address the first) from `pool`,
 * remembered for txn_abort. -ENOSPC with the pool's message. */
static int txn_alloc(struct txn *txn, struct pool *pool, bool pair, uint64_t *address, char *error,
                     size_t error_size)
{
    char reason[256] = "";
    int rc;

    if (txn->n_taken + 2 > TXN_MAX_ALLOC) {
        snprintf(error, error_size, "too many addresses in one change");
        return -ENOSPC;
    }
    rc = pair ? pool_alloc_pair(pool, address, reason, sizeof(reason))
              : pool_alloc(pool, address, reason, sizeof(reason));
    if (rc < 0) {
        snprintf(error, error_size, "%s pool: %s", pool_kind_name(pool_kind(pool)), reason);
        return rc;
    }
    txn->taken[txn->n_taken].pool = pool;
    txn->taken[txn->n_taken++].address = *address;
    if (pair) {
        txn->taken[txn->n_taken].pool = pool;
        txn->taken[txn->n_taken++].address = *address + 1;
    }
    return 0;
}

/* pools_build: fresh MAC, WWN and serial pools holding what `domain` holds
 * (its ranges, and every address its profiles use). On failure (-ENOMEM,
 * or store_rebuild_pools's error) nothing is left allocated. */
static int pools_build(const struct domain *domain, struct pool **mac, struct pool **wwn,
                       struct pool **serial, char *error, size_t error_size)
{
    int rc = -ENOMEM;

    *mac = pool_create(POOL_KIND_MAC);
    *wwn = pool_create(POOL_KIND_WWN);
    *serial = pool_create(POOL_KIND_SERIAL);
    if (*mac == NULL || *wwn == NULL || *serial == NULL)
        snprintf(error, error_size, "out of memory");
    else
        rc = store_rebuild_pools(domain, *mac, *wwn, *serial, error, error_size);
    if (rc < 0) {
        pool_destroy(*mac);
        pool_destroy(*wwn);
        pool_destroy(*serial);
        *mac = *wwn = *serial = NULL;
        return rc;
    }
    return 0;
}

/* txn_commit: validate the copy, rebuild pools from it, bump the
 * generation, store it, swap it in. On failure everything is undone and
 * the error returned. */
static int txn_commit(struct txn *txn, char *error, size_t error_size)
{
    struct manager_state *state = txn->state;
    struct pool *mac, *wwn, *serial;
    int rc;

    rc = validate_domain(txn->copy, error, error_size);
    if (rc < 0)
        return txn_abort(txn, rc);
    rc = pools_build(txn->copy, &mac, &wwn, &serial, error, error_size);
    if (rc < 0)
        return txn_abort(txn, rc);
    txn->copy->generation = state->domain->generation + 1;
    rc = store_save(state->store, txn->copy, error, error_size);
    if (rc < 0) {
        pool_destroy(mac);
        pool_destroy(wwn);
        pool_destroy(serial);
        return txn_abort(txn, rc);
    }
    domain_destroy(state->spare);
    state->spare = state->domain;
    pool_destroy(state->mac);
    pool_destroy(state->wwn);
    pool_destroy(state->serial);
    state->domain = txn->copy;
    state->mac = mac;
    state->wwn = wwn;
    state->serial = serial;
    txn->copy = NULL;
    return 0;
}

/* copy_name: copy `src` into dst/size; -EINVAL (message about `kind`) when
 * NULL or too long. */
static int copy_name(char *dst, size_t size, const char *kind, const char *src, char *error,
                     size_t error_size)
{
    if (src == NULL || strlen(src) >= size) {
        snprintf(error, error_size, "%s name is missing or longer than %zu characters", kind,
                 size - 1);
        return -EINVAL;
    }
    memcpy(dst, src, strlen(src) + 1);
    return 0;
}

int ops_state_init(struct manager_state *state, struct domain *domain, struct store *store,
                   char *error, size_t error_size)
{
    int rc = pools_build(domain, &state->mac, &state->wwn, &state->serial, error, error_size);
    if (rc < 0)
        return rc;
    state->domain = domain;
    state->spare = NULL;
    state->store = store;
    return 0;
}

void ops_state_free(struct manager_state *state)
{
    domain_destroy(state->domain);
    domain_destroy(state->spare);
    pool_destroy(state->mac);
    pool_destroy(state->wwn);
    pool_destroy(state->serial);
    state->domain = state->spare = NULL;
    state->mac = state->wwn = state->serial = NULL;
}

/* check_new: may a new object `kind` named `name` be added? The name is
 * valid (-EINVAL), not taken (`exists`: -EEXIST) and the domain holds fewer
 * than `limit` of the kind (`count`: -ENOSPC); `plural` names the kind in
 * the message. Returns 0 when it may. */
static int check_new(const char *kind, const char *plural, const char *name, bool exists,
                     unsigned count, unsigned limit, char *error, size_t error_size)
{
    if (validate_name(kind, name, error, error_size) < 0)
        return -EINVAL;
    if (exists) {
        snprintf(error, error_size, "%s %s already exists", kind, name);
        return -EEXIST;
    }
    if (count >= limit) {
        snprintf(error, error_size, "%s %s: the domain already has %u %s", kind, name, limit,
                 plural);
        return -ENOSPC;
    }
    return 0;
}

/* ------------------------------------------------------------ networks */

int ops_network_add(struct manager_state *state, const struct domain_network *network, char *error,
                    size_t error_size)
{
    struct txn txn;
    int rc;

    if (network == NULL)
        return -EINVAL;
    rc = check_new("network", "networks", network->name,
                   domain_find_network(state->domain, network->name) != NULL,
                   state->domain->n_networks, DOMAIN_MAX_NETWORKS, error, error_size);
    if (rc < 0)
        return rc;
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    unsigned number = domain_next_network_number(txn.copy);
    txn.copy->networks[txn.copy->n_networks] = *network;
    txn.copy->networks[txn.copy->n_networks++].number = number;
    return txn_commit(&txn, error, error_size);
}

int ops_network_set(struct manager_state *state, const struct domain_network *network, char *error,
                    size_t error_size)
{
    struct txn txn;
    int rc;

    if (network == NULL || domain_find_network(state->domain, network->name) == NULL) {
        snprintf(error, error_size, "network %s does not exist", network ? network->name : "");
        return -ENOENT;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    struct domain_network *target = domain_find_network(txn.copy, network->name);
    unsigned number = target->number; /* not the caller's to change */
    *target = *network;
    target->number = number;
    return txn_commit(&txn, error, error_size);
}

int ops_network_remove(struct manager_state *state, const char *name, char *error,
                       size_t error_size)
{
    struct txn txn;
    struct domain_network *network;
    int rc;

    if (domain_find_network(state->domain, name) == NULL) {
        snprintf(error, error_size, "network %s does not exist", name ? name : "");
        return -ENOENT;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    network = domain_find_network(txn.copy, name);
    size_t i = (size_t)(network - txn.copy->networks);
    memmove(network, network + 1, (txn.copy->n_networks - i - 1) * sizeof(*network));
    txn.copy->n_networks--;
    return txn_commit(&txn, error, error_size);
}

/* --------------------------------------------------------------- uplinks */

int ops_uplinkset_add(struct manager_state *state, const char *name, enum domain_uplink_mode mode,
                      char *error, size_t error_size)
{
    struct txn txn;
    int rc;

    rc = check_new("uplinkset", "uplink sets", name,
                   domain_find_uplink_set(state->domain, name) != NULL,
                   state->domain->n_uplink_sets, DOMAIN_MAX_UPLINK_SETS, error, error_size);
    if (rc < 0)
        return rc;
    if (mode != DOMAIN_UPLINK_FAILOVER && mode != DOMAIN_UPLINK_AUTO) {
        snprintf(error, error_size, "uplinkset %s: ConnectionMode must be Failover or Auto", name);
        return -EINVAL;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    struct domain_uplink_set *set = &txn.copy->uplink_sets[txn.copy->n_uplink_sets++];
    memset(set, 0, sizeof(*set));
    snprintf(set->name, sizeof(set->name), "%s", name);
    set->mode = mode;
    return txn_commit(&txn, error, error_size);
}

int ops_uplinkset_remove(struct manager_state *state, const char *name, char *error,
                         size_t error_size)
{
    struct txn txn;
    int rc;

    if (domain_find_uplink_set(state->domain, name) == NULL) {
        snprintf(error, error_size, "uplinkset %s does not exist", name ? name : "");
        return -ENOENT;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    struct domain *d = txn.copy;
    struct domain_uplink_set *set = domain_find_uplink_set(d, name);
    size_t i = (size_t)(set - d->uplink_sets);
    memmove(set, set + 1, (d->n_uplink_sets - i - 1) * sizeof(*set));
    d->n_uplink_sets--;
    for (unsigned p = 0; p < d->n_uplink_ports; p++)
        if (strcmp(d->uplink_ports[p].uplink_set, name) == 0)
            d->uplink_ports[p].uplink_set[0] = '\0';
    return txn_commit(&txn, error, error_size);
}

/* find_port: uplink port by id ("enc0:1:X1") or by port name ("X1"). */
static struct domain_uplink_port *find_port(struct domain *domain, const char *port)
{
    struct domain_uplink_port *found = domain_find_uplink_port(domain, port);

    for (unsigned i = 0; found == NULL && port != NULL && i < domain->n_uplink_ports; i++)
        if (strcmp(domain->uplink_ports[i].port, port) == 0)
            found = &domain->uplink_ports[i];
    return found;
}

int ops_uplinkport_add(struct manager_state *state, const char *port, const char *set, char *error,
                       size_t error_size)
{
    struct domain_uplink_port *p = find_port(state->domain, port);
    struct txn txn;
    int rc;

    if (p == NULL) {
        snprintf(error, error_size, "uplinkport %s does not exist", port ? port : "");
        return -ENOENT;
    }
    if (domain_find_uplink_set(state->domain, set) == NULL) {
        snprintf(error, error_size, "uplinkset %s does not exist", set ? set : "");
        return -ENOENT;
    }
    if (p->uplink_set[0] != '\0' && strcmp(p->uplink_set, set) != 0) {
        snprintf(error, error_size, "uplinkport %s is already in uplinkset %s", p->id,
                 p->uplink_set);
        return -EBUSY;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    p = find_port(txn.copy, port);
    snprintf(p->uplink_set, sizeof(p->uplink_set), "%s", set);
    return txn_commit(&txn, error, error_size);
}

int ops_uplinkport_remove(struct manager_state *state, const char *port, char *error,
                          size_t error_size)
{
    struct domain_uplink_port *p = find_port(state->domain, port);
    struct txn txn;
    int rc;

    if (p == NULL) {
        snprintf(error, error_size, "uplinkport %s does not exist", port ? port : "");
        return -ENOENT;
    }
    if (p->uplink_set[0] == '\0') {
        snprintf(error, error_size, "uplinkport %s is in no uplink set", p->id);
        return -EINVAL;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    find_port(txn.copy, port)->uplink_set[0] = '\0';
    return txn_commit(&txn, error, error_size);
}

/* ------------------------------------------------------------- profiles */

/* txn_claim: take the given `address` of `pool` (Free in a range, or
 * outside every range: External), remembered for txn_abort. -EBUSY when
 * another holds it, -EINVAL, -EPERM (excluded), with the pool's message. */
static int txn_claim(struct txn *txn, struct pool *pool, uint64_t address, char *error,
                     size_t error_size)
{
    char reason[256] = "", text[POOL_ADDRESS_STR_MAX] = "";
    int rc;

    if (txn->n_taken + 1 > TXN_MAX_ALLOC) {
        snprintf(error, error_size, "too many addresses in one change");
        return -ENOSPC;
    }
    rc = pool_claim(pool, address, reason, sizeof(reason));
    if (rc < 0) {
        pool_format_address(pool_kind(pool), address, text, sizeof(text));
        snprintf(error, error_size, "%s %s: %s", pool_kind_name(pool_kind(pool)), text, reason);
        return rc;
    }
    txn->taken[txn->n_taken].pool = pool;
    txn->taken[txn->n_taken++].address = address;
    return 0;
}

/* enet_address: one MAC of a connection: given (non-zero) ones claimed,
 * else one allocated from the pool when `allocate`. */
static int enet_address(struct txn *txn, uint64_t *mac, bool allocate, char *error,
                        size_t error_size)
{
    if (*mac != 0)
        return txn_claim(txn, txn->state->mac, *mac, error, error_size);
    return allocate ? txn_alloc(txn, txn->state->mac, false, mac, error, error_size) : 0;
}

/* enet_init: connection `index` from *request (network, PXE, speed type and
 * speed, MAC source and MACs, as ops_enet_add_connection). -ENOSPC,
 * -EINVAL, -EBUSY. */
static int enet_init(struct txn *txn, struct domain_enet_connection *c, unsigned index,
                     const struct domain_enet_connection *request, char *error, size_t error_size)
{
    int rc;

    memset(c, 0, sizeof(*c));
    c->index = index;
    if (copy_name(c->network, sizeof(c->network), "network", request->network, error, error_size) <
        0)
        return -EINVAL;
    c->speed_type = request->speed_type;
    c->speed_mbps = request->speed_mbps;
    c->pxe = request->pxe;
    c->mac_source = request->mac_source;
    c->mac = request->mac;
    c->iscsi_mac = request->iscsi_mac;
    switch (c->mac_source) {
    case DOMAIN_ADDRESS_FACTORY:
        if (c->mac != 0 || c->iscsi_mac != 0) {
            snprintf(error, error_size, "connection %u: factory MACs cannot be given", index);
            return -EINVAL;
        }
        return 0;
    case DOMAIN_ADDRESS_USER:
        if (c->mac == 0) {
            snprintf(error, error_size, "connection %u: a user-defined MAC must be given", index);
            return -EINVAL;
        }
        /* fall through */
    case DOMAIN_ADDRESS_POOL:
        rc = enet_address(txn, &c->mac, c->mac_source == DOMAIN_ADDRESS_POOL, error, error_size);
        if (rc == 0)
            rc = enet_address(txn, &c->iscsi_mac, c->mac_source == DOMAIN_ADDRESS_POOL, error,
                              error_size);
        return rc;
    }
    snprintf(error, error_size, "connection %u: unknown MAC source", index);
    return -EINVAL;
}

/* enet_default: what a new connection on `network` is: Preferred, PXE
 * UseBIOS, MACs from the pool or the factory as the domain says. */
static void enet_default(const struct domain *d, const char *network,
                         struct domain_enet_connection *request)
{
    memset(request, 0, sizeof(*request));
    snprintf(request->network, sizeof(request->network), "%s", network ? network : "");
    request->speed_type = DOMAIN_SPEED_PREFERRED;
    request->pxe = DOMAIN_PXE_USE_BIOS;
    request->mac_source =
        d->pools.mac_source == DOMAIN_ADDRESS_POOL ? DOMAIN_ADDRESS_POOL : DOMAIN_ADDRESS_FACTORY;
}

int ops_profile_add(struct manager_state *state, const char *name, unsigned n_enet,
                    const char *const *networks, char *error, size_t error_size)
{
    return ops_profile_add_identity(state, name, n_enet, networks, NULL, NULL, error, error_size);
}

static int openssl_random_bytes(unsigned char *bytes, size_t n)
{
    return RAND_bytes(bytes, (int)n) == 1 ? 0 : -1;
}

/* uuid_new: a random (version 4, RFC 4122 variant) UUID for a profile of
 * d, lower-case 8-4-4-4-12, none of d's profiles has. -EIO when there are
 * no random bytes. */
static int uuid_new(const struct manager_state *state, const struct domain *d, char *uuid,
                    char *error, size_t error_size)
{
    int (*random_bytes)(unsigned char *, size_t) =
        state->random_bytes ? state->random_bytes : openssl_random_bytes;

    for (unsigned attempt = 0; attempt < 8; attempt++) {
        unsigned char b[16];
        if (random_bytes(b, sizeof(b)) < 0) {
            snprintf(error, error_size, "no random bytes for the profile's UUID");
            return -EIO;
        }
        b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
        b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
        snprintf(uuid, DOMAIN_UUID_MAX,
                 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                 b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                 b[15]);
        bool taken = false;
        for (unsigned i = 0; i < d->n_profiles; i++)
            if (strcmp(d->profiles[i].uuid, uuid) == 0 && &d->profiles[i].uuid[0] != uuid)
                taken = true;
        if (!taken)
            return 0;
    }
    snprintf(error, error_size, "no unused UUID from the random source");
    return -EIO;
}

int ops_profile_add_identity(struct manager_state *state, const char *name, unsigned n_enet,
                             const char *const *networks, const char *serial, const char *uuid,
                             char *error, size_t error_size)
{
    struct txn txn;
    int rc;

    rc = check_new("profile", "profiles", name, domain_find_profile(state->domain, name) != NULL,
                   state->domain->n_profiles, DOMAIN_MAX_PROFILES, error, error_size);
    if (rc < 0)
        return rc;
    if (n_enet > DOMAIN_MAX_ENET) {
        snprintf(error, error_size, "profile %s: at most %d Ethernet connections", name,
                 DOMAIN_MAX_ENET);
        return -EINVAL;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    unsigned profile_number = domain_next_profile_number(txn.copy);
    struct domain_profile *p = &txn.copy->profiles[txn.copy->n_profiles++];
    memset(p, 0, sizeof(*p));
    p->number = profile_number;
    snprintf(p->name, sizeof(p->name), "%s", name);
    for (unsigned i = 0; i < n_enet; i++) {
        struct domain_enet_connection request;
        enet_default(txn.copy, networks != NULL ? networks[i] : NULL, &request);
        rc = enet_init(&txn, &p->enet[i], i + 1, &request, error, error_size);
        if (rc < 0)
            return txn_abort(&txn, rc);
        p->n_enet++;
    }
    uint64_t number;
    if (serial != NULL) {
        if (copy_name(p->serial, sizeof(p->serial), "serial number", serial, error, error_size) < 0)
            return txn_abort(&txn, -EINVAL);
        /* a serial of the pool's form is the pool's (External outside its ranges) */
        if (pool_parse_address(POOL_KIND_SERIAL, serial, &number) == 0 &&
            (rc = txn_claim(&txn, state->serial, number, error, error_size)) < 0)
            return txn_abort(&txn, rc);
    } else if (txn.copy->pools.serial_source == DOMAIN_ADDRESS_POOL) {
        rc = txn_alloc(&txn, state->serial, false, &number, error, error_size);
        if (rc < 0)
            return txn_abort(&txn, rc);
        pool_format_address(POOL_KIND_SERIAL, number, p->serial, sizeof(p->serial));
    }
    if (uuid != NULL) {
        if (copy_name(p->uuid, sizeof(p->uuid), "UUID", uuid, error, error_size) < 0)
            return txn_abort(&txn, -EINVAL);
    } else if (p->serial[0] != '\0' &&
               (rc = uuid_new(state, txn.copy, p->uuid, error, error_size)) < 0) {
        return txn_abort(&txn, rc);
    }
    return txn_commit(&txn, error, error_size);
}

/* find_profile_or_fail: the profile of the committed domain, or NULL with
 * the message set. */
static struct domain_profile *find_profile_or_fail(struct manager_state *state, const char *name,
                                                   char *error, size_t error_size)
{
    struct domain_profile *p = domain_find_profile(state->domain, name);

    if (p == NULL)
        snprintf(error, error_size, "profile %s does not exist", name ? name : "");
    return p;
}

/* enclosure_id_valid: `id` is one of enc0..enc3; false (and why) if not. */
static bool enclosure_id_valid(const char *id, char *error, size_t error_size)
{
    if (id != NULL && strlen(id) == 4 && strncmp(id, "enc", 3) == 0 && id[3] >= '0' &&
        id[3] < '0' + DOMAIN_MAX_ENCLOSURES)
        return true;
    snprintf(error, error_size, "enclosure %.16s does not exist: enclosures are enc0 to enc%d",
             id ? id : "", DOMAIN_MAX_ENCLOSURES - 1);
    return false;
}

struct domain_bay *ops_find_bay(struct domain *domain, const char *enclosure, unsigned bay,
                                char *error, size_t error_size)
{
    char known[128] = "";
    const struct domain_enclosure *found = NULL;

    if (!enclosure_id_valid(enclosure, error, error_size))
        return NULL;
    for (unsigned e = 0; e < domain->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++) {
        size_t used = strlen(known);
        snprintf(known + used, sizeof(known) - used, "%s%s%s", used ? ", " : "",
                 domain->enclosures[e].id, domain->enclosures[e].imported ? "" : " (not imported)");
        if (strcmp(domain->enclosures[e].id, enclosure) == 0)
            found = &domain->enclosures[e];
    }
    if (found == NULL) {
        snprintf(error, error_size, "enclosure %s is not in the domain (its enclosures: %s)",
                 enclosure, known);
        return NULL;
    }
    if (!found->imported) {
        snprintf(error, error_size,
                 "enclosure %s is not imported: import enclosure %s first (Domain role)", enclosure,
                 enclosure);
        return NULL;
    }
    if (bay < 1 || bay > DOMAIN_BAYS) {
        snprintf(error, error_size, "server %s:%u does not exist: bays are %s:1 to %s:%d",
                 enclosure, bay, enclosure, enclosure, DOMAIN_BAYS);
        return NULL;
    }
    return domain_find_bay(domain, enclosure, bay);
}

int ops_enclosure_import(struct manager_state *state, const char *id, char *error,
                         size_t error_size)
{
    struct domain *d = state->domain;
    struct domain_enclosure *enclosure = NULL;
    char known[64] = "";
    struct txn txn;
    int rc;

    if (!enclosure_id_valid(id, error, error_size))
        return -ENOENT;
    for (unsigned e = 0; e < d->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++) {
        size_t used = strlen(known);
        snprintf(known + used, sizeof(known) - used, "%s%s", used ? ", " : "", d->enclosures[e].id);
        if (strcmp(d->enclosures[e].id, id) == 0)
            enclosure = &d->enclosures[e];
    }
    if (enclosure == NULL) {
        snprintf(error, error_size,
                 "enclosure %s is not in the wiring: the OA sees %s (the wiring file lists "
                 "what can be imported)",
                 id, known);
        return -ENOENT;
    }
    if (enclosure->imported) {
        snprintf(error, error_size, "enclosure %s is imported already", id);
        return -EEXIST;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    for (unsigned e = 0; e < txn.copy->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++)
        if (strcmp(txn.copy->enclosures[e].id, id) == 0)
            txn.copy->enclosures[e].imported = true;
    return txn_commit(&txn, error, error_size);
}

/* unassign: clear the assignment of profile p in domain d (both sides). */
static void unassign(struct domain *d, struct domain_profile *p)
{
    struct domain_bay *bay = domain_find_bay(d, p->enclosure, p->bay);

    if (bay != NULL && strcmp(bay->profile, p->name) == 0)
        bay->profile[0] = '\0';
    p->enclosure[0] = '\0';
    p->bay = 0;
}

int ops_profile_remove(struct manager_state *state, const char *name, char *error,
                       size_t error_size)
{
    struct txn txn;
    int rc;

    if (find_profile_or_fail(state, name, error, error_size) == NULL)
        return -ENOENT;
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    struct domain *d = txn.copy;
    struct domain_profile *p = domain_find_profile(d, name);
    unassign(d, p);
    size_t i = (size_t)(p - d->profiles);
    memmove(p, p + 1, (d->n_profiles - i - 1) * sizeof(*p));
    d->n_profiles--;
    return txn_commit(&txn, error, error_size);
}

int ops_enet_add(struct manager_state *state, const char *profile, const char *network,
                 unsigned *index, char *error, size_t error_size)
{
    struct domain_enet_connection request;

    enet_default(state->domain, network, &request);
    return ops_enet_add_connection(state, profile, &request, index, error, error_size);
}

int ops_enet_add_connection(struct manager_state *state, const char *profile,
                            const struct domain_enet_connection *request, unsigned *index,
                            char *error, size_t error_size)
{
    struct domain_profile *p = find_profile_or_fail(state, profile, error, error_size);
    struct txn txn;
    int rc;

    if (p == NULL)
        return -ENOENT;
    if (p->n_enet >= DOMAIN_MAX_ENET) {
        snprintf(error, error_size, "profile %s already has %d Ethernet connections", profile,
                 DOMAIN_MAX_ENET);
        return -ENOSPC;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    p = domain_find_profile(txn.copy, profile);
    rc = enet_init(&txn, &p->enet[p->n_enet], p->n_enet + 1, request, error, error_size);
    if (rc < 0)
        return txn_abort(&txn, rc);
    p->n_enet++;
    if (index != NULL)
        *index = p->n_enet;
    return txn_commit(&txn, error, error_size);
}

int ops_enet_set(struct manager_state *state, const char *profile,
                 const struct domain_enet_connection *connection, char *error, size_t error_size)
{
    struct domain_profile *p = find_profile_or_fail(state, profile, error, error_size);
    struct txn txn;
    int rc;

    if (p == NULL)
        return -ENOENT;
    if (connection == NULL || connection->index < 1 || connection->index > p->n_enet) {
        snprintf(error, error_size, "profile %s has no connection %u", profile,
                 connection ? connection->index : 0);
        return -ENOENT;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    struct domain_enet_connection *c =
        &domain_find_profile(txn.copy, profile)->enet[connection->index - 1];
    memcpy(c->network, connection->network, sizeof(c->network));
    c->network[sizeof(c->network) - 1] = '\0';
    c->pxe = connection->pxe;
    c->speed_type = connection->speed_type;
    c->speed_mbps = connection->speed_mbps;
    return txn_commit(&txn, error, error_size);
}

int ops_enet_remove(struct manager_state *state, const char *profile, char *error,
                    size_t error_size)
{
    struct domain_profile *p = find_profile_or_fail(state, profile, error, error_size);
    struct txn txn;
    int rc;

    if (p == NULL)
        return -ENOENT;
    if (p->n_enet == 0) {
        snprintf(error, error_size, "profile %s has no Ethernet connection", profile);
        return -EINVAL;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    domain_find_profile(txn.copy, profile)->n_enet--;
    return txn_commit(&txn, error, error_size);
}

/* find_enet_or_fail: connection `index` of profile `profile` in `domain`,
 * or NULL with the message set. */
static struct domain_enet_connection *find_enet_or_fail(struct domain *domain, const char *profile,
                                                        unsigned index, char *error,
                                                        size_t error_size)
{
    struct domain_profile *p = domain_find_profile(domain, profile);

    if (p == NULL) {
        snprintf(error, error_size, "profile %s does not exist", profile ? profile : "");
        return NULL;
    }
    if (index < 1 || index > p->n_enet) {
        snprintf(error, error_size, "profile %s has no Ethernet connection %u", profile, index);
        return NULL;
    }
    return &p->enet[index - 1];
}

int ops_port_map_add(struct manager_state *state, const char *profile, unsigned index,
                     const struct domain_port_map_entry *entry, char *error, size_t error_size)
{
    struct domain_enet_connection *c =
        find_enet_or_fail(state->domain, profile, index, error, error_size);
    struct txn txn;
    char message[64];
    int rc;

    if (c == NULL)
        return -ENOENT;
    if (entry == NULL || validate_vlan(entry->vlan, message, sizeof(message)) < 0) {
        snprintf(error, error_size, "profile %s: connection %u: server-port-map: %s", profile,
                 index, entry ? message : "no entry");
        return -EINVAL;
    }
    if (c->n_port_map >= DOMAIN_MAX_PORT_MAP) {
        snprintf(error, error_size,
                 "profile %s: connection %u already maps %d networks (server-port-map)", profile,
                 index, DOMAIN_MAX_PORT_MAP);
        return -ENOSPC;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    c = find_enet_or_fail(txn.copy, profile, index, error, error_size);
    struct domain_port_map_entry *e = &c->port_map[c->n_port_map++];
    memset(e, 0, sizeof(*e));
    if (copy_name(e->network, sizeof(e->network), "network", entry->network, error, error_size) < 0)
        return txn_abort(&txn, -EINVAL);
    e->vlan = entry->vlan;
    e->untagged = entry->untagged;
    return txn_commit(&txn, error, error_size);
}

int ops_port_map_remove(struct manager_state *state, const char *profile, unsigned index,
                        const char *network, char *error, size_t error_size)
{
    struct domain_enet_connection *c =
        find_enet_or_fail(state->domain, profile, index, error, error_size);
    struct txn txn;
    unsigned m;
    int rc;

    if (c == NULL)
        return -ENOENT;
    for (m = 0; network != NULL && m < c->n_port_map; m++)
        if (strcmp(c->port_map[m].network, network) == 0)
            break;
    if (network == NULL || m == c->n_port_map) {
        snprintf(error, error_size, "profile %s: connection %u does not map network %s", profile,
                 index, network ? network : "");
        return -ENOENT;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    c = find_enet_or_fail(txn.copy, profile, index, error, error_size);
    memmove(&c->port_map[m], &c->port_map[m + 1], (c->n_port_map - m - 1) * sizeof(c->port_map[0]));
    c->n_port_map--;
    return txn_commit(&txn, error, error_size);
}

/* fc_kind: the CLI's name of a connection kind. */
static const char *fc_kind(bool fcoe)
{
    return fcoe ? "fcoe-connection" : "fc-connection";
}

/* fc_settings: copy what a user sets of an FC/FCoE connection from `from`
 * into c (fabric, speed, boot). -EINVAL (fabric too long, boot without a
 * target). */
static int fc_settings(struct domain_fc_connection *c, const struct domain_fc_connection *from,
                       const char *profile, char *error, size_t error_size)
{
    if (memchr(from->fabric, '\0', sizeof(from->fabric)) == NULL) {
        snprintf(error, error_size, "profile %s: %s: Fabric is longer than %d characters", profile,
                 fc_kind(from->fcoe), DOMAIN_NAME_MAX - 1);
        return -EINVAL;
    }
    if (from->boot_enabled && from->boot_target_wwpn == 0) {
        snprintf(error, error_size,
                 "profile %s: %s %u: SAN boot needs a boot target (its port WWN) and LUN", profile,
                 fc_kind(from->fcoe), c->index);
        return -EINVAL;
    }
    memcpy(c->fabric, from->fabric, sizeof(c->fabric));
    c->speed_type = from->speed_type;
    c->speed_mbps = from->speed_mbps;
    c->boot_enabled = from->boot_enabled;
    c->boot_target_wwpn = from->boot_enabled ? from->boot_target_wwpn : 0;
    c->boot_lun = from->boot_enabled ? from->boot_lun : 0;
    return 0;
}

/* fc_addresses: the WWPN/WWNN of FC connection c by request->wwn_source:
 * FACTORY none, POOL the given pair claimed or a pair allocated, USER the
 * given pair (required) claimed. WWNN 0 = WWPN + 1. */
static int fc_addresses(struct txn *txn, struct domain_fc_connection *c,
                        const struct domain_fc_connection *request, char *error, size_t error_size)
{
    int rc;

    c->wwn_source = request->wwn_source;
    c->wwpn = request->wwpn;
    c->wwnn = request->wwnn ? request->wwnn : request->wwpn ? request->wwpn + 1 : 0;
    switch (c->wwn_source) {
    case DOMAIN_ADDRESS_FACTORY:
        if (c->wwpn == 0)
            return 0;
        snprintf(error, error_size, "connection %u: factory WWNs cannot be given", c->index);
        return -EINVAL;
    case DOMAIN_ADDRESS_POOL:
        if (c->wwpn == 0) {
            rc = txn_alloc(txn, txn->state->wwn, true, &c->wwpn, error, error_size);
            c->wwnn = c->wwpn + 1;
            return rc;
        }
        /* fall through */
    case DOMAIN_ADDRESS_USER:
        if (c->wwpn == 0) {
            snprintf(error, error_size, "connection %u: a user-defined WWN must be given",
                     c->index);
            return -EINVAL;
        }
        rc = txn_claim(txn, txn->state->wwn, c->wwpn, error, error_size);
        return rc < 0 ? rc : txn_claim(txn, txn->state->wwn, c->wwnn, error, error_size);
    }
    snprintf(error, error_size, "connection %u: unknown WWN source", c->index);
    return -EINVAL;
}

int ops_fc_add(struct manager_state *state, const char *profile,
               const struct domain_fc_connection *connection, unsigned *index, char *error,
               size_t error_size)
{
    struct domain_fc_connection request;

    if (connection == NULL)
        return -EINVAL;
    request = *connection;
    request.wwn_source = state->domain->pools.wwn_source == DOMAIN_ADDRESS_POOL
                             ? DOMAIN_ADDRESS_POOL
                             : DOMAIN_ADDRESS_FACTORY;
    request.wwpn = request.wwnn = 0;
    return ops_fc_add_connection(state, profile, &request, index, error, error_size);
}

int ops_fc_add_connection(struct manager_state *state, const char *profile,
                          const struct domain_fc_connection *connection, unsigned *index,
                          char *error, size_t error_size)
{
    struct domain_profile *p = find_profile_or_fail(state, profile, error, error_size);
    struct txn txn;
    int rc;

    if (p == NULL)
        return -ENOENT;
    if (connection == NULL)
        return -EINVAL;
    if (p->n_fc >= DOMAIN_MAX_FC) {
        snprintf(error, error_size, "profile %s already has %d FC/FCoE connections", profile,
                 DOMAIN_MAX_FC);
        return -ENOSPC;
    }
    if (p->n_fc > 0 && p->fc[0].fcoe != connection->fcoe) {
        snprintf(error, error_size,
                 "profile %s has %ss; FC and FCoE connections do not mix in one profile", profile,
                 fc_kind(p->fc[0].fcoe));
        return -EINVAL;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    p = domain_find_profile(txn.copy, profile);
    struct domain_fc_connection *c = &p->fc[p->n_fc];
    memset(c, 0, sizeof(*c));
    c->index = p->n_fc + 1;
    c->fcoe = connection->fcoe;
    rc = fc_settings(c, connection, profile, error, error_size);
    if (rc == 0)
        rc = fc_addresses(&txn, c, connection, error, error_size);
    if (rc < 0)
        return txn_abort(&txn, rc);
    p->n_fc++;
    if (index != NULL)
        *index = p->n_fc;
    return txn_commit(&txn, error, error_size);
}

/* find_fc_or_fail: connection `index` of kind `fcoe` of `profile` in
 * `domain`, or NULL with the message set. */
static struct domain_fc_connection *find_fc_or_fail(struct domain *domain, const char *profile,
                                                    unsigned index, bool fcoe, char *error,
                                                    size_t error_size)
{
    struct domain_profile *p = domain_find_profile(domain, profile);

    if (p == NULL) {
        snprintf(error, error_size, "profile %s does not exist", profile ? profile : "");
        return NULL;
    }
    if (index < 1 || index > p->n_fc || p->fc[index - 1].fcoe != fcoe) {
        snprintf(error, error_size, "profile %s has no %s %u", profile, fc_kind(fcoe), index);
        return NULL;
    }
    return &p->fc[index - 1];
}

int ops_fc_set(struct manager_state *state, const char *profile,
               const struct domain_fc_connection *connection, char *error, size_t error_size)
{
    struct txn txn;
    int rc;

    if (connection == NULL)
        return -EINVAL;
    if (find_fc_or_fail(state->domain, profile, connection->index, connection->fcoe, error,
                        error_size) == NULL)
        return -ENOENT;
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    rc = fc_settings(
        find_fc_or_fail(txn.copy, profile, connection->index, connection->fcoe, error, error_size),
        connection, profile, error, error_size);
    if (rc < 0)
        return txn_abort(&txn, rc);
    return txn_commit(&txn, error, error_size);
}

int ops_fc_remove(struct manager_state *state, const char *profile, bool fcoe, char *error,
                  size_t error_size)
{
    struct domain_profile *p = find_profile_or_fail(state, profile, error, error_size);
    struct txn txn;
    int rc;

    if (p == NULL)
        return -ENOENT;
    if (p->n_fc == 0 || p->fc[p->n_fc - 1].fcoe != fcoe) {
        snprintf(error, error_size, "profile %s has no %s", profile, fc_kind(fcoe));
        return -ENOENT;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    domain_find_profile(txn.copy, profile)->n_fc--;
    return txn_commit(&txn, error, error_size);
}

int ops_profile_assign(struct manager_state *state, const char *profile, const char *enclosure,
                       unsigned bay, char *error, size_t error_size)
{
    struct domain_profile *p = find_profile_or_fail(state, profile, error, error_size);
    struct domain_bay *b;
    struct txn txn;
    int rc;

    if (p == NULL)
        return -ENOENT;
    b = ops_find_bay(state->domain, enclosure, bay, error, error_size);
    if (b == NULL)
        return -ENOENT;
    if (b->profile[0] != '\0' && strcmp(b->profile, profile) != 0) {
        snprintf(error, error_size, "server %s:%u already has profile %s; unassign it first",
                 enclosure, bay, b->profile);
        return -EEXIST;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    p = domain_find_profile(txn.copy, profile);
    unassign(txn.copy, p);
    b = domain_find_bay(txn.copy, enclosure, bay);
    snprintf(b->profile, sizeof(b->profile), "%s", profile);
    snprintf(p->enclosure, sizeof(p->enclosure), "%s", enclosure);
    p->bay = bay;
    return txn_commit(&txn, error, error_size);
}

int ops_profile_unassign(struct manager_state *state, const char *profile, char *error,
                         size_t error_size)
{
    struct domain_profile *p = find_profile_or_fail(state, profile, error, error_size);
    struct txn txn;
    int rc;

    if (p == NULL)
        return -ENOENT;
    if (p->enclosure[0] == '\0') {
        snprintf(error, error_size, "profile %s is not assigned", profile);
        return -EINVAL;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    unassign(txn.copy, domain_find_profile(txn.copy, profile));
    return txn_commit(&txn, error, error_size);
}

/* ---------------------------------------------------------------- pools */

/* pool_ranges: the range list of `kind` in pools, its count; NULL for an
 * unknown kind. */
static struct domain_range *pool_ranges(struct domain_pools *pools, int kind, unsigned **n)
{
    switch (kind) {
    case POOL_KIND_MAC:
        *n = &pools->n_mac_ranges;
        return pools->mac_ranges;
    case POOL_KIND_WWN:
        *n = &pools->n_wwn_ranges;
        return pools->wwn_ranges;
    case POOL_KIND_SERIAL:
        *n = &pools->n_serial_ranges;
        return pools->serial_ranges;
    default:
        return NULL;
    }
}

/* range_bounds: the bounds of a pre-defined range, or start/end as given.
 * -EINVAL with a message. */
static int range_bounds(int kind, int predefined, uint64_t *start, uint64_t *end, char *error,
                        size_t error_size)
{
    if (predefined >= 0 &&
        pool_predefined_range((enum pool_kind)kind, (unsigned)predefined, start, end) < 0) {
        snprintf(error, error_size, "%s pool has no pre-defined range %d (0-%d, MAC and WWN only)",
                 pool_kind_name((enum pool_kind)kind), predefined, POOL_PREDEFINED_RANGES - 1);
        return -EINVAL;
    }
    return 0;
}

int ops_pool_range_add(struct manager_state *state, int kind, int predefined, uint64_t start,
                       uint64_t end, char *error, size_t error_size)
{
    struct txn txn;
    unsigned *n;
    int rc;

    if (pool_ranges(&state->domain->pools, kind, &n) == NULL) {
        snprintf(error, error_size, "unknown pool kind %d", kind);
        return -EINVAL;
    }
    rc = range_bounds(kind, predefined, &start, &end, error, error_size);
    if (rc < 0)
        return rc;
    if (*n >= DOMAIN_MAX_RANGES) {
        snprintf(error, error_size, "%s pool already has %d ranges",
                 pool_kind_name((enum pool_kind)kind), DOMAIN_MAX_RANGES);
        return -ENOSPC;
    }
    /* overlap is -EEXIST; the pool's other rules (and messages) apply when
     * txn_commit validates the copy and rebuilds the pools from it */
    struct pool *pool = kind == POOL_KIND_MAC   ? state->mac
                        : kind == POOL_KIND_WWN ? state->wwn
                                                : state->serial;
    for (unsigned i = 0; i < pool_range_count(pool); i++) {
        struct pool_range_info r;
        char a[POOL_ADDRESS_STR_MAX] = "", b[POOL_ADDRESS_STR_MAX] = "";
        if (pool_range_get(pool, i, &r) < 0 || r.end < start || r.start > end)
            continue;
        pool_format_address((enum pool_kind)kind, r.start, a, sizeof(a));
        pool_format_address((enum pool_kind)kind, r.end, b, sizeof(b));
        snprintf(error, error_size, "%s pool: the range overlaps the configured range %s-%s",
                 pool_kind_name((enum pool_kind)kind), a, b);
        return -EEXIST;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    struct domain_range *ranges = pool_ranges(&txn.copy->pools, kind, &n);
    ranges[*n].start = start;
    ranges[*n].end = end;
    ranges[*n].predefined = predefined >= 0 ? predefined : -1;
    (*n)++;
    return txn_commit(&txn, error, error_size);
}

int ops_pool_range_remove(struct manager_state *state, int kind, int predefined, uint64_t start,
                          uint64_t end, char *error, size_t error_size)
{
    struct txn txn;
    unsigned *n, i;
    int rc;

    struct domain_range *ranges = pool_ranges(&state->domain->pools, kind, &n);
    if (ranges == NULL) {
        snprintf(error, error_size, "unknown pool kind %d", kind);
        return -EINVAL;
    }
    rc = range_bounds(kind, predefined, &start, &end, error, error_size);
    if (rc < 0)
        return rc;
    for (i = 0; i < *n; i++)
        if (ranges[i].start == start && ranges[i].end == end)
            break;
    if (i == *n) {
        snprintf(error, error_size, "%s pool has no such range",
                 pool_kind_name((enum pool_kind)kind));
        return -ENOENT;
    }
    struct pool *pool = kind == POOL_KIND_MAC   ? state->mac
                        : kind == POOL_KIND_WWN ? state->wwn
                                                : state->serial;
    struct pool_range_info info;
    if (pool_range_find(pool, start, &info) >= 0 && info.in_use > 0) {
        snprintf(error, error_size,
                 "%s pool: %llu addresses of the range are held by profiles; remove those "
                 "profiles or connections first",
                 pool_kind_name((enum pool_kind)kind), (unsigned long long)info.in_use);
        return -EBUSY;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    ranges = pool_ranges(&txn.copy->pools, kind, &n);
    memmove(&ranges[i], &ranges[i + 1], (*n - i - 1) * sizeof(*ranges));
    (*n)--;
    return txn_commit(&txn, error, error_size);
}

/* --------------------------------------------------------------- domain */

void ops_domain_get(const struct manager_state *state, struct ops_domain_settings *settings)
{
    memset(settings, 0, sizeof(*settings));
    snprintf(settings->name, sizeof(settings->name), "%s", state->domain->name);
    settings->aging_s = state->domain->aging_s;
    settings->mac_cache_enabled = state->domain->mac_cache_enabled;
    settings->mac_cache_refresh_s = state->domain->mac_cache_refresh_s;
    settings->port_protect_network_loop = state->domain->port_protect_network_loop;
    settings->port_protect_pause_flood = state->domain->port_protect_pause_flood;
    settings->mac_source = state->domain->pools.mac_source;
    settings->wwn_source = state->domain->pools.wwn_source;
    settings->serial_source = state->domain->pools.serial_source;
}

int ops_domain_set(struct manager_state *state, const struct ops_domain_settings *settings,
                   char *error, size_t error_size)
{
    struct txn txn;
    int rc;

    if (validate_name("domain", settings->name, error, error_size) < 0)
        return -EINVAL;
    if (settings->aging_s == 0) {
        snprintf(error, error_size, "domain: MacAgingTime must be above 0");
        return -EINVAL;
    }
    if (settings->mac_source > DOMAIN_ADDRESS_POOL || settings->wwn_source > DOMAIN_ADDRESS_POOL ||
        settings->serial_source > DOMAIN_ADDRESS_POOL) {
        snprintf(error, error_size, "domain: an address source is Factory or Pool");
        return -EINVAL;
    }
    rc = txn_begin(state, &txn, error, error_size);
    if (rc < 0)
        return rc;
    snprintf(txn.copy->name, sizeof(txn.copy->name), "%s", settings->name);
    txn.copy->aging_s = settings->aging_s;
    txn.copy->mac_cache_enabled = settings->mac_cache_enabled;
    txn.copy->mac_cache_refresh_s = settings->mac_cache_refresh_s;
    txn.copy->port_protect_network_loop = settings->port_protect_network_loop;
    txn.copy->port_protect_pause_flood = settings->port_protect_pause_flood;
    txn.copy->pools.mac_source = settings->mac_source;
    txn.copy->pools.wwn_source = settings->wwn_source;
    txn.copy->pools.serial_source = settings->serial_source;
    return txn_commit(&txn, error, error_size);
}
