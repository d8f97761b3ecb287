#!/usr/bin/env python3
"""Prints how many datagrams the kernel dropped because a UDP socket's receive buffer was full.
The sum covers the sockets of this network namespace that are bound to one of the given
addresses, or every socket when no address is given.

Usage: udp_drops.py [ADDRESS...]

The kernel counts the drops of each socket in the last column of /proc/net/udp and
/proc/net/udp6, which print a local address as hex 32-bit words in the host's byte order.
A socket of a JVM is usually an IPv6 socket that also takes IPv4, where an IPv4 address
appears mapped to IPv6 (::ffff:127.0.0.2).
"""
import ipaddress
import sys

TABLES = ("/proc/net/udp", "/proc/net/udp6")


def local_address(hex_address):
    """Returns the address of a table's local_address column, with a mapped IPv4 address unmapped."""
    raw = bytes.fromhex(hex_address)
    if sys.byteorder == "little":
        raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    address = ipaddress.ip_address(raw)
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def drops(addresses):
    total = 0
    for table in TABLES:
        try:
            with open(table, encoding="ascii") as file:
                lines = file.readlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 13:
                continue
            address = local_address(fields[1].split(":")[0])
            if not addresses or address in addresses:
                total += int(fields[-1])
    return total


def main():
    addresses = {ipaddress.ip_address(argument) for argument in sys.argv[1:]}
    print(drops(addresses))


if __name__ == "__main__":
    main()
