/*
 * model: creation, destruction and look-ups of the in-memory domain
 * (profiles/model.h). The big arrays (networks, profiles) live on the heap
 * so a struct domain can be copied cheaply by pointer and rolled back by
 * the manager. No I/O.
 */
#include <stdlib.h>
#include <string.h>

#include "profiles/model.h"

/* domain_create: an empty domain: networks and profiles arrays allocated
 * (DOMAIN_MAX_NETWORKS / DOMAIN_MAX_PROFILES, zeroed), no enclosures, no
 * objects, this module in interconnect bay 1, MAC aging 300 s. Returns NULL
 * when memory is short. */
struct domain *domain_create(void)
{
    struct domain *domain = calloc(1, sizeof(*domain));

    if (domain == NULL)
        return NULL;
    domain->networks = calloc(DOMAIN_MAX_NETWORKS, sizeof(*domain->networks));
    domain->profiles = calloc(DOMAIN_MAX_PROFILES, sizeof(*domain->profiles));
    if (domain->networks == NULL || domain->profiles == NULL) {
        domain_destroy(domain);
        return NULL;
    }
    domain->interconnect_bay = 1;
    domain->aging_s = 300;
    domain->mac_cache_enabled = true;
    domain->mac_cache_refresh_s = 5;
    domain->port_protect_network_loop = true;
    domain->port_protect_pause_flood = true;
    return domain;
}

/* domain_copy_into: make dst (from domain_create) a deep copy of src,
 * keeping dst's arrays. Only the used entries are copied; the ones dst used
 * past src's counts are cleared, so entries past n_networks / n_profiles
 * are zero in dst when they were in dst before. Why not a fresh copy each
 * time: the profile array is 5 MB however few profiles there are, and
 * every change of the manager copies the domain -- fresh memory costs a
 * clear or a page fault per page, a reused copy costs the used entries. */
void domain_copy_into(struct domain *dst, const struct domain *src)
{
    struct domain_network *networks = dst->networks;
    struct domain_profile *profiles = dst->profiles;
    unsigned old_networks = dst->n_networks, old_profiles = dst->n_profiles;

    *dst = *src;
    dst->networks = networks;
    dst->profiles = profiles;
    memcpy(networks, src->networks, src->n_networks * sizeof(*networks));
    memcpy(profiles, src->profiles, src->n_profiles * sizeof(*profiles));
    if (old_networks > src->n_networks)
        memset(networks + src->n_networks, 0,
               (old_networks - src->n_networks) * sizeof(*networks));
    if (old_profiles > src->n_profiles)
        memset(profiles + src->n_profiles, 0,
               (old_profiles - src->n_profiles) * sizeof(*profiles));
}

/* domain_clone: a deep copy of `domain` in new memory (domain_copy_into).
 * Returns NULL for a NULL domain or when memory is short. */
struct domain *domain_clone(const struct domain *domain)
{
    struct domain *copy;

    if (domain == NULL)
        return NULL;
    copy = domain_create();
    if (copy == NULL)
        return NULL;
    domain_copy_into(copy, domain);
    return copy;
}

/* domain_destroy: free `domain` and its arrays; NULL is accepted. */
void domain_destroy(struct domain *domain)
{
    if (domain == NULL)
        return;
    free(domain->networks);
    free(domain->profiles);
    free(domain);
}

/* domain_find_network: the network named exactly `name`, or NULL (also for
 * NULL arguments). */
struct domain_network *domain_find_network(struct domain *domain, const char *name)
{
    if (domain == NULL || name == NULL || domain->networks == NULL)
        return NULL;
    for (unsigned i = 0; i < domain->n_networks && i < DOMAIN_MAX_NETWORKS; i++)
        if (strcmp(domain->networks[i].name, name) == 0)
            return &domain->networks[i];
    return NULL;
}

/* domain_find_profile: the profile named exactly `name`, or NULL. */
struct domain_profile *domain_find_profile(struct domain *domain, const char *name)
{
    if (domain == NULL || name == NULL || domain->profiles == NULL)
        return NULL;
    for (unsigned i = 0; i < domain->n_profiles && i < DOMAIN_MAX_PROFILES; i++)
        if (strcmp(domain->profiles[i].name, name) == 0)
            return &domain->profiles[i];
    return NULL;
}

/* domain_find_uplink_set: the uplink set named exactly `name`, or NULL. */
struct domain_uplink_set *domain_find_uplink_set(struct domain *domain, const char *name)
{
    if (domain == NULL || name == NULL)
        return NULL;
    for (unsigned i = 0; i < domain->n_uplink_sets && i < DOMAIN_MAX_UPLINK_SETS; i++)
        if (strcmp(domain->uplink_sets[i].name, name) == 0)
            return &domain->uplink_sets[i];
    return NULL;
}

/* domain_find_uplink_port: the uplink port whose id ("enc0:1:X1") is `id`,
 * or NULL. */
struct domain_uplink_port *domain_find_uplink_port(struct domain *domain, const char *id)
{
    if (domain == NULL || id == NULL)
        return NULL;
    for (unsigned i = 0; i < domain->n_uplink_ports && i < DOMAIN_MAX_UPLINKS; i++)
        if (strcmp(domain->uplink_ports[i].id, id) == 0)
            return &domain->uplink_ports[i];
    return NULL;
}

/* domain_find_bay: device bay `bay` (1..DOMAIN_BAYS) of the enclosure whose
 * id is `enclosure` ("enc0"), i.e. its bays[bay - 1]; NULL when the
 * enclosure is not in the domain or bay is out of range. */
struct domain_bay *domain_find_bay(struct domain *domain, const char *enclosure, unsigned bay)
{
    if (domain == NULL || enclosure == NULL || bay < 1 || bay > DOMAIN_BAYS)
        return NULL;
    for (unsigned i = 0; i < domain->n_enclosures && i < DOMAIN_MAX_ENCLOSURES; i++)
        if (strcmp(domain->enclosures[i].id, enclosure) == 0)
            return &domain->enclosures[i].bays[bay - 1];
    return NULL;
}

unsigned domain_next_network_number(const struct domain *domain)
{
    unsigned highest = 0;
    for (unsigned i = 0; i < domain->n_networks; i++)
        if (domain->networks[i].number > highest)
            highest = domain->networks[i].number;
    return highest + 1;
}

unsigned domain_next_profile_number(const struct domain *domain)
{
    unsigned highest = 0;
    for (unsigned i = 0; i < domain->n_profiles; i++)
        if (domain->profiles[i].number > highest)
            highest = domain->profiles[i].number;
    return highest + 1;
}
