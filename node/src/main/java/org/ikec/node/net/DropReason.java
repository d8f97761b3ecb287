package org.ikec.node.net;

/** The reason the UDP layer dropped a datagram before or after handing it to the cluster. */
public enum DropReason {
    /** Shorter than an IKE header (28 bytes, RFC 7296 §3.1). */
    TOO_SHORT,
    /** Longer than 65535 bytes. */
    TOO_LONG,
    /** An initiator's SPI of zero on the IKE port, which RFC 7296 §3.1 forbids. */
    NOT_IKE,
    /** ESP in UDP (RFC 3948 §2.1) on the NAT-T port; this node has no data plane for it. */
    ESP,
    /** The cluster could not parse the IKE header. */
    MALFORMED_HEADER,
    /** No IKE SA owns the responder SPI; the cluster answers as RFC 7296 §2.21.4 says. */
    UNKNOWN_SPI,
    /** An outbound datagram named a local address that no socket of this node is bound to. */
    NO_SOCKET,
    /** Sending a datagram failed in the operating system. */
    SEND_FAILED,
    /** Receiving a datagram failed in the operating system. */
    RECEIVE_FAILED,
    /** Dropped by the kernel because the socket's receive buffer was full, as {@link KernelUdpDrops} reads it. */
    RECEIVE_BUFFER_FULL
}
