/*
 * flexnic.c: FlexNIC names ("LOM:1-a") and the connection -> FlexNIC map.
 *
 * The manager prints these names in `show enet-connection` (Port Mapping)
 * and reads them back from commands, so format and parse are exact inverses
 * and the parser refuses anything it would not print itself (apart from
 * letter case). Pure code, no I/O.
 */
#include "flexnic/flexnic.h"

#include <stdio.h>

/* flexnic_format_name: see flexnic.h. */
int flexnic_format_name(unsigned physical_port, unsigned flexnic, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return -1;
    buf[0] = '\0';
    if (physical_port == 0 || physical_port > FLEXNIC_MAX_PHYSICAL_PORTS ||
        flexnic >= FLEXNIC_PER_PORT)
        return -1;
    int n = snprintf(buf, size, "LOM:%u-%c", physical_port, (char)('a' + flexnic));
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return -1;
    }
    return 0;
}

/* ascii_lower: 'A'..'Z' -> 'a'..'z', anything else unchanged (no locale). */
static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* flexnic_parse_name: see flexnic.h. */
int flexnic_parse_name(const char *text, unsigned *physical_port, unsigned *flexnic)
{
    if (text == NULL || physical_port == NULL || flexnic == NULL)
        return -1;
    static const char prefix[] = "lom:";
    const char *p = text;
    for (size_t i = 0; i < sizeof(prefix) - 1; i++, p++)
        if (ascii_lower(*p) != prefix[i])
            return -1;

    /* 1..FLEXNIC_MAX_PHYSICAL_PORTS, decimal, no leading zero. Stop as soon
     * as the value is out of range so long digit strings cannot overflow. */
    if (*p < '1' || *p > '9')
        return -1;
    unsigned port = 0;
    while (*p >= '0' && *p <= '9') {
        port = port * 10 + (unsigned)(*p - '0');
        if (port > FLEXNIC_MAX_PHYSICAL_PORTS)
            return -1;
        p++;
    }
    if (*p++ != '-')
        return -1;
    char letter = ascii_lower(*p++);
    if (letter < 'a' || letter >= 'a' + FLEXNIC_PER_PORT)
        return -1;
    if (*p != '\0')
        return -1;
    *physical_port = port;
    *flexnic = (unsigned)(letter - 'a');
    return 0;
}

/* flexnic_map_connection: see flexnic.h. */
int flexnic_map_connection(unsigned connection, unsigned physical_ports, unsigned *physical_port,
                           unsigned *flexnic)
{
    if (physical_port == NULL || flexnic == NULL)
        return -1;
    if (connection == 0 || physical_ports == 0 || physical_ports > FLEXNIC_MAX_PHYSICAL_PORTS)
        return -1;
    if (connection > physical_ports * FLEXNIC_PER_PORT)
        return -1;
    unsigned index = connection - 1;
    *physical_port = index % physical_ports + 1;
    *flexnic = index / physical_ports;
    return 0;
}
