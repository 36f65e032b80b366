/*
 * counters: the names and help texts of the drop reasons, made from the
 * one X-macro list in counters.h so that the enum and the strings can never
 * drift apart. Shown by queries, telemetry and the SNMP agent.
 */
#include "dataplane/counters.h"

static const char *const counters_drop_names[DP_DROP_COUNT] = {
    [DP_DROP_NONE] = "none",
#define COUNTERS_DROP_NAME(name, string, help) [DP_DROP_##name] = string,
    DP_FOREACH_DROP_REASON(COUNTERS_DROP_NAME)
#undef COUNTERS_DROP_NAME
};

static const char *const counters_drop_helps[DP_DROP_COUNT] = {
    [DP_DROP_NONE] = "not dropped",
#define COUNTERS_DROP_HELP(name, string, help) [DP_DROP_##name] = help,
    DP_FOREACH_DROP_REASON(COUNTERS_DROP_HELP)
#undef COUNTERS_DROP_HELP
};

/* counters_drop_name: the short name of `reason` ("rate_limit"); "none" for
 * DP_DROP_NONE, "unknown" for a value outside the enum. */
const char *counters_drop_name(enum dp_drop_reason reason)
{
    if ((unsigned)reason >= DP_DROP_COUNT)
        return "unknown";
    return counters_drop_names[reason];
}

/* counters_drop_help: one line saying what `reason` means; "unknown drop
 * reason" for a value outside the enum. */
const char *counters_drop_help(enum dp_drop_reason reason)
{
    if ((unsigned)reason >= DP_DROP_COUNT)
        return "unknown drop reason";
    return counters_drop_helps[reason];
}
