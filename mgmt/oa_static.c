/*
 * oa_static: the OA driver for hardware that is managed elsewhere. Every
 * bay is reported present and powered, and identity pushes and power
 * requests are accepted and do nothing: the module still computes and
 * forwards with the profiles' identities, somebody else configures the
 * blades.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/oa.h"

/* oa_static_check: -EINVAL (with a message) for a bay out of 1..16. */
static int oa_static_check(unsigned bay, const char *enclosure, char *error, size_t error_size)
{
    if (bay >= 1 && bay <= DOMAIN_BAYS)
        return 0;
    if (error && error_size)
        snprintf(error, error_size, "no device bay %s:%u", enclosure, bay);
    return -EINVAL;
}

static int oa_static_bay_info(struct oa_driver *driver, const char *enclosure, unsigned bay,
                              struct oa_blade_info *info, char *error, size_t error_size)
{
    (void)driver;
    memset(info, 0, sizeof(*info));
    int rc = oa_static_check(bay, enclosure, error, error_size);
    if (rc == 0) {
        info->present = true;
        info->powered_on = true;
    }
    return rc;
}

static int oa_static_power_set(struct oa_driver *driver, const char *enclosure, unsigned bay,
                               bool on, char *error, size_t error_size)
{
    (void)driver;
    (void)on;
    return oa_static_check(bay, enclosure, error, error_size);
}

static int oa_static_identity_push(struct oa_driver *driver, const char *enclosure, unsigned bay,
                                   const struct oa_identity *identity, char *error,
                                   size_t error_size)
{
    (void)driver;
    (void)identity;
    return oa_static_check(bay, enclosure, error, error_size);
}

static int oa_static_identity_clear(struct oa_driver *driver, const char *enclosure, unsigned bay,
                                    char *error, size_t error_size)
{
    (void)driver;
    return oa_static_check(bay, enclosure, error, error_size);
}

static void oa_static_destroy(struct oa_driver *driver)
{
    free(driver);
}

struct oa_driver *oa_static_create(void)
{
    struct oa_driver *driver = calloc(1, sizeof(*driver));
    if (driver == NULL)
        return NULL;
    driver->name = "static";
    driver->bay_info = oa_static_bay_info;
    driver->power_set = oa_static_power_set;
    driver->identity_push = oa_static_identity_push;
    driver->identity_clear = oa_static_identity_clear;
    driver->destroy = oa_static_destroy;
    return driver;
}
