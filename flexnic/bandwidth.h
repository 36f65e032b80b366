/*
 * bandwidth: the Flex-10 allocation of one server port among its FlexNICs.
 *
 * Each FlexNIC (a..d) of a port asks for bandwidth in one of four ways:
 * Auto (a share of what is left), Preferred or Custom (a speed from 100 Mb
 * to the link in 100 Mb steps), or Disabled. A FlexNIC is *active* when it
 * is linked (its connection has a network) and not Disabled; the others get
 * 0. Every active FlexNIC gets at least 100 Mb, none gets more than its
 * network's maximum (max_mbps, 0 = the link), and the sum never exceeds the
 * link. The result is the guaranteed minimum of each FlexNIC; the egress
 * scheduler (egress_scheduler.h) lets a FlexNIC borrow up to its maximum.
 *
 * The algorithm (VC-REFERENCE.md, "Flex-10"):
 *
 *   1. cap = min(max_mbps or link, link); want = min(requested_mbps, cap)
 *      for each active Preferred/Custom FlexNIC.
 *   2. If the wants plus 100 Mb per active Auto fit in the link, each
 *      Preferred/Custom gets its want, and the Autos share the rest evenly
 *      in 100 Mb steps (water-filling: an Auto whose cap is below the even
 *      share gets its cap and the others share what it leaves). Steps that
 *      do not divide evenly go to the first Autos in letter order.
 *      1 Gb, Auto, Auto, Auto on 10 Gb -> 1000, 3000, 3000, 3000.
 *      When every Auto is capped, or there is none, the rest stays
 *      unallocated: Preferred/Custom never get more than they asked for.
 *   3. Otherwise each Auto gets 100 Mb and the Preferred/Custom wants are
 *      scaled in proportion into what remains, each at least 100 Mb (one
 *      whose proportional share is below 100 Mb gets 100 Mb and the others
 *      are scaled again into the rest). Shares are rounded down and the
 *      leftover handed out one step at a time to the FlexNIC furthest below
 *      its want (lowest allocated/want ratio; ties to the earlier letter),
 *      never beyond its want. The step is:
 *        - 100 Mb when the wants alone exceed the link ("oversubscribed
 *          requests scale proportionally, rounded to 100 Mb"):
 *          1, 2, 4, 5 Gb -> 900, 1700, 3300, 4100;
 *        - 1 Mb when the wants fit the link and only the 100 Mb minimum of
 *          the Autos squeezes them, as the reference's example does:
 *          2 Gb, 8 Gb, Auto, Auto -> 1960, 7840, 100, 100.
 *      So every allocation is a multiple of 100 Mb except in that last
 *      case, where the Preferred/Custom ones are exact in Mb.
 *
 * Pure functions: no I/O, no allocation, thread-safe.
 */
#ifndef OPENVC_FLEXNIC_BANDWIDTH_H
#define OPENVC_FLEXNIC_BANDWIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLEXNIC_SPEED_MIN_MBPS  100     /* least a FlexNIC is given or may ask */
#define FLEXNIC_SPEED_STEP_MBPS 100     /* speeds are multiples of this */
#define FLEXNIC_LINK_MAX_MBPS   1000000 /* 1 Tb: keeps the arithmetic in 64 bits */
#define FLEXNIC_ALLOC_MAX       4       /* FlexNICs per port */

enum flexnic_speed_type {
    FLEXNIC_SPEED_AUTO,
    FLEXNIC_SPEED_PREFERRED,
    FLEXNIC_SPEED_CUSTOM,
    FLEXNIC_SPEED_DISABLED,
};

struct flexnic_bandwidth_request {
    enum flexnic_speed_type type;
    uint32_t requested_mbps; /* Preferred/Custom: 100..link in 100 Mb steps */
    uint32_t max_mbps;       /* the network's maximum, 0 = link; above the link = link */
    bool linked;             /* the connection has a network */
};

/* flexnic_validate_speed: is `mbps` a speed a FlexNIC may ask for on a port
 * of `link_mbps`: 100 Mb .. link_mbps in 100 Mb steps. Returns 0 or -EINVAL. */
int flexnic_validate_speed(uint32_t mbps, uint32_t link_mbps);

/* flexnic_validate_bandwidth: check the inputs of flexnic_alloc_bandwidth()
 * and say which one is wrong. requests/count: up to 4 requests (requests may
 * be NULL when count is 0); link_mbps: the port's speed; error/error_size:
 * where a one-line message naming the field goes ("requests[2].requested_mbps:
 * 150 is not a multiple of 100"), may be NULL. Refused: count > 4; link_mbps
 * not a multiple of 100 in 100..FLEXNIC_LINK_MAX_MBPS; a type outside the
 * enum; a Preferred/Custom request failing flexnic_validate_speed() (checked
 * even when not linked); max_mbps not 0 and not a multiple of 100; more
 * active FlexNICs than the link has 100 Mb for. Returns 0 or -EINVAL. */
int flexnic_validate_bandwidth(const struct flexnic_bandwidth_request *requests, unsigned count,
                               uint32_t link_mbps, char *error, size_t error_size);

/* flexnic_alloc_bandwidth: allocate `link_mbps` among `count` (0..4)
 * FlexNICs as described above, writing allocated_mbps[0..count-1]. Returns 0,
 * or -EINVAL when flexnic_validate_bandwidth() refuses the inputs or
 * allocated_mbps is NULL (allocated_mbps is then left untouched). */
int flexnic_alloc_bandwidth(const struct flexnic_bandwidth_request *requests, unsigned count,
                            uint32_t link_mbps, uint32_t *allocated_mbps);

#endif
