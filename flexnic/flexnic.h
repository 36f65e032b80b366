/*
 * flexnic: FlexNIC naming and the connection -> FlexNIC mapping.
 *
 * A Flex-10 server port is split into up to four FlexNICs, a..d, named by
 * the physical port (1-based) and the letter: "LOM:1-a", "LOM:2-c". Names
 * are printed in that canonical form and parsed case-insensitively.
 *
 * A server profile's Ethernet connections are numbered from 1 and spread
 * across the physical ports first, then across the FlexNICs of each port:
 * with two ports, connection 1 -> LOM:1-a, 2 -> LOM:2-a, 3 -> LOM:1-b,
 * 4 -> LOM:2-b, and so on up to four FlexNICs per port.
 *
 * Internally physical ports stay 1-based (as printed) and FlexNICs are
 * 0..3 (a..d, the S-VID minus one on the wire).
 *
 * Pure functions: no I/O, no allocation, thread-safe.
 */
#ifndef OPENVC_FLEXNIC_FLEXNIC_H
#define OPENVC_FLEXNIC_FLEXNIC_H

#include <stddef.h>

#define FLEXNIC_PER_PORT           4  /* a..d */
#define FLEXNIC_MAX_PHYSICAL_PORTS 16 /* LOM:1 .. LOM:16 */
#define FLEXNIC_NAME_MAX           10 /* "LOM:16-d" and its NUL, with room */

/* flexnic_format_name: write "LOM:<physical_port>-<letter>" into buf.
 * physical_port: 1..FLEXNIC_MAX_PHYSICAL_PORTS; flexnic: 0..3 (a..d);
 * buf/size: destination and its size (FLEXNIC_NAME_MAX is always enough).
 * Returns 0, or -1 when an argument is out of range, buf is NULL or the
 * name does not fit (buf then holds "" when size > 0). */
int flexnic_format_name(unsigned physical_port, unsigned flexnic, char *buf, size_t size);

/* flexnic_parse_name: parse "LOM:2-c" (case-insensitive) into
 * *physical_port (1-based) and *flexnic (0..3). Returns 0, or -1 on anything
 * malformed: NULL arguments, another prefix, missing or extra characters,
 * leading zeros, a sign or blank, port 0 or above FLEXNIC_MAX_PHYSICAL_PORTS,
 * a letter beyond 'd'. The outputs are written only on success. */
int flexnic_parse_name(const char *text, unsigned *physical_port, unsigned *flexnic);

/* flexnic_map_connection: where Ethernet connection `connection` (1-based)
 * of a profile lands on a blade with `physical_ports` Flex-10 ports (1..
 * FLEXNIC_MAX_PHYSICAL_PORTS): ports first, then FlexNICs. Writes
 * *physical_port (1-based) and *flexnic (0..3). Returns 0, or -1 when an
 * input is 0, physical_ports is too large, connection exceeds
 * physical_ports * 4, or an output pointer is NULL. */
int flexnic_map_connection(unsigned connection, unsigned physical_ports, unsigned *physical_port,
                           unsigned *flexnic);

#endif
